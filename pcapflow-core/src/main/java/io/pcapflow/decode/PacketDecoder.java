package io.pcapflow.decode;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Direction;
import io.pcapflow.capture.LinkType;
import io.pcapflow.decode.header.EthernetHeader;
import io.pcapflow.decode.header.Ipv4Header;
import io.pcapflow.decode.header.Ipv6ExtensionWalker;
import io.pcapflow.decode.header.Ipv6Header;
import io.pcapflow.decode.header.NflogHeader;
import io.pcapflow.decode.header.NullHeader;
import io.pcapflow.decode.header.Sll2Header;
import io.pcapflow.decode.header.SllHeader;
import io.pcapflow.decode.header.VlanTag;

/**
 * Decodes captured packets layer by layer into a {@link PacketView}: link type, then VLAN tags and
 * EtherType, then IPv4 (with fragment reassembly) or IPv6 (with its extension headers), then the
 * transport header ({@link TransportDecoder}). Dispatch at each layer is a {@code switch} on the
 * number that names the next layer.
 *
 * <p>One instance per thread: it owns one flyweight per header, the reassembly state and the
 * counters, all allocated at construction (reassembly buffers on first use). {@link #decode}
 * allocates nothing and never throws on malformed input: each layer checks once that its header
 * lies inside the captured bytes; a failure records an {@link Anomaly} in the view and in
 * {@link #anomalies()}, and decoding of that packet stops.
 */
public final class PacketDecoder {
    /** Stand-in EtherType for link types that announce IPv4 without one. */
    private static final int ETHER_TYPE_IPV4 = EthernetHeader.ETHER_TYPE_IPV4;
    /** Stand-in EtherType for link types that announce IPv6 without one. */
    private static final int ETHER_TYPE_IPV6 = EthernetHeader.ETHER_TYPE_IPV6;

    private final EthernetHeader ethernet = new EthernetHeader();
    private final VlanTag vlan = new VlanTag();
    private final SllHeader sll = new SllHeader();
    private final Sll2Header sll2 = new Sll2Header();
    private final NullHeader nullHeader = new NullHeader();
    private final NflogHeader nflog = new NflogHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Ipv6ExtensionWalker extensions = new Ipv6ExtensionWalker();
    private final Ipv4Reassembler reassembler = new Ipv4Reassembler();
    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final DecodeCounters counters = new DecodeCounters();
    private final TransportDecoder transport = new TransportDecoder(this, counters);

    /** Index one past the frame's last byte on the wire, in the buffer being decoded. */
    private int wireEnd;

    /** Creates a decoder with empty counters. */
    public PacketDecoder() {
    }

    /** @return anomalies seen so far */
    public AnomalyCounters anomalies() {
        return anomalies;
    }

    /** @return packets seen so far per protocol class */
    public DecodeCounters counters() {
        return counters;
    }

    /**
     * Resets {@code view} and fills it from {@code record}.
     *
     * @param record the captured packet (its bytes are read, not copied)
     * @param view   the holder to fill
     * @return true when decoding reached a transport header (TCP, UDP, ICMP, ICMPv6)
     */
    public boolean decode(final CaptureRecord record, final PacketView view) {
        view.reset(record);
        counters.packets++;
        final Bytes bytes = record.bytes();
        final int offset = record.offset();
        final int end = (int) Math.min((long) offset + record.capturedLength(), bytes.limit());
        wireEnd = offset + view.wireLength;
        final boolean reached = decodeLink(view, bytes, offset, end);
        if (view.truncated) {
            counters.truncated++;
        }
        return reached;
    }

    private boolean decodeLink(final PacketView view, final Bytes bytes, final int offset, final int end) {
        switch (view.linkType) {
            case LinkType.ETHERNET:
                if (!require(view, offset, EthernetHeader.HEADER_LENGTH, end, Anomaly.TRUNCATED_LINK_HEADER)) {
                    return false;
                }
                ethernet.wrap(bytes, offset, end - offset);
                return decodeEtherType(view, bytes, ethernet.etherType(), offset + EthernetHeader.HEADER_LENGTH, end);
            case LinkType.NULL:
            case LinkType.LOOP:
                return decodeNull(view, bytes, offset, end);
            case LinkType.RAW:
            case LinkType.RAW_BSD12:
            case LinkType.RAW_BSD14:
                return decodeRawIp(view, bytes, offset, end);
            case LinkType.IPV4:
                view.etherType = ETHER_TYPE_IPV4;
                return decodeIpv4(view, bytes, offset, end);
            case LinkType.IPV6:
                view.etherType = ETHER_TYPE_IPV6;
                return decodeIpv6(view, bytes, offset, end);
            case LinkType.LINUX_SLL:
                return decodeSll(view, bytes, offset, end);
            case LinkType.LINUX_SLL2:
                return decodeSll2(view, bytes, offset, end);
            case LinkType.NFLOG:
                return decodeNflog(view, bytes, offset, end);
            default:
                anomaly(view, Anomaly.UNSUPPORTED_LINK_TYPE);
                return false;
        }
    }

