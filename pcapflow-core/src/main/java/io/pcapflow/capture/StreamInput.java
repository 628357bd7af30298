package io.pcapflow.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A non-seekable input (standard input, a pipe, a gzip stream) read into one heap buffer that is
 * compacted as the reader moves on and grows only when a single range needs more room, up to
 * {@link CaptureInput#MAX_RANGE}.
 */
final class StreamInput extends CaptureInput {
    private static final int INITIAL = 1 << 22;

    private final InputStream in;
    private byte[] array = new byte[INITIAL];
    private boolean eof;

    StreamInput(final String name, final InputStream in) {
        super(name);
        this.in = in;
        bytes.wrap(ByteBuffer.wrap(array, 0, 0));
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    protected boolean fill(final long position, final int length) throws IOException {
        if (position < windowStart) {
            throw new IllegalStateException("stream input cannot move back to " + position);
        }
        final int keep = (int) Math.max(0, windowEnd - position);
        if (length > array.length) {
            final byte[] bigger = new byte[Math.min(MAX_RANGE, Math.max(length, array.length * 2))];
            System.arraycopy(array, (int) (position - windowStart), bigger, 0, keep);
            array = bigger;
        } else if (keep > 0 && position > windowStart) {
            System.arraycopy(array, (int) (position - windowStart), array, 0, keep);
        }
        // a position past the window end means the reader skipped bytes it never saw: read them away
        long skip = position - windowEnd;
        windowStart = position;
        int filled = keep;
        while (!eof && (skip > 0 || filled < array.length)) {
            final int want = skip > 0 ? (int) Math.min(skip, array.length) : array.length - filled;
            final int n = in.read(array, skip > 0 ? 0 : filled, want);
            if (n < 0) {
                eof = true;
            } else if (skip > 0) {
                skip -= n;
            } else {
                filled += n;
                if (filled >= length) {
                    break;
                }
            }
        }
        windowEnd = position + filled;
        bytes.wrap(ByteBuffer.wrap(array, 0, filled));
        return filled >= length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
