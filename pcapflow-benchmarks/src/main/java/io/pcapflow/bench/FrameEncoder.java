package io.pcapflow.bench;

/**
 * Writes Ethernet, 802.1Q, IPv4, IPv6, TCP, UDP and ICMP headers straight into one reused byte
 * array, big-endian, so that generating millions of frames allocates nothing per frame. The test
 * kit's builders are the readable, checked way to make a frame; this is the fast way, for the
 * generator only. IPv4 header checksums and TCP, UDP and ICMP checksums are all computed.
 */
final class FrameEncoder {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ICMPV6 = 58;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int UDP_HEADER = 8;

    private final byte[] buf;

    FrameEncoder(final byte[] buf) {
        this.buf = buf;
    }

    void u8(final int at, final int v) {
        buf[at] = (byte) v;
    }

    void u16(final int at, final int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    void u32(final int at, final int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    void u32le(final int at, final int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    void u16le(final int at, final int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
    }

    private void mac(final int at, final long mac) {
        u16(at, (int) (mac >>> 32));
        u32(at + 2, (int) mac);
    }

    /**
     * Ethernet II header, with an 802.1Q tag when {@code vlanId >= 0}.
     *
     * @return offset of the first byte after the header
     */
    int ethernet(final int at, final long dst, final long src, final int vlanId, final int etherType) {
        mac(at, dst);
        mac(at + 6, src);
        if (vlanId < 0) {
            u16(at + 12, etherType);
            return at + 14;
        }
        u16(at + 12, ETHERTYPE_VLAN);
        u16(at + 14, vlanId & 0x0FFF);
        u16(at + 16, etherType);
        return at + 18;
    }

    /**
     * IPv4 header without options, DF set, with its checksum.
     *
     * @return offset of the first byte after the header
     */
    int ipv4(final int at, final int src, final int dst, final int protocol, final int payloadLength,
             final int id, final int ttl) {
        u8(at, 0x45);
        u8(at + 1, 0);
        u16(at + 2, IPV4_HEADER + payloadLength);
        u16(at + 4, id);
        u16(at + 6, 0x4000);
        u8(at + 8, ttl);
        u8(at + 9, protocol);
        u16(at + 10, 0);
        u32(at + 12, src);
        u32(at + 16, dst);
        u16(at + 10, finish(sum(at, at + IPV4_HEADER, 0)));
        return at + IPV4_HEADER;
    }

    /**
     * IPv6 header; addresses are {@code prefix} (high 64 bits) and {@code host} (low 64 bits).
     *
     * @return offset of the first byte after the header
     */
    int ipv6(final int at, final long srcPrefix, final long srcHost, final long dstPrefix, final long dstHost,
             final int nextHeader, final int payloadLength, final int flowLabel) {
        u32(at, 0x60000000 | (flowLabel & 0xFFFFF));
        u16(at + 4, payloadLength);
        u8(at + 6, nextHeader);
        u8(at + 7, 64);
        u32(at + 8, (int) (srcPrefix >>> 32));
        u32(at + 12, (int) srcPrefix);
        u32(at + 16, (int) (srcHost >>> 32));
        u32(at + 20, (int) srcHost);
        u32(at + 24, (int) (dstPrefix >>> 32));
        u32(at + 28, (int) dstPrefix);
        u32(at + 32, (int) (dstHost >>> 32));
        u32(at + 36, (int) dstHost);
        return at + IPV6_HEADER;
    }

    /**
     * TCP header, with an MSS option (4 bytes) when {@code mss > 0}; the checksum is left 0 for
     * {@link #transportChecksum} once the payload is in place.
     *
     * @return offset of the first byte after the header
     */
    int tcp(final int at, final int srcPort, final int dstPort, final int seq, final int ack, final int flags,
            final int window, final int mss) {
        final int length = mss > 0 ? 24 : 20;
        u16(at, srcPort);
        u16(at + 2, dstPort);
        u32(at + 4, seq);
        u32(at + 8, ack);
        u8(at + 12, (length / 4) << 4);
        u8(at + 13, flags);
        u16(at + 14, window);
        u16(at + 16, 0);
        u16(at + 18, 0);
        if (mss > 0) {
            u8(at + 20, 2);
            u8(at + 21, 4);
            u16(at + 22, mss);
        }
        return at + length;
    }

    /**
     * UDP header; checksum left 0 for {@link #transportChecksum}.
     *
     * @return offset of the first byte after the header
     */
    int udp(final int at, final int srcPort, final int dstPort, final int payloadLength) {
        u16(at, srcPort);
        u16(at + 2, dstPort);
        u16(at + 4, UDP_HEADER + payloadLength);
        u16(at + 6, 0);
        return at + UDP_HEADER;
    }

    /**
     * ICMP or ICMPv6 echo header (type, code 0, checksum 0, identifier, sequence).
     *
     * @return offset of the first byte after the header
     */
    int echo(final int at, final int type, final int identifier, final int sequence) {
        u8(at, type);
        u8(at + 1, 0);
        u16(at + 2, 0);
        u16(at + 4, identifier);
        u16(at + 6, sequence);
        return at + 8;
    }

    /**
     * Computes and stores a TCP, UDP or ICMPv6 checksum, including the IPv4 or IPv6 pseudo-header
     * (ICMPv4 has none: pass {@code ipStart = -1}).
     *
     * @param ipStart        offset of the IP header, or -1 for a checksum over the message only
     * @param v6             whether the IP header is IPv6
     * @param l4Start        offset of the transport header
     * @param end            offset after the payload
     * @param protocol       IP protocol number
     * @param checksumOffset offset of the checksum field from {@code l4Start}
     */
    void transportChecksum(final int ipStart, final boolean v6, final int l4Start, final int end, final int protocol,
                           final int checksumOffset) {
        int s = sum(l4Start, end, 0);
        if (ipStart >= 0) {
            s = v6 ? sum(ipStart + 8, ipStart + 40, s) : sum(ipStart + 12, ipStart + 20, s);
            s += protocol + (end - l4Start);
        }
        int c = finish(s);
        if (c == 0 && protocol == PROTO_UDP) {
            c = 0xFFFF;
        }
        u16(l4Start + checksumOffset, c);
    }

    private int sum(final int from, final int to, final int initial) {
        final byte[] b = buf;
        int s = initial;
        int i = from;
        for (; i + 1 < to; i += 2) {
            s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < to) {
            s += (b[i] & 0xFF) << 8;
        }
        return s;
    }

    private static int finish(final int sum) {
        int s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return ~s & 0xFFFF;
    }
}
