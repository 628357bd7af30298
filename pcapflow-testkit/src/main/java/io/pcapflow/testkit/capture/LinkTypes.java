package io.pcapflow.testkit.capture;

/** LINKTYPE_ values (tcpdump.org link-layer header types) used by the kit. */
public final class LinkTypes {
    /** BSD loopback, 4-byte family in the writer's host byte order. */
    public static final int NULL = 0;
    /** Ethernet II. */
    public static final int ETHERNET = 1;
    /** Raw IP, no link header. */
    public static final int RAW = 101;
    /** OpenBSD loopback, 4-byte family in big-endian order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4. */
    public static final int IPV4 = 228;
    /** Raw IPv6. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2. */
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }
}
