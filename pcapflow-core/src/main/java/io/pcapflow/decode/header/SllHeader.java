package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * Linux cooked capture header, version 1 (LINKTYPE_LINUX_SLL, 113), 16 bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Packet type          |        ARPHRD_ type           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Link-layer address length   |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |              Link-layer address (8 bytes, zero padded)        |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |        Protocol type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Packet type: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us. The
 * protocol type is an EtherType for Ethernet-like devices. See
 * <a href="https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html">LINKTYPE_LINUX_SLL</a>.
 */
public final class SllHeader {
    /** Offset of the packet type. */
    public static final int PACKET_TYPE_OFFSET = 0;
    /** Length of the packet type. */
    public static final int PACKET_TYPE_LENGTH = 2;
    /** Offset of the ARPHRD_ type. */
    public static final int ARPHRD_TYPE_OFFSET = PACKET_TYPE_OFFSET + PACKET_TYPE_LENGTH;
    /** Length of the ARPHRD_ type. */
    public static final int ARPHRD_TYPE_LENGTH = 2;
    /** Offset of the address length. */
    public static final int ADDRESS_LENGTH_OFFSET = ARPHRD_TYPE_OFFSET + ARPHRD_TYPE_LENGTH;
    /** Length of the address length field. */
    public static final int ADDRESS_LENGTH_LENGTH = 2;
    /** Offset of the link-layer address. */
    public static final int ADDRESS_OFFSET = ADDRESS_LENGTH_OFFSET + ADDRESS_LENGTH_LENGTH;
    /** Length of the link-layer address field. */
    public static final int ADDRESS_LENGTH = 8;
    /** Offset of the protocol type. */
    public static final int PROTOCOL_OFFSET = ADDRESS_OFFSET + ADDRESS_LENGTH;
    /** Length of the protocol type. */
    public static final int PROTOCOL_LENGTH = 2;
    /** Length of the header. */
    public static final int HEADER_LENGTH = PROTOCOL_OFFSET + PROTOCOL_LENGTH;

    /** Packet type: addressed to the capturing host. */
    public static final int PACKET_HOST = 0;
    /** Packet type: broadcast. */
    public static final int PACKET_BROADCAST = 1;
    /** Packet type: multicast. */
    public static final int PACKET_MULTICAST = 2;
    /** Packet type: addressed to another host (promiscuous). */
    public static final int PACKET_OTHERHOST = 3;
    /** Packet type: sent by the capturing host. */
    public static final int PACKET_OUTGOING = 4;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public SllHeader() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the frame
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public SllHeader wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return packet type, 0..4 (see the {@code PACKET_*} constants) */
    public int packetType() {
        return bytes.u16(offset + PACKET_TYPE_OFFSET);
    }

    /** @return ARPHRD_ device type (1 = Ethernet) */
    public int arphrdType() {
        return bytes.u16(offset + ARPHRD_TYPE_OFFSET);
    }

    /** @return number of meaningful bytes in the address field */
    public int addressLength() {
        return bytes.u16(offset + ADDRESS_LENGTH_OFFSET);
    }

    /** @return the 8-byte address field as stored */
    public long address() {
        return bytes.i64(offset + ADDRESS_OFFSET);
    }

    /** @return protocol type (an EtherType for Ethernet-like devices) */
    public int protocol() {
        return bytes.u16(offset + PROTOCOL_OFFSET);
    }
}
