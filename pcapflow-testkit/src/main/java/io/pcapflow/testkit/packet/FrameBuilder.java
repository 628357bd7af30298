package io.pcapflow.testkit.packet;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/** Link layer of a frame under construction; choose the network layer next. */
public final class FrameBuilder {
    enum Link { ETHERNET, SLL, SLL2, NULL, RAW }

    private final Link link;
    private byte[] srcMac = new byte[6];
    private byte[] dstMac = new byte[6];
    private final List<int[]> tags = new ArrayList<>();
    private int packetType;
    private int arphrd = Frames.ARPHRD_ETHER;
    private byte[] address = new byte[0];
    private int interfaceIndex;
    private ByteOrder familyOrder = ByteOrder.BIG_ENDIAN;
    private Integer family;
    private Integer etherTypeOverride;
    private Integer addressLengthOverride;

    FrameBuilder(Link link) {
        this.link = link;
    }

    FrameBuilder macs(byte[] src, byte[] dst) {
        this.srcMac = src.clone();
        this.dstMac = dst.clone();
        return this;
    }

    FrameBuilder cooked(int type, int hw, byte[] addr, int ifIndex) {
        if (addr.length > 8) {
            throw new IllegalArgumentException("SLL address longer than 8 bytes");
        }
        this.packetType = type;
        this.arphrd = hw;
        this.address = addr.clone();
        this.interfaceIndex = ifIndex;
        return this;
    }

    FrameBuilder familyOrder(ByteOrder order) {
        this.familyOrder = order;
        return this;
    }

    /**
     * Adds a VLAN tag (Ethernet only); tags appear in call order, outermost first.
     *
     * @param tpid tag protocol id, {@link EtherTypes#VLAN_8021Q} or {@link EtherTypes#VLAN_8021AD}
     * @param vlanId 12-bit VLAN id
     * @return this
     */
    public FrameBuilder vlan(int tpid, int vlanId) {
        return vlan(tpid, 0, false, vlanId);
    }

    /**
     * Adds a VLAN tag with priority and drop-eligible bits.
     *
     * @param tpid tag protocol id
     * @param priority 3-bit PCP
     * @param dropEligible DEI bit
     * @param vlanId 12-bit VLAN id
     * @return this
     */
    public FrameBuilder vlan(int tpid, int priority, boolean dropEligible, int vlanId) {
        if (link != Link.ETHERNET) {
            throw new IllegalStateException("VLAN tags need an Ethernet link layer");
        }
        int tci = ((priority & 7) << 13) | (dropEligible ? 0x1000 : 0) | (vlanId & 0xFFF);
        tags.add(new int[] {tpid, tci});
        return this;
    }

    /**
     * Overrides the BSD NULL family value (e.g. {@link LinkFamilies#AF_INET6_DARWIN}).
     *
     * @param value family value
     * @return this
     */
    public FrameBuilder family(int value) {
        this.family = value;
        return this;
    }

    /**
     * Overrides the EtherType / SLL protocol written (hostile tests).
     *
     * @param etherType value
     * @return this
     */
    public FrameBuilder etherType(int etherType) {
        this.etherTypeOverride = etherType;
        return this;
    }

    /**
     * Overrides the SLL/SLL2 address length field (hostile tests).
     *
     * @param length value
     * @return this
     */
    public FrameBuilder addressLength(int length) {
        this.addressLengthOverride = length;
        return this;
    }

    /**
     * Continues with an IPv4 header.
     *
     * @param src source address literal
     * @param dst destination address literal
     * @return the IPv4 builder
     */
    public Ipv4Builder ipv4(String src, String dst) {
        return new Ipv4Builder(this, Addresses.ipv4(src), Addresses.ipv4(dst));
    }

    /**
     * Continues with an IPv6 header.
     *
     * @param src source address literal
     * @param dst destination address literal
     * @return the IPv6 builder
     */
    public Ipv6Builder ipv6(String src, String dst) {
        return new Ipv6Builder(this, Addresses.ipv6(src), Addresses.ipv6(dst));
    }

    /**
     * Finishes the frame with an arbitrary network-layer payload.
     *
     * @param etherType EtherType of the payload (also picks the NULL family: IPv6 or else IPv4)
     * @param networkBytes bytes after the link header
     * @return the frame
     */
    public byte[] payload(int etherType, byte[] networkBytes) {
        return wrap(etherType, networkBytes);
    }

    /**
     * Returns the link header length this builder writes.
     *
     * @return header length in bytes
     */
    public int headerLength() {
        switch (link) {
            case ETHERNET:
                return 14 + 4 * tags.size();
            case SLL:
                return 16;
            case SLL2:
                return 20;
            case NULL:
                return 4;
            default:
                return 0;
        }
    }

    byte[] wrap(int etherType, byte[] l3) {
        int type = etherTypeOverride != null ? etherTypeOverride : etherType;
        ByteSink s = new ByteSink();
        int addrLen = addressLengthOverride != null ? addressLengthOverride : address.length;
        byte[] addr8 = Arrays.copyOf(address, 8);
        switch (link) {
            case ETHERNET:
                s.bytes(dstMac).bytes(srcMac);
                for (int[] tag : tags) {
                    s.u16(tag[0]).u16(tag[1]);
                }
                s.u16(type);
                break;
            case SLL:
                s.u16(packetType).u16(arphrd).u16(addrLen).bytes(addr8).u16(type);
                break;
            case SLL2:
                s.u16(type).u16(0).u32(interfaceIndex).u16(arphrd).u8(packetType).u8(addrLen).bytes(addr8);
                break;
            case NULL:
                int fam = family != null ? family
                    : etherType == EtherTypes.IPV6 ? LinkFamilies.AF_INET6_BSD : LinkFamilies.AF_INET;
                if (familyOrder == ByteOrder.BIG_ENDIAN) {
                    s.u32(fam);
                } else {
                    s.u8(fam).u8(fam >>> 8).u8(fam >>> 16).u8(fam >>> 24);
                }
                break;
            default:
                break;
        }
        return s.bytes(l3).toByteArray();
    }
}
