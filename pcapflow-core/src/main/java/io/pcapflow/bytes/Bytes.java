package io.pcapflow.bytes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A re-wrappable view over a {@link ByteBuffer} (heap, direct or memory-mapped) with absolute,
 * explicit-byte-order getters, in the shape of Agrona's {@code DirectBuffer}.
 *
 * <p>The wrapped buffer's own byte order and position are ignored: every read names its index and,
 * where it matters, its byte order. Network headers are big-endian ({@code u16}, {@code i32},
 * {@code u32}); capture-file headers pass the order found in their magic number. Unsigned 8- and
 * 16-bit fields widen to {@code int}, unsigned 32-bit fields to {@code long}.
 *
 * <p>The underlying {@code ByteBuffer} already refuses reads outside its limit. When
 * {@link #SHOULD_BOUNDS_CHECK} is on (system property {@code pcapflow.boundsCheck=true}, as in the
 * test suite) each read is also checked against the view's own limit with a message that names the
 * index, so a decoder that trusts a length field too far fails in tests, not silently.
 */
public final class Bytes {
    /** Whether every access is checked against {@link #limit()}; fixed at class load. */
    public static final boolean SHOULD_BOUNDS_CHECK = Boolean.getBoolean("pcapflow.boundsCheck");

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private ByteBuffer buffer = EMPTY;
    private int limit;

    /** Creates a view over nothing; call {@link #wrap(ByteBuffer)} before reading. */
    public Bytes() {
    }

    /**
     * Creates a view over a byte array.
     *
     * @param array the bytes to view
     */
    public Bytes(final byte[] array) {
        wrap(ByteBuffer.wrap(array));
    }

    /**
     * Points this view at {@code buffer}, from index 0 to its limit.
     *
     * @param buffer to which the view is attached
     * @return this view
     */
    public Bytes wrap(final ByteBuffer buffer) {
        // Absolute reads below use the buffer's order: pin it once, then reverse for little-endian.
        this.buffer = buffer.order() == ByteOrder.BIG_ENDIAN ? buffer : buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.limit = buffer.limit();
        return this;
    }

    /**
     * Points this view at a byte array.
     *
     * @param array the bytes to view
     * @return this view
     */
    public Bytes wrap(final byte[] array) {
        return wrap(ByteBuffer.wrap(array));
    }

    /** @return the number of readable bytes, indices {@code 0 .. limit()-1} */
    public int limit() {
        return limit;
    }

    /** @return the buffer this view reads (big-endian order; do not move its position) */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * @param index absolute index
     * @return the signed byte at {@code index}
     */
    public byte i8(final int index) {
        if (SHOULD_BOUNDS_CHECK) {
            check(index, 1);
        }
        return buffer.get(index);
    }

    /**
     * @param index absolute index
     * @return the unsigned byte at {@code index}
     */
    public int u8(final int index) {
        if (SHOULD_BOUNDS_CHECK) {
            check(index, 1);
        }
        return buffer.get(index) & 0xFF;
    }

    /**
     * @param index absolute index
     * @return the unsigned big-endian 16-bit value at {@code index}
     */
    public int u16(final int index) {
        if (SHOULD_BOUNDS_CHECK) {
            check(index, 2);
        }
        return buffer.getShort(index) & 0xFFFF;
    }

    /**
     * @param index absolute index
     * @param order byte order of the field
     * @return the unsigned 16-bit value at {@code index}
     */
    public int u16(final int index, final ByteOrder order) {
        final int v = u16(index);
        return order == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v) >>> 16;
    }

    /**
     * @param index absolute index
     * @return the big-endian 32-bit value at {@code index}, as stored (signed)
     */
    public int i32(final int index) {
        if (SHOULD_BOUNDS_CHECK) {
            check(index, 4);
        }
        return buffer.getInt(index);
    }

    /**
     * @param index absolute index
     * @param order byte order of the field
     * @return the 32-bit value at {@code index}, as stored (signed)
     */
    public int i32(final int index, final ByteOrder order) {
        final int v = i32(index);
        return order == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /**
     * @param index absolute index
     * @return the unsigned big-endian 32-bit value at {@code index}
     */
    public long u32(final int index) {
        return i32(index) & 0xFFFF_FFFFL;
    }

    /**
     * @param index absolute index
     * @param order byte order of the field
     * @return the unsigned 32-bit value at {@code index}
     */
    public long u32(final int index, final ByteOrder order) {
        return i32(index, order) & 0xFFFF_FFFFL;
    }

    /**
     * @param index absolute index
     * @return the big-endian 64-bit value at {@code index}
     */
    public long i64(final int index) {
        if (SHOULD_BOUNDS_CHECK) {
            check(index, 8);
        }
        return buffer.getLong(index);
    }

    /**
     * @param index absolute index
     * @param order byte order of the field
     * @return the 64-bit value at {@code index}
     */
    public long i64(final int index, final ByteOrder order) {
        final long v = i64(index);
        return order == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
    }

    /**
     * Copies bytes out of the view (for exporters and diagnostics, not the per-packet path).
     *
     * @param index     first byte to copy
     * @param dst       destination array
     * @param dstOffset first index written in {@code dst}
     * @param length    number of bytes
     */
    public void copyTo(final int index, final byte[] dst, final int dstOffset, final int length) {
        if (SHOULD_BOUNDS_CHECK) {
            check(index, length);
        }
        buffer.get(index, dst, dstOffset, length);
    }

    /**
     * @param index  first byte
     * @param length number of bytes
     * @return a new array with a copy of the bytes (allocates; not for the per-packet path)
     */
    public byte[] copy(final int index, final int length) {
        final byte[] out = new byte[length];
        copyTo(index, out, 0, length);
        return out;
    }

    /**
     * @param index  first byte
     * @param length number of bytes, at most 16 shown per line
     * @return a classic hex dump, for diagnostics
     */
    public String hexDump(final int index, final int length) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i % 16 == 0) {
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append(String.format("%04x ", i));
            }
            sb.append(String.format(" %02x", u8(index + i)));
        }
        return sb.toString();
    }

    private void check(final int index, final int length) {
        // long arithmetic: index + length must not overflow into a negative that passes the test
        if (index < 0 || length < 0 || (long) index + length > limit) {
            throw new IndexOutOfBoundsException(
                "index=" + index + " length=" + length + " limit=" + limit);
        }
    }
}
