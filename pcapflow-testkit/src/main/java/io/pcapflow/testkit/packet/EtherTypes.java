package io.pcapflow.testkit.packet;

/** EtherType values (IEEE registry) used by the kit. */
public final class EtherTypes {
    /** IPv4. */
    public static final int IPV4 = 0x0800;
    /** ARP. */
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q customer VLAN tag. */
    public static final int VLAN_8021Q = 0x8100;
    /** IEEE 802.1ad service VLAN tag (QinQ outer). */
    public static final int VLAN_8021AD = 0x88A8;
    /** IPv6. */
    public static final int IPV6 = 0x86DD;

    private EtherTypes() {
    }
}
