package io.pcapflow.tcp;

import java.util.Arrays;

/**
 * State of one direction of a connection (the sender's side). The {@code ws*} fields mirror
 * Wireshark 4.0's {@code tcp_flow_t} and {@code tcp_analyze_seq_flow_info_t} in 32-bit absolute
 * sequence space, zero meaning "unset" exactly as there; the rest is ours (unwrapped 64-bit
 * positions, counters, Zeek state).
 */
final class TcpEndpoint {
    static final int MAX_UNACKED = 10_000;

    // Wireshark-mirrored state
    boolean baseSet;
    boolean baseFromSyn;
    int baseSeq;
    int nextSeq;
    long nextSeqTime;
    int maxSeqToBeAcked;
    int lastAck;
    long lastAckTime;
    int window;
    int winScale;
    boolean isFirstAck;
    boolean validBif;
    int lastSegmentFlags;
    int dupAckNum;

    // unacked segments, oldest first (for ack_rtt and Karn's rule): two words each, seq << 32 | next
    // and the time, in one array, so that a packet touches one or two cache lines of it, not four
    // arrays; the retransmitted marks, rare, get their array on first use
    int unackedCount;
    long[] unacked = new long[2 * 8];
    boolean[] unackedRetransmitted;

    // ours
    long highestRel;
    boolean seenSeq;
    long lastRel;
    int mss;
    int rawWindowScale;
    boolean sackPermitted;
    boolean timestamps;
    int zeekState;
    int historySeen;
    long lastTsVal;
    long tsProbeVal;
    long tsProbeTime;
    boolean tsProbeArmed;
    int lastIpId;
    int lastSeqRaw;
    int lastAckRaw;
    int lastLength;
    int lastFlags;
    int lastWindowRaw;
    long lastTime;
    boolean hasLast;
    long gapStart;
    long gapEnd;
    long sackHoleSince;

    // counters
    long packets;
    long payloadBytes;
    long uniqueBytes;
    long missedBytes;
    /** Sequence ranges skipped and not yet seen (start, end pairs), allocated at the first gap. */
    long[] holes;
    int holeCount;
    long retransmissions;
    long retransmittedBytes;
    long fastRetransmissions;
    long outOfOrder;
    long duplicateAcks;
    long zeroWindows;
    long lostSegments;
    long retransmitCount;
    long windowProbeCount;
    /** Zeek's zero-window count ({@code win0_cnt}), for the scaled W letter; zeroed on the first packet. */
    long zeekZeroWindows;

    void reset() {
        baseSet = false;
        baseFromSyn = false;
        baseSeq = 0;
        nextSeq = 0;
        nextSeqTime = 0;
        maxSeqToBeAcked = 0;
        lastAck = 0;
        lastAckTime = 0;
        window = -1;
        winScale = -1;
        isFirstAck = false;
        validBif = false;
        lastSegmentFlags = 0;
        dupAckNum = 0;
        unackedCount = 0;
        highestRel = 0;
        seenSeq = false;
        lastRel = 0;
        mss = -1;
        rawWindowScale = -1;
        sackPermitted = false;
        timestamps = false;
        zeekState = ZeekState.INACTIVE;
        historySeen = 0;
        lastTsVal = -1;
        tsProbeArmed = false;
        hasLast = false;
        gapStart = 0;
        gapEnd = 0;
        sackHoleSince = -1;
        resetCounters();
    }

    private void resetCounters() {
        packets = 0;
        payloadBytes = 0;
        uniqueBytes = 0;
        missedBytes = 0;
        holeCount = 0;
        retransmissions = 0;
        retransmittedBytes = 0;
        fastRetransmissions = 0;
        outOfOrder = 0;
        duplicateAcks = 0;
        zeroWindows = 0;
        lostSegments = 0;
    }

    /**
     * Unwraps a 32-bit sequence number relative to this side's base to the 64-bit value nearest to
     * the last one returned.
     */
    long unwrap(final int seq) {
        final int rel32 = seq - baseSeq;
        final long rel = lastRel + (rel32 - (int) lastRel);
        lastRel = rel;
        return rel;
    }

    /** Like {@link #unwrap} without moving the reference point. */
    long unwrapPeek(final int seq) {
        final int rel32 = seq - baseSeq;
        return lastRel + (rel32 - (int) lastRel);
    }

    int unackedSeq(final int i) {
        return (int) (unacked[2 * i] >>> 32);
    }

    int unackedNext(final int i) {
        return (int) unacked[2 * i];
    }

    long unackedTime(final int i) {
        return unacked[2 * i + 1];
    }

    boolean unackedRetransmitted(final int i) {
        return unackedRetransmitted != null && unackedRetransmitted[i];
    }

    void unackedSeq(final int i, final int seq) {
        unacked[2 * i] = ((long) seq << 32) | (unacked[2 * i] & 0xFFFF_FFFFL);
    }

    void addUnacked(final int seq, final int next, final long time, final boolean retransmitted) {
        if (2 * unackedCount == unacked.length) {
            if (unackedCount >= MAX_UNACKED) {
                return;
            }
            final int n = Math.min(MAX_UNACKED, unackedCount * 2);
            unacked = Arrays.copyOf(unacked, 2 * n);
            if (unackedRetransmitted != null) {
                unackedRetransmitted = Arrays.copyOf(unackedRetransmitted, n);
            }
        }
        if (retransmitted) {
            if (unackedRetransmitted == null) {
                unackedRetransmitted = new boolean[unacked.length / 2];
            }
            for (int i = 0; i < unackedCount; i++) {
                if (unackedSeq(i) == seq) {
                    unackedRetransmitted[i] = true;
                }
            }
        }
        unacked[2 * unackedCount] = ((long) seq << 32) | (next & 0xFFFF_FFFFL);
        unacked[2 * unackedCount + 1] = time;
        if (unackedRetransmitted != null) {
            unackedRetransmitted[unackedCount] = retransmitted;
        }
        unackedCount++;
    }

    void removeUnacked(final int i) {
        final int tail = unackedCount - i - 1;
        if (tail > 0) {
            System.arraycopy(unacked, 2 * (i + 1), unacked, 2 * i, 2 * tail);
            if (unackedRetransmitted != null) {
                System.arraycopy(unackedRetransmitted, i + 1, unackedRetransmitted, i, tail);
            }
        }
        unackedCount--;
    }
}
