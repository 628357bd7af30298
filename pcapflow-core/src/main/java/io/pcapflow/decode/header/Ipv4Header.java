package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * IPv4 header (RFC 791 §3.1), 20 bytes plus up to 40 bytes of options.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL - 5 words)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Flags: bit 0 reserved, DF (0x4000 of the 16-bit word), MF (0x2000); the fragment offset
 * counts 8-byte units. See <a href="https://www.rfc-editor.org/rfc/rfc791#section-3.1">RFC 791</a>.
 */
public final class Ipv4Header {
    /** Offset of version and IHL. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Length of version and IHL. */
    public static final int VERSION_IHL_LENGTH = 1;
    /** Offset of DSCP and ECN. */
    public static final int TOS_OFFSET = VERSION_IHL_OFFSET + VERSION_IHL_LENGTH;
    /** Length of DSCP and ECN. */
    public static final int TOS_LENGTH = 1;
    /** Offset of the total length. */
    public static final int TOTAL_LENGTH_OFFSET = TOS_OFFSET + TOS_LENGTH;
    /** Length of the total length. */
    public static final int TOTAL_LENGTH_LENGTH = 2;
    /** Offset of the identification. */
    public static final int IDENTIFICATION_OFFSET = TOTAL_LENGTH_OFFSET + TOTAL_LENGTH_LENGTH;
    /** Length of the identification. */
    public static final int IDENTIFICATION_LENGTH = 2;
    /** Offset of flags and fragment offset. */
    public static final int FRAGMENT_OFFSET = IDENTIFICATION_OFFSET + IDENTIFICATION_LENGTH;
    /** Length of flags and fragment offset. */
    public static final int FRAGMENT_LENGTH = 2;
    /** Offset of the TTL. */
    public static final int TTL_OFFSET = FRAGMENT_OFFSET + FRAGMENT_LENGTH;
    /** Length of the TTL. */
    public static final int TTL_LENGTH = 1;
    /** Offset of the protocol. */
    public static final int PROTOCOL_OFFSET = TTL_OFFSET + TTL_LENGTH;
    /** Length of the protocol. */
    public static final int PROTOCOL_LENGTH = 1;
    /** Offset of the header checksum. */
    public static final int CHECKSUM_OFFSET = PROTOCOL_OFFSET + PROTOCOL_LENGTH;
    /** Length of the header checksum. */
    public static final int CHECKSUM_LENGTH = 2;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = CHECKSUM_OFFSET + CHECKSUM_LENGTH;
    /** Length of an address. */
    public static final int ADDRESS_LENGTH = 4;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = SOURCE_OFFSET + ADDRESS_LENGTH;
    /** Length of the header without options (IHL 5). */
    public static final int MIN_HEADER_LENGTH = DESTINATION_OFFSET + ADDRESS_LENGTH;
    /** Length of the header with the most options (IHL 15). */
    public static final int MAX_HEADER_LENGTH = 60;

    /** Don't-fragment bit in the flags/offset word. */
    public static final int FLAG_DF = 0x4000;
    /** More-fragments bit in the flags/offset word. */
    public static final int FLAG_MF = 0x2000;
    /** Fragment offset bits in the flags/offset word. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public Ipv4Header() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public Ipv4Header wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return IP version nibble (4 for a well-formed header) */
    public int version() {
        return bytes.u8(offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /** @return internet header length in 32-bit words (at least 5 when well formed) */
    public int ihl() {
        return bytes.u8(offset + VERSION_IHL_OFFSET) & 0x0F;
    }

    /** @return header length in bytes, options included */
    public int headerLength() {
        return ihl() * 4;
    }

    /** @return the DSCP/ECN byte */
    public int tos() {
        return bytes.u8(offset + TOS_OFFSET);
    }

    /** @return total length of the datagram in bytes, header included */
    public int totalLength() {
        return bytes.u16(offset + TOTAL_LENGTH_OFFSET);
    }

    /** @return identification */
    public int identification() {
        return bytes.u16(offset + IDENTIFICATION_OFFSET);
    }

    /** @return the raw 16-bit flags and fragment offset word */
    public int flagsAndFragmentOffset() {
        return bytes.u16(offset + FRAGMENT_OFFSET);
    }

    /** @return whether DF is set */
    public boolean isDontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DF) != 0;
    }

    /** @return whether MF is set */
    public boolean isMoreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MF) != 0;
    }

    /** @return fragment offset in bytes (the field counts 8-byte units) */
    public int fragmentOffset() {
        return (flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK) * 8;
    }

    /** @return time to live */
    public int ttl() {
        return bytes.u8(offset + TTL_OFFSET);
    }

    /** @return upper-layer protocol number */
    public int protocol() {
        return bytes.u8(offset + PROTOCOL_OFFSET);
    }

    /** @return header checksum as stored */
    public int checksum() {
        return bytes.u16(offset + CHECKSUM_OFFSET);
    }

    /** @return source address, big-endian in an int */
    public int source() {
        return bytes.i32(offset + SOURCE_OFFSET);
    }

    /** @return destination address, big-endian in an int */
    public int destination() {
        return bytes.i32(offset + DESTINATION_OFFSET);
    }

    /**
     * Static reader for dispatch on raw-IP link types.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first IP byte
     * @return the version nibble
     */
    public static int version(final Bytes bytes, final int offset) {
        return bytes.u8(offset + VERSION_IHL_OFFSET) >>> 4;
    }
}