    private boolean decodeSll(final PacketView view, final Bytes bytes, final int offset, final int end) {
        if (!require(view, offset, SllHeader.HEADER_LENGTH, end, Anomaly.TRUNCATED_LINK_HEADER)) {
            return false;
        }
        sll.wrap(bytes, offset, end - offset);
        setSllPacketType(view, sll.packetType());
        return decodeEtherType(view, bytes, sll.protocol(), offset + SllHeader.HEADER_LENGTH, end);
    }

    private boolean decodeSll2(final PacketView view, final Bytes bytes, final int offset, final int end) {
        if (!require(view, offset, Sll2Header.HEADER_LENGTH, end, Anomaly.TRUNCATED_LINK_HEADER)) {
            return false;
        }
        sll2.wrap(bytes, offset, end - offset);
        setSllPacketType(view, sll2.packetType());
        view.sllInterfaceIndex = sll2.interfaceIndex();
        return decodeEtherType(view, bytes, sll2.protocol(), offset + Sll2Header.HEADER_LENGTH, end);
    }

    private static void setSllPacketType(final PacketView view, final int packetType) {
        view.sllPacketType = packetType;
        if (view.direction == Direction.UNKNOWN && packetType <= SllHeader.PACKET_OUTGOING) {
            view.direction = packetType == SllHeader.PACKET_OUTGOING ? Direction.OUTBOUND : Direction.INBOUND;
        }
    }

    private boolean decodeNull(final PacketView view, final Bytes bytes, final int offset, final int end) {
        if (!require(view, offset, NullHeader.HEADER_LENGTH, end, Anomaly.TRUNCATED_LINK_HEADER)) {
            return false;
        }
        nullHeader.wrap(bytes, offset, end - offset);
        final int family = view.linkType == LinkType.LOOP ? nullHeader.familyBigEndian() : nullHeader.family();
        final int next = offset + NullHeader.HEADER_LENGTH;
        if (family == NullHeader.AF_INET) {
            view.etherType = ETHER_TYPE_IPV4;
            return decodeIpv4(view, bytes, next, end);
        }
        if (NullHeader.isInet6(family)) {
            view.etherType = ETHER_TYPE_IPV6;
            return decodeIpv6(view, bytes, next, end);
        }
        counters.nonIp++;
        return false;
    }

    private boolean decodeRawIp(final PacketView view, final Bytes bytes, final int offset, final int end) {
        if (!require(view, offset, 1, end, Anomaly.TRUNCATED_IP_HEADER)) {
            return false;
        }
        switch (Ipv4Header.version(bytes, offset)) {
            case 4:
                view.etherType = ETHER_TYPE_IPV4;
                return decodeIpv4(view, bytes, offset, end);
            case 6:
                view.etherType = ETHER_TYPE_IPV6;
                return decodeIpv6(view, bytes, offset, end);
            default:
                anomaly(view, Anomaly.BAD_IP_VERSION);
                return false;
        }
    }

    private boolean decodeNflog(final PacketView view, final Bytes bytes, final int offset, final int end) {
        if (!require(view, offset, NflogHeader.HEADER_LENGTH, end, Anomaly.TRUNCATED_LINK_HEADER)) {
            return false;
        }
        nflog.wrap(bytes, offset, end - offset);
        final long tlv = nflog.findTlv(NflogHeader.TLV_PAYLOAD);
        if (tlv == NflogHeader.NOT_FOUND) {
            anomaly(view, Anomaly.BAD_NFLOG_TLV);
            return false;
        }
        final int payload = (int) (tlv >>> 32);
        final int payloadEnd = payload + (int) tlv;
        // The packet's wire extent is the TLV's declared length, not the whole NFLOG record.
        wireEnd = Math.min(wireEnd, payloadEnd);
        final int capEnd = Math.min(end, payloadEnd);
        switch (nflog.family()) {
            case NullHeader.AF_INET:
                view.etherType = ETHER_TYPE_IPV4;
                return decodeIpv4(view, bytes, payload, capEnd);
            case NullHeader.AF_INET6_LINUX:
                view.etherType = ETHER_TYPE_IPV6;
                return decodeIpv6(view, bytes, payload, capEnd);
            default:
                counters.nonIp++;
                return false;
        }
    }

