package io.pcapflow.correlate;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.LinkType;
import io.pcapflow.decode.PacketView;

/**
 * Picks the leg of a packet in a capture that holds both: by interface name where the file names
 * its interfaces (pcapng {@code if_name}), by interface number otherwise (the pcapng interface
 * index, or the interface index a Linux cooked v2 header carries for {@code tcpdump -i any}).
 */
public final class LegSelector {
    private final String inside;
    private final String outside;
    private final int insideNumber;
    private final int outsideNumber;

    /**
     * @param inside  name or number of the inside interface
     * @param outside name or number of the outside interface
     */
    public LegSelector(final String inside, final String outside) {
        this.inside = inside;
        this.outside = outside;
        this.insideNumber = number(inside);
        this.outsideNumber = number(outside);
    }

    private static int number(final String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param record the record
     * @param view   its decoded view
     * @return {@link Leg#INSIDE}, {@link Leg#OUTSIDE}, or -1 for a packet of neither
     */
    public int legOf(final CaptureRecord record, final PacketView view) {
        if (record.linkType() == LinkType.LINUX_SLL2) {
            final int index = view.sllInterfaceIndex();
            return index == insideNumber ? Leg.INSIDE : index == outsideNumber ? Leg.OUTSIDE : -1;
        }
        final String name = record.iface().name();
        if (name != null) {
            if (name.equals(inside)) {
                return Leg.INSIDE;
            }
            if (name.equals(outside)) {
                return Leg.OUTSIDE;
            }
        }
        final int id = record.interfaceId();
        return id == insideNumber ? Leg.INSIDE : id == outsideNumber ? Leg.OUTSIDE : -1;
    }
}
