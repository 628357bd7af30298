package io.pcapflow.trace;

import io.pcapflow.bytes.Bytes;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reassembled byte stream of one direction of one connection ("follow TCP stream"), written
 * to its file as it becomes contiguous.
 *
 * <p>Offsets are stream offsets: 0 is the first data byte after the SYN (relative sequence number
 * 1), or, without a SYN, the first byte the capture shows. Rules:
 * <ul>
 *   <li>bytes are written once, in sequence order; a byte seen again (retransmission, overlap) is
 *       counted in {@link #duplicateBytes()} and dropped: <b>the first captured copy of every byte
 *       wins</b>, also when a later copy arrives in order and an earlier out-of-order copy is
 *       buffered; differing later copies are counted in {@link #conflictingBytes()} when the
 *       earlier copy is still buffered (not once it is written);</li>
 *   <li>data beyond the next expected byte is buffered (shared cap per connection, see
 *       {@link PayloadSink}); when the cap is exceeded, or the connection ends, the missing range
 *       is declared a gap: nothing is written for it, and it is listed with its stream offset, its
 *       length and the file offset where the file skips it;</li>
 *   <li>data the capture does not hold (snaplen cut, lost segments at the end) also ends as a gap:
 *       the stream's end is the highest byte any segment announced;</li>
 *   <li>data before offset 0 (before the first byte seen) is counted in
 *       {@link #bytesBeforeStart()} and not written.</li>
 * </ul>
 */
public final class PayloadStream {
    /** Gaps listed individually; further ones are counted only. */
    public static final int MAX_LISTED_GAPS = 10_000;

    private final OutputDirectory directory;
    private final String name;
    private OutputFile file;
    private long next;
    private long end;
    private final TreeMap<Long, byte[]> pending = new TreeMap<>();
    private long pendingBytes;
    private long duplicateBytes;
    private long conflictingBytes;
    private long beforeStart;
    private long missingBytes;
    private long gapCount;
    private long[] gaps = new long[0];

    PayloadStream(final OutputDirectory directory, final String name) {
        this.directory = directory;
        this.name = name;
    }

    /** @return the file name, or {@code null} when no byte was written */
    public String fileName() {
        return file == null ? null : name;
    }

    /** @return bytes written to the file */
    public long bytesWritten() {
        return file == null ? 0 : file.size();
    }

    /** @return stream offset of the next byte to write (bytes written plus bytes of gaps) */
    public long nextOffset() {
        return next;
    }

    /** @return bytes held out of order right now */
    public long pendingBytes() {
        return pendingBytes;
    }

    /** @return bytes seen more than once and dropped (retransmissions, overlaps) */
    public long duplicateBytes() {
        return duplicateBytes;
    }

    /** @return duplicate bytes that differed from the buffered first copy */
    public long conflictingBytes() {
        return conflictingBytes;
    }

    /** @return bytes before the stream's offset 0, not written */
    public long bytesBeforeStart() {
        return beforeStart;
    }

    /** @return gaps declared */
    public long gapCount() {
        return gapCount;
    }

    /** @return bytes in all gaps */
    public long missingBytes() {
        return missingBytes;
    }

    /** @return gaps listed (at most {@link #MAX_LISTED_GAPS}) */
    public int listedGaps() {
        return (int) Math.min(gapCount, MAX_LISTED_GAPS);
    }

    /**
     * @param i gap number, below {@link #listedGaps()}
     * @return stream offset of the first missing byte
     */
    public long gapStreamOffset(final int i) {
        return gaps[3 * i];
    }

    /**
     * @param i gap number, below {@link #listedGaps()}
     * @return number of missing bytes
     */
    public long gapLength(final int i) {
        return gaps[3 * i + 1];
    }

    /**
     * @param i gap number, below {@link #listedGaps()}
     * @return offset in the file where the gap lies (the bytes before it and after it meet there)
     */
    public long gapFileOffset(final int i) {
        return gaps[3 * i + 2];
    }

    /**
     * Adds one segment's data.
     *
     * @param offset   stream offset of the first byte
     * @param src      buffer holding the captured bytes
     * @param index    index of the first byte in {@code src}
     * @param captured bytes present in the capture
     * @param wire     payload length on the wire (at least {@code captured})
     * @throws IOException when the file cannot be written
     */
    void add(final long offset, final Bytes src, final int index, final int captured, final int wire)
        throws IOException {
        end = Math.max(end, offset + wire);
        long a = offset;
        int idx = index;
        int len = captured;
        if (a < 0) {
            final int skip = (int) Math.min(len, -a);
            beforeStart += skip;
            a += skip;
            idx += skip;
            len -= skip;
        }
        final long b = a + len;
        if (len == 0) {
            return;
        }
        if (b <= next) {
            duplicateBytes += len;
            return;
        }
        if (a < next) {
            final int d = (int) (next - a);
            duplicateBytes += d;
            a = next;
            idx += d;
        }
        if (a > next) {
            buffer(a, src, idx, (int) (b - a));
            return;
        }
        while (a < b) {
            final Long k = pending.isEmpty() ? null : pending.firstKey();
            final long stop = k == null || k >= b ? b : k;
            if (stop > a) {
                write(src, idx, (int) (stop - a));
                idx += (int) (stop - a);
                a = stop;
                next = stop;
            }
            if (a < b) {
                // an earlier copy of the bytes from here is buffered: it wins
                final byte[] first = pending.get(a);
                compare(first, 0, src, idx, (int) Math.min(first.length, b - a));
                drain();
                final long skip = Math.min(b, next) - a;
                duplicateBytes += skip;
                idx += (int) skip;
                a += skip;
            }
        }
        drain();
    }

    private void buffer(final long a, final Bytes src, final int index, final int len) {
        final long e = a + len;
        long cur = a;
        while (cur < e) {
            final Map.Entry<Long, byte[]> f = pending.floorEntry(cur);
            if (f != null && f.getKey() + f.getValue().length > cur) {
                final long coverEnd = Math.min(e, f.getKey() + f.getValue().length);
                compare(f.getValue(), (int) (cur - f.getKey()), src, index + (int) (cur - a), (int) (coverEnd - cur));
                duplicateBytes += coverEnd - cur;
                cur = coverEnd;
                continue;
            }
            final Long higher = pending.higherKey(cur);
            final long stop = higher == null ? e : Math.min(e, higher);
            pending.put(cur, src.copy(index + (int) (cur - a), (int) (stop - cur)));
            pendingBytes += stop - cur;
            cur = stop;
        }
    }

    private void compare(final byte[] first, final int from, final Bytes src, final int index, final int len) {
        for (int i = 0; i < len; i++) {
            if (first[from + i] != src.i8(index + i)) {
                conflictingBytes++;
            }
        }
    }

    private void drain() throws IOException {
        while (!pending.isEmpty()) {
            final Map.Entry<Long, byte[]> e = pending.firstEntry();
            final long start = e.getKey();
            if (start > next) {
                return;
            }
            pending.pollFirstEntry();
            final byte[] data = e.getValue();
            pendingBytes -= data.length;
            final long stop = start + data.length;
            if (stop <= next) {
                duplicateBytes += data.length;
                continue;
            }
            final int skip = (int) (next - start);
            duplicateBytes += skip;
            writeArray(data, skip, data.length - skip);
            next = stop;
        }
    }

    /**
     * Gives up waiting for the bytes before the first buffered segment: declares them a gap.
     *
     * @return whether anything was buffered
     * @throws IOException when the file cannot be written
     */
    boolean skipToBuffered() throws IOException {
        if (pending.isEmpty()) {
            return false;
        }
        gap(pending.firstKey());
        drain();
        return true;
    }

    /**
     * Ends the stream: buffered data is written with gaps before it, and a missing tail (bytes
     * announced but never captured) becomes a final gap.
     *
     * @throws IOException when the file cannot be written
     */
    void close() throws IOException {
        while (skipToBuffered()) {
            // each round declares one gap and writes what follows it
        }
        if (end > next) {
            gap(end);
        }
        if (file != null) {
            file.complete();
        }
    }

    private void gap(final long to) {
        final long length = to - next;
        if (gapCount < MAX_LISTED_GAPS) {
            final int i = (int) gapCount * 3;
            if (i + 3 > gaps.length) {
                gaps = Arrays.copyOf(gaps, Math.max(12, gaps.length * 2));
            }
            gaps[i] = next;
            gaps[i + 1] = length;
            gaps[i + 2] = bytesWritten();
        }
        gapCount++;
        missingBytes += length;
        next = to;
    }

    private OutputFile file() {
        if (file == null) {
            file = directory.file(name);
        }
        return file;
    }

    private void write(final Bytes src, final int index, final int length) throws IOException {
        file().write(src, index, length);
    }

    private void writeArray(final byte[] src, final int offset, final int length) throws IOException {
        file().write(src, offset, length);
    }
}
