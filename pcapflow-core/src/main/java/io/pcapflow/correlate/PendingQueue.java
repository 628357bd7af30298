package io.pcapflow.correlate;

/**
 * Packets of one connection direction on one leg that still wait for their counterpart on the
 * other leg, oldest first. Stored column-wise in primitive arrays that start small and double
 * (most connections never hold more than a handful), so waiting costs no object per packet.
 */
final class PendingQueue {
    private static final int INITIAL = 8;

    private long[] frame = new long[0];
    private long[] nanos = new long[0];
    private long[] relSeq = new long[0];
    private long[] relAck = new long[0];
    private long[] tsVal = new long[0];
    private int[] ipId = new int[0];
    private int[] ttl = new int[0];
    private int[] tcpFlags = new int[0];
    private int[] length = new int[0];
    private int[] window = new int[0];
    private int[] mss = new int[0];
    private int[] analysis = new int[0];
    private int leg;
    private int direction;
    private int size;

    int size() {
        return size;
    }

    long nanos(final int i) {
        return nanos[i];
    }

    long relSeq(final int i) {
        return relSeq[i];
    }

    long relAck(final int i) {
        return relAck[i];
    }

    long tsVal(final int i) {
        return tsVal[i];
    }

    int tcpFlags(final int i) {
        return tcpFlags[i];
    }

    int ipId(final int i) {
        return ipId[i];
    }

    int window(final int i) {
        return window[i];
    }

    int length(final int i) {
        return length[i];
    }

    int analysis(final int i) {
        return analysis[i];
    }

    void add(final SegmentInfo s) {
        if (size == frame.length) {
            grow();
        }
        leg = s.leg;
        direction = s.direction;
        final int i = size++;
        frame[i] = s.frame;
        nanos[i] = s.nanos;
        relSeq[i] = s.relSeq;
        relAck[i] = s.relAck;
        tsVal[i] = s.tsVal;
        ipId[i] = s.ipId;
        ttl[i] = s.ttl;
        tcpFlags[i] = s.tcpFlags;
        length[i] = s.length;
        window[i] = s.window;
        mss[i] = s.mss;
        analysis[i] = s.analysis;
    }

    void get(final int i, final SegmentInfo into) {
        into.leg = leg;
        into.direction = direction;
        into.frame = frame[i];
        into.nanos = nanos[i];
        into.relSeq = relSeq[i];
        into.relAck = relAck[i];
        into.tsVal = tsVal[i];
        into.ipId = ipId[i];
        into.ttl = ttl[i];
        into.tcpFlags = tcpFlags[i];
        into.length = length[i];
        into.window = window[i];
        into.mss = mss[i];
        into.analysis = analysis[i];
    }

    /** Removes entry i keeping the order of the others. */
    void remove(final int i) {
        final int tail = size - i - 1;
        if (tail > 0) {
            System.arraycopy(frame, i + 1, frame, i, tail);
            System.arraycopy(nanos, i + 1, nanos, i, tail);
            System.arraycopy(relSeq, i + 1, relSeq, i, tail);
            System.arraycopy(relAck, i + 1, relAck, i, tail);
            System.arraycopy(tsVal, i + 1, tsVal, i, tail);
            System.arraycopy(ipId, i + 1, ipId, i, tail);
            System.arraycopy(ttl, i + 1, ttl, i, tail);
            System.arraycopy(tcpFlags, i + 1, tcpFlags, i, tail);
            System.arraycopy(length, i + 1, length, i, tail);
            System.arraycopy(window, i + 1, window, i, tail);
            System.arraycopy(mss, i + 1, mss, i, tail);
            System.arraycopy(analysis, i + 1, analysis, i, tail);
        }
        size--;
    }

    private void grow() {
        final int n = Math.max(INITIAL, frame.length * 2);
        frame = java.util.Arrays.copyOf(frame, n);
        nanos = java.util.Arrays.copyOf(nanos, n);
        relSeq = java.util.Arrays.copyOf(relSeq, n);
        relAck = java.util.Arrays.copyOf(relAck, n);
        tsVal = java.util.Arrays.copyOf(tsVal, n);
        ipId = java.util.Arrays.copyOf(ipId, n);
        ttl = java.util.Arrays.copyOf(ttl, n);
        tcpFlags = java.util.Arrays.copyOf(tcpFlags, n);
        length = java.util.Arrays.copyOf(length, n);
        window = java.util.Arrays.copyOf(window, n);
        mss = java.util.Arrays.copyOf(mss, n);
        analysis = java.util.Arrays.copyOf(analysis, n);
    }
}
