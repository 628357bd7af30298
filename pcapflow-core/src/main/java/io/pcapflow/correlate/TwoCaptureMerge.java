package io.pcapflow.correlate;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;

import java.io.IOException;

/**
 * Reads an inside and an outside capture side by side and delivers their records merged in time
 * order, outside times corrected by the clock offset. Each input's head record is copied into a
 * buffer of its own (readers lend their record only during the handler call), so memory is one
 * packet per input.
 */
public final class TwoCaptureMerge {
    /** Receives merged records. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param leg    {@link Leg#INSIDE} or {@link Leg#OUTSIDE}
         * @param record the record (its timestamp as captured, not corrected)
         */
        void onRecord(int leg, CaptureRecord record);
    }

    private final CaptureReader[] readers = new CaptureReader[2];
    private final Held[] held = {new Held(), new Held()};
    private final long offsetNanos;

    /**
     * @param inside      the inside capture
     * @param outside     the outside capture
     * @param offsetNanos outside clock minus inside clock
     */
    public TwoCaptureMerge(final CaptureReader inside, final CaptureReader outside, final long offsetNanos) {
        readers[Leg.INSIDE] = inside;
        readers[Leg.OUTSIDE] = outside;
        this.offsetNanos = offsetNanos;
    }

    /**
     * Delivers up to {@code limit} records.
     *
     * @param handler receives them
     * @param limit   most records to deliver
     * @return records delivered, 0 at the end of both inputs
     * @throws IOException when an input cannot be read
     */
    public int poll(final Handler handler, final int limit) throws IOException {
        int n = 0;
        while (n < limit) {
            for (int leg = 0; leg < 2; leg++) {
                final Held h = held[leg];
                if (!h.full && !h.done) {
                    h.done = readers[leg].poll(h.copier, 1) == 0;
                }
            }
            final boolean in = held[Leg.INSIDE].full;
            final boolean out = held[Leg.OUTSIDE].full;
            if (!in && !out) {
                break;
            }
            final int leg;
            if (in && out) {
                final long ti = held[Leg.INSIDE].record.timestampNanos();
                final long to = held[Leg.OUTSIDE].record.timestampNanos() - offsetNanos;
                leg = to < ti ? Leg.OUTSIDE : Leg.INSIDE;
            } else {
                leg = in ? Leg.INSIDE : Leg.OUTSIDE;
            }
            held[leg].full = false;
            handler.onRecord(leg, held[leg].record);
            n++;
        }
        return n;
    }

    /** @return bytes read of both inputs together */
    public long position() {
        return readers[0].position() + readers[1].position();
    }

    /** @return size of both inputs together, -1 when one is unknown */
    public long size() {
        return readers[0].size() < 0 || readers[1].size() < 0 ? -1 : readers[0].size() + readers[1].size();
    }

    /** One input's head record, copied. */
    private static final class Held {
        private byte[] data = new byte[2048];
        private final Bytes bytes = new Bytes(data);
        private final CaptureRecord record = new CaptureRecord();
        private boolean full;
        private boolean done;
        /** One handler for the life of the input: a method reference made per packet would allocate. */
        private final io.pcapflow.capture.PacketHandler copier = this::copy;

        void copy(final CaptureRecord r) {
            final int n = r.capturedLength();
            if (n > data.length) {
                data = new byte[Math.max(n, data.length * 2)];
                bytes.wrap(data);
            }
            r.bytes().copyTo(r.offset(), data, 0, n);
            record.set(r.ordinal(), r.timestampNanos(), r.iface(), n, r.originalLength(), bytes, 0, r.fileOffset())
                .flags(r.flags());
            full = true;
        }
    }
}
