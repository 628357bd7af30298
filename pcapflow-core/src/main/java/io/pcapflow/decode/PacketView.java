package io.pcapflow.decode;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Direction;

/**
 * The decoded form of one packet: a single reusable, mutable holder that
 * {@link PacketDecoder#decode} resets and fills layer by layer. It holds primitives (offsets into
 * {@link #bytes()}, field values) and a reference to the buffer decoded; nothing is allocated per
 * packet. Valid until the next {@code decode} call with this view.
 *
 * <p>Values of layers not reached keep their reset defaults: 0 for numbers, -1 where 0 is a
 * legal value ({@link #mss()}, {@link #windowScale()}, {@link #ipId()} for IPv6,
 * {@link #sllPacketType()}, {@link #sllInterfaceIndex()}, {@link #etherType()}), false for flags.
 */
public final class PacketView {
    /** VLAN ids stored; deeper tags are counted only. */
    public static final int MAX_VLANS = 8;
    /** SACK blocks stored (all a TCP header can hold). */
    public static final int MAX_SACK_BLOCKS = 4;

    Bytes bytes;
    long ordinal;
    long timestampNanos;
    int linkType;
    int direction;
    int frameOffset;
    int capturedLength;
    int wireLength;
    boolean truncated;
    Anomaly anomaly;

    int vlanCount;
    final int[] vlanIds = new int[MAX_VLANS];
    int sllPacketType;
    int sllInterfaceIndex;
    int etherType;

    int ipVersion;
    int ipOffset;
    int ipHeaderLength;
    int ipv4Source;
    int ipv4Destination;
    long ipv6SourceHigh;
    long ipv6SourceLow;
    long ipv6DestinationHigh;
    long ipv6DestinationLow;
    int ipId;
    int ttl;
    int ipTotalLength;
    int protocol;
    boolean fragment;
    boolean firstFragment;
    boolean moreFragments;
    int fragmentOffset;
    boolean dontFragment;
    boolean reassembled;

    int transportOffset;
    boolean tcp;
    boolean udp;
    boolean icmp;
    int icmpType;
    int icmpCode;
    int sourcePort;
    int destinationPort;
    int payloadOffset;
    int payloadLength;
    int payloadCapturedLength;

    int seq;
    int ack;
    int tcpFlags;
    int window;
    int tcpHeaderLength;
    int mss;
    int windowScale;
    boolean sackPermitted;
    int sackBlockCount;
    final long[] sackLeft = new long[MAX_SACK_BLOCKS];
    final long[] sackRight = new long[MAX_SACK_BLOCKS];
    boolean timestamps;
    long tsVal;
    long tsEcr;
    boolean tcpOptionsTruncated;

    /** Words of {@code long} that {@link #writeTcpFields} fills. */
    public static final int TCP_FIELD_WORDS = 15;

    /** Creates an empty view; one per decoding thread, reused for every packet. */
    public PacketView() {
    }

    void reset(final CaptureRecord record) {
        bytes = record.bytes();
        ordinal = record.ordinal();
        timestampNanos = record.timestampNanos();
        linkType = record.linkType();
        direction = record.direction();
        frameOffset = record.offset();
        capturedLength = record.capturedLength();
        wireLength = (int) Math.min(Integer.MAX_VALUE, Math.max(record.originalLength(), capturedLength));
        truncated = false;
        anomaly = null;
        vlanCount = 0;
        sllPacketType = -1;
        sllInterfaceIndex = -1;
        etherType = -1;
        ipVersion = 0;
        ipOffset = 0;
        ipHeaderLength = 0;
        ipv4Source = 0;
        ipv4Destination = 0;
        ipv6SourceHigh = 0;
        ipv6SourceLow = 0;
        ipv6DestinationHigh = 0;
        ipv6DestinationLow = 0;
        ipId = -1;
        ttl = 0;
        ipTotalLength = 0;
        protocol = -1;
        fragment = false;
        firstFragment = false;
        moreFragments = false;
        fragmentOffset = 0;
        dontFragment = false;
        reassembled = false;
        resetTransport();
    }

    private void resetTransport() {
        transportOffset = 0;
        tcp = false;
        udp = false;
        icmp = false;
        icmpType = -1;
        icmpCode = -1;
        sourcePort = 0;
        destinationPort = 0;
        payloadOffset = 0;
        payloadLength = 0;
        payloadCapturedLength = 0;
        seq = 0;
        ack = 0;
        tcpFlags = 0;
        window = 0;
        tcpHeaderLength = 0;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        sackBlockCount = 0;
        timestamps = false;
        tsVal = 0;
        tsEcr = 0;
        tcpOptionsTruncated = false;
    }

