package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * UDP header (RFC 768), 8 bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>See <a href="https://www.rfc-editor.org/rfc/rfc768">RFC 768</a>.
 */
public final class UdpHeader {
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Length of a port. */
    public static final int PORT_LENGTH = 2;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = SOURCE_PORT_OFFSET + PORT_LENGTH;
    /** Offset of the length. */
    public static final int LENGTH_OFFSET = DESTINATION_PORT_OFFSET + PORT_LENGTH;
    /** Length of the length field. */
    public static final int LENGTH_LENGTH = 2;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = LENGTH_OFFSET + LENGTH_LENGTH;
    /** Length of the checksum. */
    public static final int CHECKSUM_LENGTH = 2;
    /** Length of the header. */
    public static final int HEADER_LENGTH = CHECKSUM_OFFSET + CHECKSUM_LENGTH;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public UdpHeader() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public UdpHeader wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return source port */
    public int sourcePort() {
        return bytes.u16(offset + SOURCE_PORT_OFFSET);
    }

    /** @return destination port */
    public int destinationPort() {
        return bytes.u16(offset + DESTINATION_PORT_OFFSET);
    }

    /** @return the UDP length field: header plus data in bytes */
    public int udpLength() {
        return bytes.u16(offset + LENGTH_OFFSET);
    }

    /** @return checksum as stored (0 = none, IPv4 only) */
    public int checksum() {
        return bytes.u16(offset + CHECKSUM_OFFSET);
    }
}
