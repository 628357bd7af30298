package io.pcapflow.decode;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.decode.header.IcmpHeader;
import io.pcapflow.decode.header.TcpHeader;
import io.pcapflow.decode.header.TcpOptionWalker;
import io.pcapflow.decode.header.UdpHeader;

/**
 * The transport layer of {@link PacketDecoder}: TCP with its options, UDP, ICMP and ICMPv6.
 *
 * <p>Each header must fit twice: inside the IP datagram (else the packet is malformed: anomaly)
 * and inside the captured bytes (else the snaplen cut it: anomaly plus
 * {@link PacketView#isTruncated()}). Payload lengths come from the IP length fields.
 */
final class TransportDecoder {
    static final int PROTOCOL_ICMP = 1;
    static final int PROTOCOL_TCP = 6;
    static final int PROTOCOL_UDP = 17;
    static final int PROTOCOL_ICMPV6 = 58;
    /** Largest window shift allowed by RFC 7323 §2.3. */
    static final int MAX_WINDOW_SCALE = 14;

    private final PacketDecoder decoder;
    private final DecodeCounters counters;
    private final TcpHeader tcpHeader = new TcpHeader();
    private final TcpOptionWalker options = new TcpOptionWalker();
    private final UdpHeader udpHeader = new UdpHeader();
    private final IcmpHeader icmpHeader = new IcmpHeader();

    TransportDecoder(final PacketDecoder decoder, final DecodeCounters counters) {
        this.decoder = decoder;
        this.counters = counters;
    }

    /**
     * @param protocol upper-layer protocol number
     * @param offset   index of the transport header
     * @param ipEnd    index one past the datagram (from the IP length fields)
     * @param capEnd   index one past the captured part of the datagram
     * @return whether a transport header was decoded
     */
    boolean decode(final PacketView view, final Bytes bytes, final int protocol, final int offset, final int ipEnd,
                   final int capEnd) {
        view.transportOffset = offset;
        switch (protocol) {
            case PROTOCOL_TCP:
                return decodeTcp(view, bytes, offset, ipEnd, capEnd);
            case PROTOCOL_UDP:
                return decodeUdp(view, bytes, offset, ipEnd, capEnd);
            case PROTOCOL_ICMP:
                return view.ipVersion == 4 ? decodeIcmp(view, bytes, offset, ipEnd, capEnd) : otherIp();
            case PROTOCOL_ICMPV6:
                return view.ipVersion == 6 ? decodeIcmp(view, bytes, offset, ipEnd, capEnd) : otherIp();
            default:
                return otherIp();
        }
    }

    private boolean otherIp() {
        counters.otherIp++;
        return false;
    }

    private boolean fits(final PacketView view, final int offset, final int length, final int ipEnd,
                         final int capEnd, final Anomaly anomaly) {
        if (offset + length > ipEnd) {
            decoder.anomaly(view, anomaly);
            return false;
        }
        return decoder.require(view, offset, length, capEnd, anomaly);
    }

    private boolean decodeTcp(final PacketView view, final Bytes bytes, final int offset, final int ipEnd,
                              final int capEnd) {
        if (!fits(view, offset, TcpHeader.MIN_HEADER_LENGTH, ipEnd, capEnd, Anomaly.TRUNCATED_TCP_HEADER)) {
            return false;
        }
        final TcpHeader tcp = tcpHeader.wrap(bytes, offset, capEnd - offset);
        view.sourcePort = tcp.sourcePort();
        view.destinationPort = tcp.destinationPort();
        view.seq = tcp.seq();
        view.ack = tcp.ack();
        view.tcpFlags = tcp.flags();
        view.window = tcp.window();
        final int headerLength = tcp.headerLength();
        view.tcpHeaderLength = headerLength;
        if (headerLength < TcpHeader.MIN_HEADER_LENGTH || offset + headerLength > ipEnd) {
            decoder.anomaly(view, Anomaly.BAD_TCP_DATA_OFFSET);
            return false;
        }
        view.tcp = true;
        counters.tcp++;
        setPayload(view, offset + headerLength, ipEnd, capEnd);
        if (headerLength > TcpHeader.MIN_HEADER_LENGTH) {
            decodeOptions(view, bytes, offset + TcpHeader.MIN_HEADER_LENGTH, offset + headerLength, capEnd);
        }
        return true;
    }