    // ---- packet ----

    /** @return buffer holding the decoded packet: the record's, or the reassembly buffer */
    public Bytes bytes() {
        return bytes;
    }

    /** @return the record's 1-based frame number */
    public long ordinal() {
        return ordinal;
    }

    /** @return the record's capture time, nanoseconds since the epoch */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** @return LINKTYPE_ of the record */
    public int linkType() {
        return linkType;
    }

    /**
     * @return {@link Direction} of the packet: from the capture format, or from the SLL/SLL2 packet
     *         type (4 = outbound, 0..3 = inbound) when the format says nothing
     */
    public int direction() {
        return direction;
    }

    /** @return index of the first frame byte in the record's buffer */
    public int frameOffset() {
        return frameOffset;
    }

    /** @return captured bytes of the frame */
    public int capturedLength() {
        return capturedLength;
    }

    /** @return frame length on the wire (at least the captured length) */
    public int wireLength() {
        return wireLength;
    }

    /** @return whether the snaplen cut the headers (or TCP options) of this packet */
    public boolean isTruncated() {
        return truncated;
    }

    /** @return the first anomaly of this packet, or null */
    public Anomaly anomaly() {
        return anomaly;
    }

    // ---- link ----

    /** @return number of VLAN tags, including any beyond {@link #MAX_VLANS} */
    public int vlanCount() {
        return vlanCount;
    }

    /**
     * @param i tag index, outermost first, below {@code min(vlanCount(), MAX_VLANS)}
     * @return VLAN id of tag {@code i}
     */
    public int vlanId(final int i) {
        return vlanIds[i];
    }

    /** @return SLL/SLL2 packet type 0..4, -1 for other link types */
    public int sllPacketType() {
        return sllPacketType;
    }

    /** @return SLL2 interface index, -1 for other link types */
    public int sllInterfaceIndex() {
        return sllInterfaceIndex;
    }

    /**
     * @return EtherType after any VLAN tags (0x0800, 0x86DD, ...); for link types without one
     *         (NULL, LOOP, raw IP, NFLOG) the equivalent of the IP version; -1 when not reached
     */
    public int etherType() {
        return etherType;
    }

    // ---- IP ----

    /** @return 4, 6, or 0 when no valid IP header was decoded */
    public int ipVersion() {
        return ipVersion;
    }

    /** @return index of the IP header in {@link #bytes()} (0 for a reassembled datagram) */
    public int ipOffset() {
        return ipOffset;
    }

    /** @return IPv4 header length with options, or 40 for IPv6 */
    public int ipHeaderLength() {
        return ipHeaderLength;
    }

    /** @return IPv4 source address, big-endian in an int */
    public int ipv4Source() {
        return ipv4Source;
    }

    /** @return IPv4 destination address, big-endian in an int */
    public int ipv4Destination() {
        return ipv4Destination;
    }

    /** @return first 8 bytes of the IPv6 source */
    public long ipv6SourceHigh() {
        return ipv6SourceHigh;
    }

    /** @return last 8 bytes of the IPv6 source */
    public long ipv6SourceLow() {
        return ipv6SourceLow;
    }

    /** @return first 8 bytes of the IPv6 destination */
    public long ipv6DestinationHigh() {
        return ipv6DestinationHigh;
    }

    /** @return last 8 bytes of the IPv6 destination */
    public long ipv6DestinationLow() {
        return ipv6DestinationLow;
    }

    /** @return IPv4 identification; IPv6 fragment identification, or -1 without a fragment header */
    public int ipId() {
        return ipId;
    }

    /** @return IPv4 TTL or IPv6 hop limit */
    public int ttl() {
        return ttl;
    }

    /**
     * @return IPv4 total length, or 40 + IPv6 payload length; when the field is 0 (offload) or
     *         exceeds the frame, the length actually used (the frame's wire length from the IP header)
     */
    public int ipTotalLength() {
        return ipTotalLength;
    }

    /** @return upper-layer protocol after any IPv6 extension headers (6, 17, 1, 58, ...), -1 if none */
    public int protocol() {
        return protocol;
    }

    /** @return whether the packet is an IP fragment (IPv6 atomic fragments excluded) */
    public boolean isFragment() {
        return fragment;
    }

