package io.pcapflow.decode;

/**
 * Named problems found while decoding a packet, in the manner of Zeek's weirds. Each has a stable
 * numeric {@link #id()} and a stable snake_case {@link #label()} used in outputs; ids are never
 * reused or renumbered, new anomalies take the next free id.
 */
public enum Anomaly {
    /** The captured bytes end inside the link-layer header (Ethernet, SLL, SLL2, NULL, NFLOG). */
    TRUNCATED_LINK_HEADER(1, "the captured bytes end inside the link-layer header"),
    /** The captured bytes end inside an 802.1Q/802.1ad tag. */
    TRUNCATED_VLAN_HEADER(2, "the captured bytes end inside a VLAN tag"),
    /** More VLAN tags than the view stores (8); the extra ids are counted, not kept. */
    VLAN_DEPTH_EXCEEDED(3, "more than 8 stacked VLAN tags"),
    /** The captured bytes end inside the IPv4 or IPv6 header. */
    TRUNCATED_IP_HEADER(4, "the captured bytes end inside the IP header"),
    /** The IP version nibble does not match what the link layer announced (or is not 4 or 6). */
    BAD_IP_VERSION(5, "IP version nibble is not the one announced, or not 4 or 6"),
    /** IPv4 IHL below 5 (RFC 791 §3.1). */
    BAD_IPV4_HEADER_LENGTH(6, "IPv4 header length (IHL) below 5 words"),
    /** IPv4 total length below the header length. */
    BAD_IP_TOTAL_LENGTH(7, "IP total length smaller than the IP header"),
    /** IP length fields claim more bytes than the frame had on the wire (not a snaplen cut). */
    IP_TOTAL_LENGTH_EXCEEDS_FRAME(8, "IP length exceeds the frame's wire length; clamped to it"),
    /** More than 16 IPv6 extension headers. */
    IPV6_EXTENSION_CHAIN_TOO_LONG(9, "IPv6 extension-header chain longer than 16 headers"),
    /** An IPv6 extension header runs past the captured bytes or the payload length. */
    TRUNCATED_IPV6_EXTENSION(10, "an IPv6 extension header runs past the data"),
    /** The TCP fixed header does not fit in the datagram or the captured bytes. */
    TRUNCATED_TCP_HEADER(11, "the TCP header does not fit in the datagram or the capture"),
    /** TCP data offset below 5 or past the end of the datagram (RFC 9293 §3.1). */
    BAD_TCP_DATA_OFFSET(12, "TCP data offset below 5 words or past the end of the segment"),
    /** A TCP option length is impossible; the remaining options are ignored, the header kept. */
    BAD_TCP_OPTION_LENGTH(13, "malformed TCP option length; remaining options ignored"),
    /** The UDP header does not fit in the datagram or the captured bytes. */
    TRUNCATED_UDP_HEADER(14, "the UDP header does not fit in the datagram or the capture"),
    /** A link type pcapflow does not decode. */
    UNSUPPORTED_LINK_TYPE(15, "link type not decoded"),
    /** The fragment table was full: the oldest incomplete datagram was dropped. */
    FRAGMENT_REASSEMBLY_OVERFLOW(16, "fragment table full; oldest incomplete datagram dropped"),
    /** Window scale shift above 14 (RFC 7323 §2.3); the analyzer clamps it to 14. */
    TCP_WINDOW_SCALE_ABOVE_14(17, "TCP window scale shift above 14 (RFC 7323 section 2.3)"),
    /** The ICMP/ICMPv6 type, code and checksum do not fit. */
    TRUNCATED_ICMP_HEADER(18, "the ICMP header does not fit in the datagram or the capture"),
    /** A fragment overlaps data already received for the same datagram; the later data wins. */
    FRAGMENT_OVERLAP(19, "IP fragment overlaps earlier data of the same datagram"),
    /** Fragment offset plus length beyond 65535 bytes; the fragment is dropped. */
    FRAGMENT_TOO_LARGE(20, "IP fragment ends beyond 65535 bytes; dropped"),
    /** An incomplete datagram was dropped after 30 s without a fragment (packet time). */
    FRAGMENT_REASSEMBLY_TIMEOUT(21, "incomplete fragmented datagram timed out"),
    /** UDP length field below 8 or above the IP payload. */
    BAD_UDP_LENGTH(22, "UDP length field below 8 or beyond the IP payload"),
    /** IPv4 total length (or IPv6 payload length) 0: TSO/GSO capture or jumbogram; the frame length is used. */
    IP_TOTAL_LENGTH_ZERO(23, "IP length field 0 (segmentation offload or jumbogram); frame length used"),
    /** NFLOG record without a usable packet TLV. */
    BAD_NFLOG_TLV(24, "NFLOG TLVs malformed or without a packet");

    /** Largest id in use; sizes counter arrays. */
    public static final int MAX_ID;

    private static final Anomaly[] BY_ID;

    static {
        int max = 0;
        for (final Anomaly a : values()) {
            max = Math.max(max, a.id);
        }
        MAX_ID = max;
        BY_ID = new Anomaly[max + 1];
        for (final Anomaly a : values()) {
            BY_ID[a.id] = a;
        }
    }

    private final int id;
    private final String label;
    private final String description;

    Anomaly(final int id, final String description) {
        this.id = id;
        this.label = name().toLowerCase(java.util.Locale.ROOT);
        this.description = description;
    }

    /** @return stable numeric id, 1-based, never reused */
    public int id() {
        return id;
    }

    /** @return stable snake_case name, e.g. {@code truncated_tcp_header} */
    public String label() {
        return label;
    }

    /** @return one-line description */
    public String description() {
        return description;
    }

    /**
     * @param id a numeric id
     * @return the anomaly with that id, or null
     */
    public static Anomaly byId(final int id) {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    @Override
    public String toString() {
        return label;
    }
}
