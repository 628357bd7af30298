package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * Linux cooked capture header, version 2 (LINKTYPE_LINUX_SLL2, 276), 20 bytes; what
 * {@code tcpdump -i any} writes since libpcap 1.10.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Protocol type         |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Interface index                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          ARPHRD_ type         |  Packet type  | Address length|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Link-layer address (8 bytes, zero padded)        |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Packet type values are those of {@link SllHeader}. See
 * <a href="https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html">LINKTYPE_LINUX_SLL2</a>.
 */
public final class Sll2Header {
    /** Offset of the protocol type. */
    public static final int PROTOCOL_OFFSET = 0;
    /** Length of the protocol type. */
    public static final int PROTOCOL_LENGTH = 2;
    /** Offset of the reserved field. */
    public static final int RESERVED_OFFSET = PROTOCOL_OFFSET + PROTOCOL_LENGTH;
    /** Length of the reserved field. */
    public static final int RESERVED_LENGTH = 2;
    /** Offset of the interface index. */
    public static final int INTERFACE_INDEX_OFFSET = RESERVED_OFFSET + RESERVED_LENGTH;
    /** Length of the interface index. */
    public static final int INTERFACE_INDEX_LENGTH = 4;
    /** Offset of the ARPHRD_ type. */
    public static final int ARPHRD_TYPE_OFFSET = INTERFACE_INDEX_OFFSET + INTERFACE_INDEX_LENGTH;
    /** Length of the ARPHRD_ type. */
    public static final int ARPHRD_TYPE_LENGTH = 2;
    /** Offset of the packet type. */
    public static final int PACKET_TYPE_OFFSET = ARPHRD_TYPE_OFFSET + ARPHRD_TYPE_LENGTH;
    /** Length of the packet type. */
    public static final int PACKET_TYPE_LENGTH = 1;
    /** Offset of the address length. */
    public static final int ADDRESS_LENGTH_OFFSET = PACKET_TYPE_OFFSET + PACKET_TYPE_LENGTH;
    /** Length of the address length field. */
    public static final int ADDRESS_LENGTH_LENGTH = 1;
    /** Offset of the link-layer address. */
    public static final int ADDRESS_OFFSET = ADDRESS_LENGTH_OFFSET + ADDRESS_LENGTH_LENGTH;
    /** Length of the link-layer address field. */
    public static final int ADDRESS_LENGTH = 8;
    /** Length of the header. */
    public static final int HEADER_LENGTH = ADDRESS_OFFSET + ADDRESS_LENGTH;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public Sll2Header() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the frame
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public Sll2Header wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return protocol type (an EtherType for Ethernet-like devices) */
    public int protocol() {
        return bytes.u16(offset + PROTOCOL_OFFSET);
    }

    /** @return interface index (unsigned 32-bit on the wire; real indexes fit in an int) */
    public int interfaceIndex() {
        return bytes.i32(offset + INTERFACE_INDEX_OFFSET);
    }

    /** @return ARPHRD_ device type (1 = Ethernet) */
    public int arphrdType() {
        return bytes.u16(offset + ARPHRD_TYPE_OFFSET);
    }

    /** @return packet type, 0..4 (see {@link SllHeader}) */
    public int packetType() {
        return bytes.u8(offset + PACKET_TYPE_OFFSET);
    }

    /** @return number of meaningful bytes in the address field */
    public int addressLength() {
        return bytes.u8(offset + ADDRESS_LENGTH_OFFSET);
    }

    /** @return the 8-byte address field as stored */
    public long address() {
        return bytes.i64(offset + ADDRESS_OFFSET);
    }
}