    /** @return whether the packet is the fragment at offset 0 of a fragmented datagram */
    public boolean isFirstFragment() {
        return firstFragment;
    }

    /** @return fragment offset in bytes, 0 when not a fragment */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** @return whether the MF (IPv4) or M (IPv6) flag is set */
    public boolean isMoreFragments() {
        return moreFragments;
    }

    /** @return whether the IPv4 DF flag is set */
    public boolean isDontFragment() {
        return dontFragment;
    }

    /**
     * @return whether this fragment completed a datagram, now in {@link #bytes()} from
     *         {@link #ipOffset()} 0 and decoded up to the transport layer
     */
    public boolean isReassembled() {
        return reassembled;
    }

    // ---- transport ----

    /** @return index of the transport header in {@link #bytes()} */
    public int transportOffset() {
        return transportOffset;
    }

    /** @return whether a TCP header was decoded */
    public boolean hasTcp() {
        return tcp;
    }

    /** @return whether a UDP header was decoded */
    public boolean hasUdp() {
        return udp;
    }

    /** @return whether an ICMP or ICMPv6 header was decoded */
    public boolean isIcmp() {
        return icmp;
    }

    /** @return ICMP/ICMPv6 type, -1 when not ICMP */
    public int icmpType() {
        return icmpType;
    }

    /** @return ICMP/ICMPv6 code, -1 when not ICMP */
    public int icmpCode() {
        return icmpCode;
    }

    /** @return TCP/UDP source port */
    public int sourcePort() {
        return sourcePort;
    }

    /** @return TCP/UDP destination port */
    public int destinationPort() {
        return destinationPort;
    }

    /** @return index of the first payload byte (after TCP options, UDP header or ICMP's 4 bytes) */
    public int payloadOffset() {
        return payloadOffset;
    }

    /**
     * @return payload length from the IP length fields (for UDP from a valid UDP length field),
     *         not from the captured length: a snaplen-cut packet still reports its wire payload (as
     *         tshark's {@code tcp.len})
     */
    public int payloadLength() {
        return payloadLength;
    }

    /** @return payload bytes actually present in {@link #bytes()} */
    public int payloadCapturedLength() {
        return payloadCapturedLength;
    }

    // ---- TCP ----

    /** @return sequence number, unsigned 32-bit stored in an int */
    public int seq() {
        return seq;
    }

    /** @return acknowledgment number, unsigned 32-bit stored in an int */
    public int ack() {
        return ack;
    }

    /** @return sequence number widened to 0..2^32-1 */
    public long seqUnsigned() {
        return seq & 0xFFFF_FFFFL;
    }

    /** @return acknowledgment number widened to 0..2^32-1 */
    public long ackUnsigned() {
        return ack & 0xFFFF_FFFFL;
    }

    /** @return the 12 low bits of TCP bytes 12-13 (FIN 0x01 ... CWR 0x80, AE 0x100) */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** @return whether SYN is set */
    public boolean isSyn() {
        return (tcpFlags & 0x02) != 0;
    }

    /** @return whether ACK is set */
    public boolean isAck() {
        return (tcpFlags & 0x10) != 0;
    }

    /** @return whether FIN is set */
    public boolean isFin() {
        return (tcpFlags & 0x01) != 0;
    }

    /** @return whether RST is set */
    public boolean isRst() {
        return (tcpFlags & 0x04) != 0;
    }

    /** @return raw (unscaled) window */
    public int window() {
        return window;
    }

    /** @return TCP header length in bytes, options included */
    public int tcpHeaderLength() {
        return tcpHeaderLength;
    }

    /** @return MSS option value, -1 when absent */
    public int mss() {
        return mss;
    }

    /** @return raw window-scale shift (not clamped to 14), -1 when absent */
    public int windowScale() {
        return windowScale;
    }

    /** @return whether the SACK-permitted option is present */
    public boolean isSackPermitted() {
        return sackPermitted;
    }

    /** @return number of SACK blocks, 0..4 */
    public int sackBlockCount() {
        return sackBlockCount;
    }

    /**
     * @param i block index below {@link #sackBlockCount()}
     * @return left edge of SACK block {@code i}
     */
    public long sackLeft(final int i) {
        return sackLeft[i];
    }

    /**
     * @param i block index below {@link #sackBlockCount()}
     * @return right edge of SACK block {@code i}
     */
    public long sackRight(final int i) {
        return sackRight[i];
    }

