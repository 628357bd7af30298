package io.pcapflow.testkit.packet;

import java.nio.ByteOrder;

/** Entry points of the frame builders: pick a link layer first. */
public final class Frames {
    /** SLL packet type: sent to us. */
    public static final int SLL_HOST = 0;
    /** SLL packet type: sent by us. */
    public static final int SLL_OUTGOING = 4;
    /** ARPHRD_ETHER. */
    public static final int ARPHRD_ETHER = 1;

    private Frames() {
    }

    /**
     * Ethernet II frame.
     *
     * @param srcMac source MAC, e.g. {@code "02:00:00:00:00:01"}
     * @param dstMac destination MAC
     * @return a link builder
     */
    public static FrameBuilder ethernet(String srcMac, String dstMac) {
        return ethernet(Addresses.mac(srcMac), Addresses.mac(dstMac));
    }

    /**
     * Ethernet II frame.
     *
     * @param srcMac 6-byte source MAC
     * @param dstMac 6-byte destination MAC
     * @return a link builder
     */
    public static FrameBuilder ethernet(byte[] srcMac, byte[] dstMac) {
        return new FrameBuilder(FrameBuilder.Link.ETHERNET).macs(srcMac, dstMac);
    }

    /**
     * Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 16-byte header).
     *
     * @param packetType e.g. {@link #SLL_HOST}
     * @param arphrd ARPHRD_ type, e.g. {@link #ARPHRD_ETHER}
     * @param address link-layer address, up to 8 bytes (the address length field is its length)
     * @return a link builder
     */
    public static FrameBuilder linuxSll(int packetType, int arphrd, byte[] address) {
        return new FrameBuilder(FrameBuilder.Link.SLL).cooked(packetType, arphrd, address, 0);
    }

    /**
     * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 20-byte header).
     *
     * @param interfaceIndex interface index
     * @param arphrd ARPHRD_ type
     * @param packetType e.g. {@link #SLL_OUTGOING}
     * @param address link-layer address, up to 8 bytes
     * @return a link builder
     */
    public static FrameBuilder linuxSll2(int interfaceIndex, int arphrd, int packetType, byte[] address) {
        return new FrameBuilder(FrameBuilder.Link.SLL2).cooked(packetType, arphrd, address, interfaceIndex);
    }

    /**
     * BSD NULL/loopback: a 4-byte address family in the given byte order (LINKTYPE_NULL uses the
     * writer's host order, LINKTYPE_LOOP big-endian). Family defaults to AF_INET / AF_INET6 (24).
     *
     * @param order byte order of the family field
     * @return a link builder
     */
    public static FrameBuilder loopback(ByteOrder order) {
        return new FrameBuilder(FrameBuilder.Link.NULL).familyOrder(order);
    }

    /**
     * No link header: the frame starts with the IP header (LINKTYPE_RAW / IPV4 / IPV6).
     *
     * @return a link builder
     */
    public static FrameBuilder raw() {
        return new FrameBuilder(FrameBuilder.Link.RAW);
    }
}
