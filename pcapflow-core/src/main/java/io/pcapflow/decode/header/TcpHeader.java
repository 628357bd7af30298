package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * TCP header (RFC 9293 §3.1), 20 bytes plus up to 40 bytes of options walked by
 * {@link TcpOptionWalker}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsv |E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (Data Offset - 5 words)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>AE (formerly NS, RFC 3540, now RFC 9768 accurate ECN) is bit 0x100 of {@link #flags()}.
 * Sequence and acknowledgment numbers are unsigned 32-bit values kept in an {@code int}. See
 * <a href="https://www.rfc-editor.org/rfc/rfc9293#section-3.1">RFC 9293</a>.
 */
public final class TcpHeader {
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Length of a port. */
    public static final int PORT_LENGTH = 2;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = SOURCE_PORT_OFFSET + PORT_LENGTH;
    /** Offset of the sequence number. */
    public static final int SEQ_OFFSET = DESTINATION_PORT_OFFSET + PORT_LENGTH;
    /** Length of the sequence number. */
    public static final int SEQ_LENGTH = 4;
    /** Offset of the acknowledgment number. */
    public static final int ACK_OFFSET = SEQ_OFFSET + SEQ_LENGTH;
    /** Length of the acknowledgment number. */
    public static final int ACK_LENGTH = 4;
    /** Offset of the data offset and flags word. */
    public static final int DATA_OFFSET_FLAGS_OFFSET = ACK_OFFSET + ACK_LENGTH;
    /** Length of the data offset and flags word. */
    public static final int DATA_OFFSET_FLAGS_LENGTH = 2;
    /** Offset of the window. */
    public static final int WINDOW_OFFSET = DATA_OFFSET_FLAGS_OFFSET + DATA_OFFSET_FLAGS_LENGTH;
    /** Length of the window. */
    public static final int WINDOW_LENGTH = 2;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = WINDOW_OFFSET + WINDOW_LENGTH;
    /** Length of the checksum. */
    public static final int CHECKSUM_LENGTH = 2;
    /** Offset of the urgent pointer. */
    public static final int URGENT_POINTER_OFFSET = CHECKSUM_OFFSET + CHECKSUM_LENGTH;
    /** Length of the urgent pointer. */
    public static final int URGENT_POINTER_LENGTH = 2;
    /** Length of the header without options (data offset 5). */
    public static final int MIN_HEADER_LENGTH = URGENT_POINTER_OFFSET + URGENT_POINTER_LENGTH;
    /** Length of the header with the most options (data offset 15). */
    public static final int MAX_HEADER_LENGTH = 60;

    /** FIN flag. */
    public static final int FIN = 0x01;
    /** SYN flag. */
    public static final int SYN = 0x02;
    /** RST flag. */
    public static final int RST = 0x04;
    /** PSH flag. */
    public static final int PSH = 0x08;
    /** ACK flag. */
    public static final int ACK = 0x10;
    /** URG flag. */
    public static final int URG = 0x20;
    /** ECE flag. */
    public static final int ECE = 0x40;
    /** CWR flag. */
    public static final int CWR = 0x80;
    /** AE flag (formerly NS). */
    public static final int AE = 0x100;
    /** The 12 low bits of the data offset and flags word. */
    public static final int FLAGS_MASK = 0x0FFF;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public TcpHeader() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public TcpHeader wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return sequence number, unsigned 32-bit in an int */
    public int seq() {
        return bytes.i32(offset + SEQ_OFFSET);
    }

    /** @return acknowledgment number, unsigned 32-bit in an int */
    public int ack() {
        return bytes.i32(offset + ACK_OFFSET);
    }

    /** @return data offset in 32-bit words (at least 5 when well formed) */
    public int dataOffset() {
        return bytes.u8(offset + DATA_OFFSET_FLAGS_OFFSET) >>> 4;
    }

    /** @return header length in bytes, options included */
    public int headerLength() {
        return dataOffset() * 4;
    }

    /** @return the 12 low bits of bytes 12-13: reserved bits, AE and the eight classic flags */
    public int flags() {
        return bytes.u16(offset + DATA_OFFSET_FLAGS_OFFSET) & FLAGS_MASK;
    }

    /** @return the raw, unscaled receive window */
    public int window() {
        return bytes.u16(offset + WINDOW_OFFSET);
    }

    /** @return checksum as stored */
    public int checksum() {
        return bytes.u16(offset + CHECKSUM_OFFSET);
    }

    /** @return urgent pointer */
    public int urgentPointer() {
        return bytes.u16(offset + URGENT_POINTER_OFFSET);
    }

    /**
     * Static reader used before the options are walked.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first TCP byte
     * @return header length in bytes from the data offset
     */
    public static int headerLength(final Bytes bytes, final int offset) {
        return (bytes.u8(offset + DATA_OFFSET_FLAGS_OFFSET) >>> 4) * 4;
    }
}