    private void decodeOptions(final PacketView view, final Bytes bytes, final int offset, final int end,
                               final int capEnd) {
        final TcpOptionWalker walker = options.wrap(bytes, offset, end, capEnd);
        while (walker.next()) {
            switch (walker.kind()) {
                case TcpOptionWalker.MSS:
                    view.mss = walker.mss();
                    break;
                case TcpOptionWalker.WINDOW_SCALE:
                    view.windowScale = walker.windowScale();
                    if (view.windowScale > MAX_WINDOW_SCALE) {
                        // RFC 7323 §2.3: treat as 14; the analyzer clamps, we only report.
                        decoder.anomaly(view, Anomaly.TCP_WINDOW_SCALE_ABOVE_14);
                    }
                    break;
                case TcpOptionWalker.SACK_PERMITTED:
                    view.sackPermitted = true;
                    break;
                case TcpOptionWalker.SACK:
                    final int blocks = walker.sackBlockCount();
                    for (int i = 0; i < blocks; i++) {
                        view.sackLeft[i] = walker.sackLeft(i);
                        view.sackRight[i] = walker.sackRight(i);
                    }
                    view.sackBlockCount = blocks;
                    break;
                case TcpOptionWalker.TIMESTAMPS:
                    view.timestamps = true;
                    view.tsVal = walker.tsVal();
                    view.tsEcr = walker.tsEcr();
                    break;
                default:
                    break;
            }
        }
        switch (walker.status()) {
            case TcpOptionWalker.BAD_LENGTH:
                decoder.anomaly(view, Anomaly.BAD_TCP_OPTION_LENGTH);
                break;
            case TcpOptionWalker.TRUNCATED:
                view.tcpOptionsTruncated = true;
                decoder.markTruncated(view);
                break;
            default:
                break;
        }
    }

    private boolean decodeUdp(final PacketView view, final Bytes bytes, final int offset, final int ipEnd,
                              final int capEnd) {
        if (!fits(view, offset, UdpHeader.HEADER_LENGTH, ipEnd, capEnd, Anomaly.TRUNCATED_UDP_HEADER)) {
            return false;
        }
        final UdpHeader udp = udpHeader.wrap(bytes, offset, capEnd - offset);
        view.sourcePort = udp.sourcePort();
        view.destinationPort = udp.destinationPort();
        final int udpLength = udp.udpLength();
        // 0 is legal for IPv6 jumbograms (RFC 2675 §4); otherwise the field must fit the datagram.
        if (udpLength != 0 && (udpLength < UdpHeader.HEADER_LENGTH || offset + udpLength > ipEnd)) {
            decoder.anomaly(view, Anomaly.BAD_UDP_LENGTH);
        }
        view.udp = true;
        counters.udp++;
        setPayload(view, offset + UdpHeader.HEADER_LENGTH, ipEnd, capEnd);
        return true;
    }

    private boolean decodeIcmp(final PacketView view, final Bytes bytes, final int offset, final int ipEnd,
                               final int capEnd) {
        if (!fits(view, offset, IcmpHeader.HEADER_LENGTH, ipEnd, capEnd, Anomaly.TRUNCATED_ICMP_HEADER)) {
            return false;
        }
        final IcmpHeader icmp = icmpHeader.wrap(bytes, offset, capEnd - offset);
        view.icmpType = icmp.type();
        view.icmpCode = icmp.code();
        view.icmp = true;
        if (view.ipVersion == 4) {
            counters.icmp++;
        } else {
            counters.icmpv6++;
        }
        setPayload(view, offset + IcmpHeader.HEADER_LENGTH, ipEnd, capEnd);
        return true;
    }

    private static void setPayload(final PacketView view, final int payloadOffset, final int ipEnd,
                                   final int capEnd) {
        view.payloadOffset = payloadOffset;
        view.payloadLength = ipEnd - payloadOffset;
        view.payloadCapturedLength = Math.max(0, Math.min(capEnd, ipEnd) - payloadOffset);
    }
}