    private boolean decodeEtherType(final PacketView view, final Bytes bytes, final int firstType, final int offset,
                                    final int end) {
        int type = firstType;
        int pos = offset;
        while (VlanTag.isTagProtocol(type)) {
            if (!require(view, pos, VlanTag.HEADER_LENGTH, end, Anomaly.TRUNCATED_VLAN_HEADER)) {
                return false;
            }
            vlan.wrap(bytes, pos, end - pos);
            if (view.vlanCount < PacketView.MAX_VLANS) {
                view.vlanIds[view.vlanCount] = vlan.vlanId();
            } else if (view.vlanCount == PacketView.MAX_VLANS) {
                anomaly(view, Anomaly.VLAN_DEPTH_EXCEEDED);
            }
            view.vlanCount++;
            type = vlan.etherType();
            pos += VlanTag.HEADER_LENGTH;
        }
        view.etherType = type;
        switch (type) {
            case EthernetHeader.ETHER_TYPE_IPV4:
                return decodeIpv4(view, bytes, pos, end);
            case EthernetHeader.ETHER_TYPE_IPV6:
                return decodeIpv6(view, bytes, pos, end);
            default:
                counters.nonIp++;
                return false;
        }
    }

    private boolean decodeIpv4(final PacketView view, final Bytes bytes, final int offset, final int end) {
        if (!require(view, offset, Ipv4Header.MIN_HEADER_LENGTH, end, Anomaly.TRUNCATED_IP_HEADER)) {
            return false;
        }
        ipv4.wrap(bytes, offset, end - offset);
        if (ipv4.version() != 4) {
            anomaly(view, Anomaly.BAD_IP_VERSION);
            return false;
        }
        final int headerLength = ipv4.headerLength();
        if (headerLength < Ipv4Header.MIN_HEADER_LENGTH) {
            anomaly(view, Anomaly.BAD_IPV4_HEADER_LENGTH);
            return false;
        }
        if (!require(view, offset, headerLength, end, Anomaly.TRUNCATED_IP_HEADER)) {
            return false;
        }
        int totalLength = ipv4.totalLength();
        if (totalLength != 0 && totalLength < headerLength) {
            anomaly(view, Anomaly.BAD_IP_TOTAL_LENGTH);
            return false;
        }
        totalLength = effectiveLength(view, offset, totalLength);
        view.ipVersion = 4;
        view.ipOffset = offset;
        view.ipHeaderLength = headerLength;
        view.ipTotalLength = totalLength;
        view.ipv4Source = ipv4.source();
        view.ipv4Destination = ipv4.destination();
        view.ipId = ipv4.identification();
        view.ttl = ipv4.ttl();
        view.protocol = ipv4.protocol();
        view.dontFragment = ipv4.isDontFragment();
        if (!view.reassembled) {
            counters.ipv4++;
        }
        final int ipEnd = offset + totalLength;
        if (ipv4.isMoreFragments() || ipv4.fragmentOffset() != 0) {
            return onIpv4Fragment(view, bytes, offset, headerLength, ipEnd, end);
        }
        return transport.decode(view, bytes, view.protocol, offset + headerLength, ipEnd, Math.min(end, ipEnd));
    }

    /**
     * Applies the IP length field against the frame's wire length: 0 means segmentation offload (or
     * a jumbogram) and takes the frame's length; more than the frame had is clamped to it.
     */
    private int effectiveLength(final PacketView view, final int offset, final int lengthField) {
        final int wireAvailable = wireEnd - offset;
        if (lengthField == 0) {
            anomaly(view, Anomaly.IP_TOTAL_LENGTH_ZERO);
            return wireAvailable;
        }
        if (lengthField > wireAvailable) {
            anomaly(view, Anomaly.IP_TOTAL_LENGTH_EXCEEDS_FRAME);
            return wireAvailable;
        }
        return lengthField;
    }

