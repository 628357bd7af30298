package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * Ethernet II header (LINKTYPE_ETHERNET), without the FCS, which captures do not carry.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination MAC (6 bytes)                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+       Source MAC (6 bytes)    +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           EtherType           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>An EtherType of 1500 or less is an IEEE 802.3 length (LLC follows), which pcapflow treats as
 * non-IP. See <a href="https://www.tcpdump.org/linktypes/LINKTYPE_ETHERNET.html">LINKTYPE_ETHERNET</a>.
 */
public final class EthernetHeader {
    /** Offset of the destination MAC. */
    public static final int DESTINATION_OFFSET = 0;
    /** Length of a MAC address. */
    public static final int MAC_LENGTH = 6;
    /** Offset of the source MAC. */
    public static final int SOURCE_OFFSET = DESTINATION_OFFSET + MAC_LENGTH;
    /** Offset of the EtherType. */
    public static final int ETHER_TYPE_OFFSET = SOURCE_OFFSET + MAC_LENGTH;
    /** Length of the EtherType. */
    public static final int ETHER_TYPE_LENGTH = 2;
    /** Length of the header. */
    public static final int HEADER_LENGTH = ETHER_TYPE_OFFSET + ETHER_TYPE_LENGTH;

    /** EtherType of IPv4. */
    public static final int ETHER_TYPE_IPV4 = 0x0800;
    /** EtherType of ARP. */
    public static final int ETHER_TYPE_ARP = 0x0806;
    /** EtherType of IPv6. */
    public static final int ETHER_TYPE_IPV6 = 0x86DD;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public EthernetHeader() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the frame
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public EthernetHeader wrap(final Bytes bytes, final int offset, final int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** @return index of the first header byte */
    public int offset() {
        return offset;
    }

    /** @return bytes available from {@link #offset()} when wrapped */
    public int length() {
        return length;
    }

    /** @return destination MAC as the low 48 bits of a long */
    public long destination() {
        return mac(bytes, offset + DESTINATION_OFFSET);
    }

    /** @return source MAC as the low 48 bits of a long */
    public long source() {
        return mac(bytes, offset + SOURCE_OFFSET);
    }

    /** @return the EtherType (or 802.3 length when at most 1500) */
    public int etherType() {
        return bytes.u16(offset + ETHER_TYPE_OFFSET);
    }

    /**
     * Static reader for dispatch before a flyweight is positioned.
     *
     * @param bytes  buffer holding the frame
     * @param offset index of the first header byte
     * @return the EtherType
     */
    public static int etherType(final Bytes bytes, final int offset) {
        return bytes.u16(offset + ETHER_TYPE_OFFSET);
    }

    private static long mac(final Bytes bytes, final int index) {
        return ((long) bytes.u16(index) << 32) | bytes.u32(index + 2);
    }
}
