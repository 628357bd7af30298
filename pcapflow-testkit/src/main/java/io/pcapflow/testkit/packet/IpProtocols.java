package io.pcapflow.testkit.packet;

/** IP protocol / IPv6 next-header numbers (IANA) used by the kit. */
public final class IpProtocols {
    /** IPv6 hop-by-hop options. */
    public static final int HOP_BY_HOP = 0;
    /** ICMP. */
    public static final int ICMP = 1;
    /** TCP. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;
    /** IPv6 routing header. */
    public static final int ROUTING = 43;
    /** IPv6 fragment header. */
    public static final int FRAGMENT = 44;
    /** ICMPv6. */
    public static final int ICMPV6 = 58;
    /** IPv6 no next header. */
    public static final int NO_NEXT_HEADER = 59;
    /** IPv6 destination options. */
    public static final int DESTINATION_OPTIONS = 60;

    private IpProtocols() {
    }
}
