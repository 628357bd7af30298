package io.pcapflow.cli.console;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Buffered text output for data (stdout). Writes ASCII/UTF-8 from a {@link CharSequence} into a
 * byte buffer without per-line allocation, and turns a closed pipe into {@link BrokenPipe} so the
 * command can end quietly, as {@code rg | head} does.
 */
public final class Output implements Appendable, AutoCloseable {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int used;

    /**
     * @param out where the bytes go
     */
    public Output(final OutputStream out) {
        this.out = out;
    }

    /** Thrown when the reader of our output went away (EPIPE). */
    public static final class BrokenPipe extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BrokenPipe(final IOException cause) {
            super(cause);
        }
    }

    /**
     * Appends text (UTF-8).
     *
     * @param text the characters
     * @return this
     */
    @Override
    public Output append(final CharSequence text) {
        final int n = text.length();
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                if (used == buffer.length) {
                    flushBuffer();
                }
                buffer[used++] = (byte) c;
            } else {
                appendNonAscii(text, i);
                return this;
            }
        }
        return this;
    }

    private void appendNonAscii(final CharSequence text, final int from) {
        final byte[] rest = text.subSequence(from, text.length()).toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (final byte b : rest) {
            if (used == buffer.length) {
                flushBuffer();
            }
            buffer[used++] = b;
        }
    }

    @Override
    public Output append(final CharSequence text, final int start, final int end) {
        return append(text.subSequence(start, end));
    }

    @Override
    public Output append(final char c) {
        if (c < 0x80) {
            if (used == buffer.length) {
                flushBuffer();
            }
            buffer[used++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }

    /**
     * Appends text and a newline.
     *
     * @param text the line without its newline
     * @return this
     */
    public Output line(final CharSequence text) {
        append(text);
        if (used == buffer.length) {
            flushBuffer();
        }
        buffer[used++] = '\n';
        return this;
    }

    /**
     * Appends bytes already encoded (a line formatted earlier, see {@link LineBuffer}).
     *
     * @param bytes  the bytes
     * @param offset first byte
     * @param length number of bytes
     * @return this
     */
    public Output write(final byte[] bytes, final int offset, final int length) {
        int from = offset;
        int left = length;
        while (left > 0) {
            if (used == buffer.length) {
                flushBuffer();
            }
            final int n = Math.min(left, buffer.length - used);
            System.arraycopy(bytes, from, buffer, used, n);
            used += n;
            from += n;
            left -= n;
        }
        return this;
    }

    /** Writes out what is buffered. */
    public void flush() {
        flushBuffer();
        try {
            out.flush();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private void flushBuffer() {
        if (used == 0) {
            return;
        }
        final int n = used;
        // dropped whatever happens: after a failed write nobody reads these bytes any more
        used = 0;
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(final IOException e) {
        final String m = String.valueOf(e.getMessage());
        if (m.contains("Broken pipe") || m.contains("Stream closed")) {
            return new BrokenPipe(e);
        }
        return new UncheckedIOException(e);
    }

    @Override
    public void close() {
        flush();
    }
}
