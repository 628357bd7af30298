package io.pcapflow.correlate;

import java.util.Arrays;

/**
 * Packets of one connection direction on one leg that still wait for their counterpart on the
 * other leg, oldest first. Each entry is {@value #STRIDE} longs of one array that starts small and
 * doubles (most connections never hold more than a handful), so waiting costs no object per packet
 * and one allocation per growth.
 */
final class PendingQueue {
    private static final int STRIDE = 8;
    private static final int INITIAL = 8;
    // word layout of an entry
    private static final int FRAME = 0;
    private static final int NANOS = 1;
    private static final int SEQ = 2;
    private static final int ACK = 3;
    private static final int TSVAL = 4;
    /** ipId (high 32 bits, +1 so -1 fits) | ttl (16) | tcpFlags (16). */
    private static final int IP = 5;
    /** length (high 32) | window (low 32). */
    private static final int SIZE = 6;
    /** mss (high 32, +1) | analysis (low 32). */
    private static final int MISC = 7;

    private long[] e = new long[0];
    private int leg;
    private int direction;
    private int size;

    int size() {
        return size;
    }

    long nanos(final int i) {
        return e[i * STRIDE + NANOS];
    }

    long relSeq(final int i) {
        return e[i * STRIDE + SEQ];
    }

    long relAck(final int i) {
        return e[i * STRIDE + ACK];
    }

    long tsVal(final int i) {
        return e[i * STRIDE + TSVAL];
    }

    int tcpFlags(final int i) {
        return (int) (e[i * STRIDE + IP] & 0xFFFF);
    }

    int ipId(final int i) {
        return (int) (e[i * STRIDE + IP] >>> 32) - 1;
    }

    int window(final int i) {
        return (int) e[i * STRIDE + SIZE];
    }

    int length(final int i) {
        return (int) (e[i * STRIDE + SIZE] >>> 32);
    }

    int analysis(final int i) {
        return (int) e[i * STRIDE + MISC];
    }

    void add(final SegmentInfo s) {
        if ((size + 1) * STRIDE > e.length) {
            e = Arrays.copyOf(e, Math.max(INITIAL, size * 2) * STRIDE);
        }
        leg = s.leg;
        direction = s.direction;
        final int o = size++ * STRIDE;
        e[o + FRAME] = s.frame;
        e[o + NANOS] = s.nanos;
        e[o + SEQ] = s.relSeq;
        e[o + ACK] = s.relAck;
        e[o + TSVAL] = s.tsVal;
        e[o + IP] = (long) (s.ipId + 1) << 32 | (long) (s.ttl & 0xFFFF) << 16 | (s.tcpFlags & 0xFFFF);
        e[o + SIZE] = (long) s.length << 32 | (s.window & 0xFFFF_FFFFL);
        e[o + MISC] = (long) (s.mss + 1) << 32 | (s.analysis & 0xFFFF_FFFFL);
    }

    void get(final int i, final SegmentInfo into) {
        final int o = i * STRIDE;
        into.leg = leg;
        into.direction = direction;
        into.frame = e[o + FRAME];
        into.nanos = e[o + NANOS];
        into.relSeq = e[o + SEQ];
        into.relAck = e[o + ACK];
        into.tsVal = e[o + TSVAL];
        into.ipId = (int) (e[o + IP] >>> 32) - 1;
        into.ttl = (int) (e[o + IP] >>> 16) & 0xFFFF;
        into.tcpFlags = (int) (e[o + IP] & 0xFFFF);
        into.length = (int) (e[o + SIZE] >>> 32);
        into.window = (int) e[o + SIZE];
        into.mss = (int) (e[o + MISC] >>> 32) - 1;
        into.analysis = (int) e[o + MISC];
    }

    /** Removes entry i keeping the order of the others. */
    void remove(final int i) {
        final int tail = size - i - 1;
        if (tail > 0) {
            System.arraycopy(e, (i + 1) * STRIDE, e, i * STRIDE, tail * STRIDE);
        }
        size--;
    }
}
