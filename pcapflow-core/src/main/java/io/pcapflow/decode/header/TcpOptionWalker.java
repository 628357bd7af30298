package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * Steps over TCP options one at a time, without allocating, validating each known option's
 * length so that the value readers ({@link #mss()}, {@link #tsVal()}, ...) may read unchecked.
 *
 * <pre>
 * EOL  0          NOP 1          MSS 2, len 4 (RFC 9293 §3.2)   WS 3, len 3 (RFC 7323 §2.2)
 * +--------+      +--------+     +--------+--------+--------+--------+     +--------+--------+--------+
 * |00000000|      |00000001|     |   2    |   4    |   max seg size  |     |   3    |   3    | shift  |
 * +--------+      +--------+     +--------+--------+--------+--------+     +--------+--------+--------+
 * SACK-permitted 4, len 2 (RFC 2018)   SACK 5, len 2 + 8n, n = 1..4 (RFC 2018 §3)
 * +--------+--------+                  +--------+--------+-----------------+-----------------+
 * |   4    |   2    |                  |   5    | 2 + 8n | left edge (u32) | right edge (u32)| ...
 * +--------+--------+                  +--------+--------+-----------------+-----------------+
 * Timestamps 8, len 10 (RFC 7323 §3.2)
 * +--------+--------+-----------------+-----------------+
 * |   8    |   10   |   TSval (u32)   |   TSecr (u32)   |
 * +--------+--------+-----------------+-----------------+
 * </pre>
 *
 * <p>{@link #next()} stops at EOL, at the end of the options, or on an error: a length below 2,
 * past the end of the header, or wrong for a known kind gives {@link #BAD_LENGTH} (the caller
 * keeps the header and ignores the rest of the options); an option cut by the end of the
 * captured bytes gives {@link #TRUNCATED}. Unknown kinds with a sane length are returned too.
 */
public final class TcpOptionWalker {
    /** End of option list. */
    public static final int EOL = 0;
    /** No operation (padding). */
    public static final int NOP = 1;
    /** Maximum segment size. */
    public static final int MSS = 2;
    /** Window scale. */
    public static final int WINDOW_SCALE = 3;
    /** SACK permitted. */
    public static final int SACK_PERMITTED = 4;
    /** SACK blocks. */
    public static final int SACK = 5;
    /** Timestamps. */
    public static final int TIMESTAMPS = 8;

    /** Offset of the kind byte in an option. */
    public static final int KIND_OFFSET = 0;
    /** Offset of the length byte in an option. */
    public static final int LENGTH_OFFSET = KIND_OFFSET + 1;
    /** Offset of the value in an option. */
    public static final int VALUE_OFFSET = LENGTH_OFFSET + 1;
    /** Length of the MSS option. */
    public static final int MSS_LENGTH = VALUE_OFFSET + 2;
    /** Length of the window-scale option. */
    public static final int WINDOW_SCALE_LENGTH = VALUE_OFFSET + 1;
    /** Length of the SACK-permitted option. */
    public static final int SACK_PERMITTED_LENGTH = VALUE_OFFSET;
    /** Length of the timestamps option. */
    public static final int TIMESTAMPS_LENGTH = VALUE_OFFSET + 8;
    /** Length of one SACK block. */
    public static final int SACK_BLOCK_LENGTH = 8;
    /** Most SACK blocks an option can hold in 40 bytes of options. */
    public static final int MAX_SACK_BLOCKS = 4;

    /** The walk reached EOL or the end of the options. */
    public static final int OK = 0;
    /** An option length is impossible; the rest of the options is unusable. */
    public static final int BAD_LENGTH = 1;
    /** The captured bytes end inside the options. */
    public static final int TRUNCATED = 2;

    private Bytes bytes;
    private int position;
    private int end;
    private int limit;
    private int kind;
    private int optionOffset;
    private int optionLength;
    private int status;

    /** Creates an unpositioned walker; call {@link #wrap} before walking. */
    public TcpOptionWalker() {
    }

    /**
     * Positions the walker on the options area.
     *
     * @param bytes  buffer holding the packet
     * @param offset index of the first option byte (TCP header + 20)
     * @param end    index one past the options (TCP header + data offset * 4)
     * @param limit  index one past the last captured byte (may be below {@code end})
     * @return this walker
     */
    public TcpOptionWalker wrap(final Bytes bytes, final int offset, final int end, final int limit) {
        this.bytes = bytes;
        this.position = offset;
        this.end = end;
        this.limit = limit;
        this.kind = -1;
        this.optionOffset = -1;
        this.optionLength = 0;
        this.status = OK;
        return this;
    }

    /**
     * Steps to the next option.
     *
     * @return true when positioned on an option; false at the end or on error ({@link #status()})
     */
    public boolean next() {
        if (position >= end) {
            return false;
        }
        if (position >= limit) {
            status = TRUNCATED;
            return false;
        }
        final int k = bytes.u8(position + KIND_OFFSET);
        if (k == EOL) {
            return false;
        }
        if (k == NOP) {
            return step(k, 1);
        }
        if (position + LENGTH_OFFSET >= end) {
            status = BAD_LENGTH;
            return false;
        }
        if (position + LENGTH_OFFSET >= limit) {
            status = TRUNCATED;
            return false;
        }
        final int len = bytes.u8(position + LENGTH_OFFSET);
        if (len < VALUE_OFFSET || position + len > end || !isValidLength(k, len)) {
            status = BAD_LENGTH;
            return false;
        }
        if (position + len > limit) {
            status = TRUNCATED;
            return false;
        }
        return step(k, len);
    }

    private boolean step(final int k, final int len) {
        kind = k;
        optionOffset = position;
        optionLength = len;
        position += len;
        return true;
    }

    private static boolean isValidLength(final int kind, final int length) {
        switch (kind) {
            case MSS:
                return length == MSS_LENGTH;
            case WINDOW_SCALE:
                return length == WINDOW_SCALE_LENGTH;
            case SACK_PERMITTED:
                return length == SACK_PERMITTED_LENGTH;
            case TIMESTAMPS:
                return length == TIMESTAMPS_LENGTH;
            case SACK:
                final int blocks = length - VALUE_OFFSET;
                return blocks > 0 && blocks % SACK_BLOCK_LENGTH == 0
                    && blocks / SACK_BLOCK_LENGTH <= MAX_SACK_BLOCKS;
            default:
                return true;
        }
    }

    /** @return kind of the current option */
    public int kind() {
        return kind;
    }

    /** @return index of the current option's kind byte */
    public int optionOffset() {
        return optionOffset;
    }

    /** @return length of the current option, kind and length bytes included */
    public int optionLength() {
        return optionLength;
    }

    /** @return {@link #OK}, {@link #BAD_LENGTH} or {@link #TRUNCATED} */
    public int status() {
        return status;
    }

    /** @return the MSS value; current option must be {@link #MSS} */
    public int mss() {
        return bytes.u16(optionOffset + VALUE_OFFSET);
    }

    /** @return the raw shift count; current option must be {@link #WINDOW_SCALE} */
    public int windowScale() {
        return bytes.u8(optionOffset + VALUE_OFFSET);
    }

    /** @return TSval; current option must be {@link #TIMESTAMPS} */
    public long tsVal() {
        return bytes.u32(optionOffset + VALUE_OFFSET);
    }

    /** @return TSecr; current option must be {@link #TIMESTAMPS} */
    public long tsEcr() {
        return bytes.u32(optionOffset + VALUE_OFFSET + 4);
    }

    /** @return number of SACK blocks; current option must be {@link #SACK} */
    public int sackBlockCount() {
        return (optionLength - VALUE_OFFSET) / SACK_BLOCK_LENGTH;
    }

    /**
     * @param i block index, below {@link #sackBlockCount()}
     * @return left edge of block {@code i}
     */
    public long sackLeft(final int i) {
        return bytes.u32(optionOffset + VALUE_OFFSET + i * SACK_BLOCK_LENGTH);
    }

    /**
     * @param i block index, below {@link #sackBlockCount()}
     * @return right edge of block {@code i}
     */
    public long sackRight(final int i) {
        return bytes.u32(optionOffset + VALUE_OFFSET + i * SACK_BLOCK_LENGTH + 4);
    }
}