    private boolean onIpv4Fragment(final PacketView view, final Bytes bytes, final int offset, final int headerLength,
                                   final int ipEnd, final int end) {
        view.fragment = true;
        view.fragmentOffset = ipv4.fragmentOffset();
        view.moreFragments = ipv4.isMoreFragments();
        view.firstFragment = view.fragmentOffset == 0;
        counters.fragments++;
        if (end < ipEnd) {
            // Snaplen cut the fragment's data: it cannot be reassembled.
            markTruncated(view);
            return false;
        }
        final int result = reassembler.add(bytes, offset, headerLength, ipEnd, view);
        if ((result & Ipv4Reassembler.EVICTED) != 0) {
            anomaly(view, Anomaly.FRAGMENT_REASSEMBLY_OVERFLOW);
        }
        if ((result & Ipv4Reassembler.TIMED_OUT) != 0) {
            anomaly(view, Anomaly.FRAGMENT_REASSEMBLY_TIMEOUT);
        }
        if ((result & Ipv4Reassembler.OVERLAP) != 0) {
            anomaly(view, Anomaly.FRAGMENT_OVERLAP);
        }
        if ((result & Ipv4Reassembler.TOO_LARGE) != 0) {
            anomaly(view, Anomaly.FRAGMENT_TOO_LARGE);
        }
        if ((result & Ipv4Reassembler.COMPLETE) == 0) {
            return false;
        }
        counters.reassembled++;
        view.reassembled = true;
        view.bytes = reassembler.output();
        final int length = reassembler.outputLength();
        wireEnd = length;
        return decodeIpv4(view, view.bytes, 0, length);
    }

    private boolean decodeIpv6(final PacketView view, final Bytes bytes, final int offset, final int end) {
        if (!require(view, offset, Ipv6Header.HEADER_LENGTH, end, Anomaly.TRUNCATED_IP_HEADER)) {
            return false;
        }
        ipv6.wrap(bytes, offset, end - offset);
        if (ipv6.version() != 6) {
            anomaly(view, Anomaly.BAD_IP_VERSION);
            return false;
        }
        final int payloadLength = ipv6.payloadLength();
        final int totalLength = effectiveLength(view, offset,
            payloadLength == 0 ? 0 : Ipv6Header.HEADER_LENGTH + payloadLength);
        view.ipVersion = 6;
        view.ipOffset = offset;
        view.ipHeaderLength = Ipv6Header.HEADER_LENGTH;
        view.ipTotalLength = totalLength;
        view.ipv6SourceHigh = ipv6.sourceHigh();
        view.ipv6SourceLow = ipv6.sourceLow();
        view.ipv6DestinationHigh = ipv6.destinationHigh();
        view.ipv6DestinationLow = ipv6.destinationLow();
        view.ttl = ipv6.hopLimit();
        counters.ipv6++;
        final int ipEnd = offset + totalLength;
        final int capEnd = Math.min(end, ipEnd);
        extensions.wrap(bytes, offset + Ipv6Header.HEADER_LENGTH, capEnd, ipv6.nextHeader());
        while (extensions.next()) {
            if (extensions.headerType() == Ipv6ExtensionWalker.FRAGMENT) {
                view.ipId = extensions.fragmentId();
                view.fragmentOffset = extensions.fragmentOffset();
                view.moreFragments = extensions.isMoreFragments();
                // RFC 6946: offset 0 with M clear is an atomic fragment, a whole datagram.
                view.fragment = view.fragmentOffset != 0 || view.moreFragments;
                view.firstFragment = view.fragment && view.fragmentOffset == 0;
            }
        }
        view.protocol = extensions.nextHeader();
        switch (extensions.status()) {
            case Ipv6ExtensionWalker.CHAIN_TOO_LONG:
                anomaly(view, Anomaly.IPV6_EXTENSION_CHAIN_TOO_LONG);
                return false;
            case Ipv6ExtensionWalker.TRUNCATED:
                anomaly(view, Anomaly.TRUNCATED_IPV6_EXTENSION);
                if (end < ipEnd) {
                    markTruncated(view);
                }
                return false;
            default:
                break;
        }
        if (view.fragment) {
            // IPv6 reassembly is not implemented: count the fragment, never parse its payload.
            counters.fragments++;
            return false;
        }
        return transport.decode(view, bytes, view.protocol, extensions.offset(), ipEnd, capEnd);
    }

    /**
     * Proves {@code [offset, offset + length)} lies inside the captured bytes, or records
     * {@code anomaly} (and the snaplen cut, when the capture was cut) and returns false.
     */
    boolean require(final PacketView view, final int offset, final int length, final int end,
                    final Anomaly anomaly) {
        if (offset + length <= end) {
            return true;
        }
        anomaly(view, anomaly);
        markTruncated(view);
        return false;
    }

    void markTruncated(final PacketView view) {
        if (view.capturedLength < view.wireLength) {
            view.truncated = true;
        }
    }

    void anomaly(final PacketView view, final Anomaly anomaly) {
        anomalies.increment(anomaly);
        if (view.anomaly == null) {
            view.anomaly = anomaly;
        }
    }
}
