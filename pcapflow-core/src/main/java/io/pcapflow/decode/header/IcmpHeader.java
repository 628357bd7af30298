package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * The common first 4 bytes of ICMP (RFC 792) and ICMPv6 (RFC 4443 §2.1) messages: enough to
 * count messages by type and code.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Message body ...                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>See <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc4443#section-2.1">RFC 4443</a>.
 */
public final class IcmpHeader {
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Length of the type. */
    public static final int TYPE_LENGTH = 1;
    /** Offset of the code. */
    public static final int CODE_OFFSET = TYPE_OFFSET + TYPE_LENGTH;
    /** Length of the code. */
    public static final int CODE_LENGTH = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = CODE_OFFSET + CODE_LENGTH;
    /** Length of the checksum. */
    public static final int CHECKSUM_LENGTH = 2;
    /** Length of the common part. */
    public static final int HEADER_LENGTH = CHECKSUM_OFFSET + CHECKSUM_LENGTH;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public IcmpHeader() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public IcmpHeader wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return message type */
    public int type() {
        return bytes.u8(offset + TYPE_OFFSET);
    }

    /** @return message code */
    public int code() {
        return bytes.u8(offset + CODE_OFFSET);
    }

    /** @return checksum as stored */
    public int checksum() {
        return bytes.u16(offset + CHECKSUM_OFFSET);
    }
}
