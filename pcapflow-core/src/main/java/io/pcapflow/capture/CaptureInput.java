package io.pcapflow.capture;

import io.pcapflow.bytes.Bytes;

import java.io.Closeable;
import java.io.IOException;

/**
 * A sequential byte source for capture readers: a window of the input that can be asked to hold a
 * given range. Readers address the input by absolute position (byte offset from the start of the
 * possibly decompressed input) and translate to window indices with {@link #index(long)}.
 *
 * <p>Memory is bounded by the largest single range requested, never by the input size; readers
 * cap record lengths before asking for them.
 */
public abstract class CaptureInput implements Closeable {
    /** Largest range a reader may {@link #require}: bounds the window, whatever a length field says. */
    public static final int MAX_RANGE = 64 * 1024 * 1024;

    /** View of the current window; rewrapped when the window moves, so re-read after {@link #require}. */
    protected final Bytes bytes = new Bytes();
    /** Input position of window index 0. */
    protected long windowStart;
    /** Input position one past the last valid byte of the window. */
    protected long windowEnd;

    private final String name;

    /**
     * @param name file name (or {@code -}) used in messages
     */
    protected CaptureInput(final String name) {
        this.name = name;
    }

    /** @return the input's name for messages: its path, or {@code -} for standard input */
    public final String name() {
        return name;
    }

    /** @return the view over the current window */
    public final Bytes bytes() {
        return bytes;
    }

    /**
     * @param position absolute input position inside the current window
     * @return the index of that position in {@link #bytes()}
     */
    public final int index(final long position) {
        return (int) (position - windowStart);
    }

    /**
     * Makes {@code [position, position + length)} readable through {@link #bytes()}.
     *
     * @param position absolute input position, not before the start of the current window
     * @param length   number of bytes, at most {@link #MAX_RANGE}
     * @return {@code true} when the range is available; {@code false} when the input ends first
     * @throws IOException when reading fails
     */
    public final boolean require(final long position, final int length) throws IOException {
        if (position + length <= windowEnd && position >= windowStart) {
            return true;
        }
        if (length > MAX_RANGE) {
            throw new IllegalArgumentException("range of " + length + " bytes exceeds " + MAX_RANGE);
        }
        return fill(position, length);
    }

    /**
     * @param position absolute input position within or at the end of the window
     * @return bytes available from {@code position} in the current window (after a failed
     *         {@link #require}: what the input still holds before its end)
     */
    public final long available(final long position) {
        return Math.max(0, windowEnd - position);
    }

    /** @return the total input length when known (a regular uncompressed file), else -1 */
    public abstract long size();

    /**
     * Moves or refills the window so it covers the range, as far as the input allows.
     *
     * @param position absolute position of the range
     * @param length   range length
     * @return whether the whole range is now available
     * @throws IOException when reading fails
     */
    protected abstract boolean fill(long position, int length) throws IOException;
}
