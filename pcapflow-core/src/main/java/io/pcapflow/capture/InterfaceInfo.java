package io.pcapflow.capture;

/**
 * What a capture says about one interface: a pcapng Interface Description Block, or the single
 * implicit interface of a classic pcap file. Created once per interface when its header is read.
 *
 * @param section           0-based pcapng section number (0 for classic pcap)
 * @param id                interface index within its section
 * @param globalId          index over all interfaces of the input, in the order they appeared
 * @param linkType          LINKTYPE_ value
 * @param snapLength        snapshot length; 0 means unlimited (pcapng)
 * @param name              {@code if_name}, or {@code null}
 * @param description       {@code if_description}, or {@code null}
 * @param unitsPerSecond    timestamp units per second ({@code if_tsresol}: 10^6 by default)
 * @param tsOffsetSeconds   {@code if_tsoffset}, seconds added to every timestamp
 */
public record InterfaceInfo(int section, int id, int globalId, int linkType, long snapLength, String name,
                            String description, long unitsPerSecond,
                            long tsOffsetSeconds) {

    /**
     * @return the name to show: {@code if_name} when present, otherwise the interface index
     */
    public String displayName() {
        return name != null ? name : Integer.toString(id);
    }

    /**
     * @return decimal digits of sub-second precision the timestamps carry (6 for µs, 9 for ns)
     */
    public int fractionDigits() {
        long u = unitsPerSecond;
        int digits = 0;
        while (u > 1) {
            u /= 10;
            digits++;
        }
        return digits;
    }

    /**
     * Converts a raw timestamp in this interface's units to epoch nanoseconds.
     *
     * @param units raw 64-bit timestamp
     * @return nanoseconds since the epoch
     */
    public long toNanos(final long units) {
        final long secs = Long.divideUnsigned(units, unitsPerSecond);
        final long frac = Long.remainderUnsigned(units, unitsPerSecond);
        final long fracNanos;
        if (1_000_000_000L % unitsPerSecond == 0) {
            fracNanos = frac * (1_000_000_000L / unitsPerSecond);
        } else if (unitsPerSecond % 1_000_000_000L == 0) {
            fracNanos = frac / (unitsPerSecond / 1_000_000_000L);
        } else if (frac < Long.MAX_VALUE / 1_000_000_000L) {
            // binary resolutions (if_tsresol with the high bit set): 2^-n seconds per unit
            fracNanos = frac * 1_000_000_000L / unitsPerSecond;
        } else {
            fracNanos = (long) (frac * (1e9 / unitsPerSecond));
        }
        return (secs + tsOffsetSeconds) * 1_000_000_000L + fracNanos;
    }
}
