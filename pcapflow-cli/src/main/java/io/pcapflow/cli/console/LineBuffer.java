package io.pcapflow.cli.console;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text encoded to bytes exactly as {@link Output} encodes it, kept for later: a command that must
 * print rows in an order other than the one it finishes them in formats each row while its data
 * is still in the cache, and holds only the bytes.
 */
public final class LineBuffer implements Appendable {
    private byte[] bytes = new byte[1024];
    private char[] chars = new char[1024];
    private int used;

    /** Forgets what was appended. */
    public void clear() {
        used = 0;
    }

    /** @return bytes appended since {@link #clear()} */
    public int length() {
        return used;
    }

    /** @return a copy of the bytes appended */
    public byte[] toBytes() {
        return Arrays.copyOf(bytes, used);
    }

    /**
     * Writes the bytes appended to an output.
     *
     * @param out destination
     */
    public void writeTo(final Output out) {
        out.write(bytes, 0, used);
    }

    @Override
    public LineBuffer append(final CharSequence text) {
        final int n = text.length();
        if (bytes.length - used < n) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + n));
        }
        if (text instanceof StringBuilder) {
            return append((StringBuilder) text, n);
        }
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c >= 0x80) {
                // the rest as one UTF-8 string, as Output does, so that the bytes are the same
                final byte[] rest = text.subSequence(i, n).toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length - used < rest.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + rest.length));
                }
                System.arraycopy(rest, 0, bytes, used, rest.length);
                used += rest.length;
                return this;
            }
            bytes[used++] = (byte) c;
        }
        return this;
    }

    /** A builder's characters copied out in one call rather than by {@code charAt}, one bounds check each. */
    private LineBuffer append(final StringBuilder text, final int n) {
        if (chars.length < n) {
            chars = new char[Math.max(chars.length * 2, n)];
        }
        text.getChars(0, n, chars, 0);
        final char[] c = chars;
        final byte[] b = bytes;
        int u = used;
        for (int i = 0; i < n; i++) {
            final char ch = c[i];
            if (ch >= 0x80) {
                used = u;
                final byte[] rest = new String(c, i, n - i).getBytes(StandardCharsets.UTF_8);
                if (bytes.length - used < rest.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + rest.length));
                }
                System.arraycopy(rest, 0, bytes, used, rest.length);
                used += rest.length;
                return this;
            }
            b[u++] = (byte) ch;
        }
        used = u;
        return this;
    }

    @Override
    public LineBuffer append(final CharSequence text, final int start, final int end) {
        return append(text.subSequence(start, end));
    }

    @Override
    public LineBuffer append(final char c) {
        if (c < 0x80) {
            if (used == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[used++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }
}