    /** @return whether the timestamps option is present */
    public boolean hasTimestamps() {
        return timestamps;
    }

    /** @return TSval, unsigned */
    public long tsVal() {
        return tsVal;
    }

    /** @return TSecr, unsigned */
    public long tsEcr() {
        return tsEcr;
    }

    /** @return whether the captured bytes end inside the TCP options */
    public boolean tcpOptionsTruncated() {
        return tcpOptionsTruncated;
    }

    /**
     * Copies the fields a TCP tracker reads (frame number and time, addresses, ports, outer VLAN,
     * IP id, TCP header fields and options, SACK block count) into {@link #TCP_FIELD_WORDS} words,
     * for {@link #readTcpFields} on another thread: two cache lines cross between cores instead
     * of the whole view.
     *
     * @param dst    destination
     * @param offset first word
     */
    public void writeTcpFields(final long[] dst, final int offset) {
        dst[offset] = ordinal;
        dst[offset + 1] = timestampNanos;
        dst[offset + 2] = ipv6SourceHigh;
        dst[offset + 3] = ipv6SourceLow;
        dst[offset + 4] = ipv6DestinationHigh;
        dst[offset + 5] = ipv6DestinationLow;
        dst[offset + 6] = ((long) ipv4Source << 32) | (ipv4Destination & 0xFFFF_FFFFL);
        dst[offset + 7] = ((long) seq << 32) | (ack & 0xFFFF_FFFFL);
        dst[offset + 8] = ((long) window << 32) | (payloadLength & 0xFFFF_FFFFL);
        dst[offset + 9] = tsVal;
        dst[offset + 10] = tsEcr;
        dst[offset + 11] = ((long) ipId << 32) | (mss & 0xFFFF_FFFFL);
        dst[offset + 12] = ((long) windowScale << 32) | (sackBlockCount & 0xFFFF_FFFFL);
        dst[offset + 13] = ((long) ipVersion << 32) | (vlanCount & 0xFFFF_FFFFL);
        dst[offset + 14] = (sourcePort & 0xFFFFL) | (destinationPort & 0xFFFFL) << 16 | (tcpFlags & 0xFFFFL) << 32
            | (vlanCount > 0 ? (vlanIds[0] & 0xFFFL) << 48 : 0) | (tcp ? 1L << 62 : 0)
            | (sackPermitted ? 1L << 61 : 0) | (timestamps ? 1L << 60 : 0);
    }

    /**
     * Sets the fields {@link #writeTcpFields} copied; the others keep whatever they held (this view
     * serves a TCP tracker only, and its {@link #bytes()} are not the packet's).
     *
     * @param src    source
     * @param offset first word
     */
    public void readTcpFields(final long[] src, final int offset) {
        ordinal = src[offset];
        timestampNanos = src[offset + 1];
        ipv6SourceHigh = src[offset + 2];
        ipv6SourceLow = src[offset + 3];
        ipv6DestinationHigh = src[offset + 4];
        ipv6DestinationLow = src[offset + 5];
        final long v4 = src[offset + 6];
        ipv4Source = (int) (v4 >>> 32);
        ipv4Destination = (int) v4;
        final long seqAck = src[offset + 7];
        seq = (int) (seqAck >>> 32);
        ack = (int) seqAck;
        final long windowLength = src[offset + 8];
        window = (int) (windowLength >>> 32);
        payloadLength = (int) windowLength;
        tsVal = src[offset + 9];
        tsEcr = src[offset + 10];
        final long idMss = src[offset + 11];
        ipId = (int) (idMss >>> 32);
        mss = (int) idMss;
        final long scaleSack = src[offset + 12];
        windowScale = (int) (scaleSack >>> 32);
        sackBlockCount = (int) scaleSack;
        final long versionVlans = src[offset + 13];
        ipVersion = (int) (versionVlans >>> 32);
        vlanCount = (int) versionVlans;
        final long bits = src[offset + 14];
        sourcePort = (int) (bits & 0xFFFF);
        destinationPort = (int) (bits >>> 16 & 0xFFFF);
        tcpFlags = (int) (bits >>> 32 & 0xFFFF);
        vlanIds[0] = (int) (bits >>> 48 & 0xFFF);
        tcp = (bits & 1L << 62) != 0;
        sackPermitted = (bits & 1L << 61) != 0;
        timestamps = (bits & 1L << 60) != 0;
    }
}
