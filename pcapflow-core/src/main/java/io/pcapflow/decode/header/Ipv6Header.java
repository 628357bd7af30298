package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * IPv6 fixed header (RFC 8200 §3), 40 bytes; extension headers are walked by
 * {@link Ipv6ExtensionWalker}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                 Source Address (16 bytes)                     +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +              Destination Address (16 bytes)                   +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Addresses are read as two big-endian longs each (high = first 8 bytes). See
 * <a href="https://www.rfc-editor.org/rfc/rfc8200#section-3">RFC 8200</a>.
 */
public final class Ipv6Header {
    /** Offset of version, traffic class and flow label. */
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    /** Length of version, traffic class and flow label. */
    public static final int VERSION_CLASS_FLOW_LENGTH = 4;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = VERSION_CLASS_FLOW_OFFSET + VERSION_CLASS_FLOW_LENGTH;
    /** Length of the payload length. */
    public static final int PAYLOAD_LENGTH_LENGTH = 2;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = PAYLOAD_LENGTH_OFFSET + PAYLOAD_LENGTH_LENGTH;
    /** Length of the next header. */
    public static final int NEXT_HEADER_LENGTH = 1;
    /** Offset of the hop limit. */
    public static final int HOP_LIMIT_OFFSET = NEXT_HEADER_OFFSET + NEXT_HEADER_LENGTH;
    /** Length of the hop limit. */
    public static final int HOP_LIMIT_LENGTH = 1;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = HOP_LIMIT_OFFSET + HOP_LIMIT_LENGTH;
    /** Length of an address. */
    public static final int ADDRESS_LENGTH = 16;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = SOURCE_OFFSET + ADDRESS_LENGTH;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = DESTINATION_OFFSET + ADDRESS_LENGTH;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public Ipv6Header() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public Ipv6Header wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return version nibble (6 when well formed) */
    public int version() {
        return bytes.u8(offset + VERSION_CLASS_FLOW_OFFSET) >>> 4;
    }

    /** @return traffic class */
    public int trafficClass() {
        return (bytes.u16(offset + VERSION_CLASS_FLOW_OFFSET) >>> 4) & 0xFF;
    }

    /** @return flow label, 20 bits */
    public int flowLabel() {
        return bytes.i32(offset + VERSION_CLASS_FLOW_OFFSET) & 0xF_FFFF;
    }

    /** @return payload length (bytes after the fixed header, extension headers included) */
    public int payloadLength() {
        return bytes.u16(offset + PAYLOAD_LENGTH_OFFSET);
    }

    /** @return next header: first extension header or upper-layer protocol */
    public int nextHeader() {
        return bytes.u8(offset + NEXT_HEADER_OFFSET);
    }

    /** @return hop limit */
    public int hopLimit() {
        return bytes.u8(offset + HOP_LIMIT_OFFSET);
    }

    /** @return first 8 bytes of the source address */
    public long sourceHigh() {
        return bytes.i64(offset + SOURCE_OFFSET);
    }

    /** @return last 8 bytes of the source address */
    public long sourceLow() {
        return bytes.i64(offset + SOURCE_OFFSET + 8);
    }

    /** @return first 8 bytes of the destination address */
    public long destinationHigh() {
        return bytes.i64(offset + DESTINATION_OFFSET);
    }

    /** @return last 8 bytes of the destination address */
    public long destinationLow() {
        return bytes.i64(offset + DESTINATION_OFFSET + 8);
    }
}
