package io.pcapflow.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: reads a whole capture into plain values that can be compared. */
final class Read {
    /** One record, copied out of the reader's buffer. */
    record Packet(long ordinal, long tsNanos, int iface, String ifaceName, int linkType, int direction,
                  int capturedLength, long originalLength, byte[] data, long fileOffset) {
        @Override
        public boolean equals(final Object o) {
            return o instanceof Packet p && p.ordinal == ordinal && p.tsNanos == tsNanos && p.iface == iface
                && java.util.Objects.equals(p.ifaceName, ifaceName) && p.linkType == linkType
                && p.direction == direction && p.capturedLength == capturedLength
                && p.originalLength == originalLength && Arrays.equals(p.data, data) && p.fileOffset == fileOffset;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(ordinal) * 31 + Arrays.hashCode(data);
        }
    }

    /** All records plus how reading ended. */
    record Result(List<Packet> packets, CaptureIssue damage, List<CaptureIssue> issues, CaptureReader reader) {
    }

    private Read() {
    }

    static Result all(final CaptureReader reader) throws IOException {
        final List<Packet> packets = new ArrayList<>();
        try (reader) {
            while (reader.poll(r -> packets.add(new Packet(r.ordinal(), r.timestampNanos(), r.iface().globalId(),
                r.iface().name(), r.linkType(), r.direction(), r.capturedLength(), r.originalLength(),
                r.bytes().copy(r.offset(), r.capturedLength()), r.fileOffset())), 7) > 0) {
                // batches of 7 so poll limits are exercised
            }
        }
        return new Result(packets, reader.damage(), reader.issues(), reader);
    }

    static Result stream(final byte[] bytes) throws IOException {
        return all(Captures.open("mem", new ByteArrayInputStream(bytes)));
    }

    /** A stream that hands out at most {@code chunk} bytes per read, like a slow pipe. */
    static InputStream trickle(final byte[] bytes, final int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(final byte[] b, final int off, final int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
