package io.pcapflow.capture;

/**
 * LINKTYPE_ values used in pcap and pcapng headers (https://www.tcpdump.org/linktypes.html),
 * as {@code int} constants. Only the ones pcapflow decodes or names are listed.
 */
public final class LinkType {
    /** BSD loopback: 4-byte address family in host byte order of the capturing machine. */
    public static final int NULL = 0;
    /** IEEE 802.3 Ethernet. */
    public static final int ETHERNET = 1;
    /** Raw IP as some BSDs wrote DLT_RAW (value 12). */
    public static final int RAW_BSD12 = 12;
    /** Raw IP as some BSDs wrote DLT_RAW (value 14). */
    public static final int RAW_BSD14 = 14;
    /** Raw IPv4 or IPv6, version from the first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4. */
    public static final int IPV4 = 228;
    /** Raw IPv6. */
    public static final int IPV6 = 229;
    /** Linux netfilter NFLOG. */
    public static final int NFLOG = 239;
    /** Linux cooked capture v2 ({@code tcpdump -i any} since libpcap 1.10). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /**
     * @param linkType a LINKTYPE_ value
     * @return the short name used in our outputs (as tcpdump's {@code -L} names them), or
     *         {@code LINKTYPE_<n>} for others
     */
    public static String name(final int linkType) {
        switch (linkType) {
            case NULL:
                return "NULL";
            case ETHERNET:
                return "EN10MB";
            case RAW_BSD12:
            case RAW_BSD14:
            case RAW:
                return "RAW";
            case LOOP:
                return "LOOP";
            case LINUX_SLL:
                return "LINUX_SLL";
            case IPV4:
                return "IPV4";
            case IPV6:
                return "IPV6";
            case NFLOG:
                return "NFLOG";
            case LINUX_SLL2:
                return "LINUX_SLL2";
            default:
                return "LINKTYPE_" + linkType;
        }
    }
}
