package io.pcapflow.tcp;

/**
 * Wireshark 4.0's {@code tcp_analyze_sequence_number}, rule for rule, in 32-bit absolute sequence
 * space with Wireshark's "zero means unset" conventions, so that the flags agree with tshark's
 * {@code tcp.analysis.*}. One instance per tracker holds the packet being analysed; nothing is
 * allocated. Each rule cites the Wireshark condition it reproduces.
 */
final class WiresharkAnalysis {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    /** Wireshark: fast retransmission only within 20 ms of the last duplicate ACK. */
    private static final long FAST_RETRANSMISSION_WINDOW_NANOS = 20_000_000L;
    /**
     * Wireshark 4.0.17 stores -1 in the peer's (unsigned) duplicate-ACK counter after an ACK beyond all
     * of the peer's data, so that the same unseen segment is reported once.
     */
    private static final int NO_MORE_ACKED_UNSEEN = -1;
    /** Wireshark: out-of-order threshold when the initial RTT is unknown. */
    private static final long DEFAULT_OOO_THRESHOLD_NANOS = 3_000_000L;

    TcpConnection conn;
    TcpEndpoint fwd;
    TcpEndpoint rev;
    int seq;
    int ack;
    int seglen;
    int flags;
    int window;
    long now;

    int ta;
    boolean taExists;
    int dupAckNum;
    long ackRtt;
    long karnRtt;

    static boolean gt(final int a, final int b) {
        return a - b > 0;
    }

    static boolean lt(final int a, final int b) {
        return a - b < 0;
    }

    static boolean le(final int a, final int b) {
        return a - b <= 0;
    }

    /** Runs the analysis for the packet loaded into the fields; {@link #ta} holds the flags after. */
    void run(final int initialFlags) {
        ta = initialFlags;
        taExists = initialFlags != 0;
        dupAckNum = 0;
        ackRtt = -1;
        karnRtt = -1;
        baseSequences();
        if ((flags & ACK) != 0) {
            rev.validBif = true;
        }
        forwardChecks();
        // Wireshark 4.0 (finished_fwd): "If the ack number changed we must reset the dupack counters"
        if (ack != fwd.lastAck) {
            fwd.dupAckNum = 0;
        }
        ackedUnseen();
        if (seglen > 0 || (flags & (SYN | FIN)) != 0) {
            retransmissionType();
        }
        remember();
        processAcks();
        if (seglen > 0 && fwd.validBif) {
            taExists = true;
        }
    }

    private void set(final int flag) {
        ta |= flag;
        taExists = true;
    }

    private void baseSequences() {
        // dissect_tcp: a SYN/ACK whose seq differs from the known base marks reused ports, but, unlike
        // a SYN, it stays in the same conversation (tls-subjectaltname frames 21, 114, 141)
        if ((flags & (SYN | ACK)) == (SYN | ACK) && fwd.baseSet && seq != fwd.baseSeq) {
            set(TcpAnalysis.REUSED_PORTS);
        }
        // the first segment sets the base (seq - 1 unless a SYN); a later first SYN re-bases
        if (!fwd.baseSet || ((flags & SYN) != 0 && !fwd.baseFromSyn)) {
            fwd.baseFromSyn = (flags & SYN) != 0;
            fwd.baseSeq = fwd.baseFromSyn ? seq : seq - 1;
            fwd.baseSet = true;
            fwd.lastRel = 0;
        }
        if (!rev.baseSet && (flags & ACK) != 0) {
            rev.baseSeq = ack - 1;
            rev.baseSet = true;
        }
    }

    private void forwardChecks() {
        // ZERO WINDOW PROBE: one byte at the next expected seq while the peer's window is zero
        if (seglen == 1 && seq == fwd.nextSeq && rev.window == 0) {
            set(TcpAnalysis.ZERO_WINDOW_PROBE);
            return;
        }
        if (window == 0 && (flags & (RST | FIN | SYN)) == 0) {
            set(TcpAnalysis.ZERO_WINDOW);
        }
        // LOST SEGMENT: beyond the next expected seq (not for RST)
        if (fwd.nextSeq != 0 && gt(seq, fwd.nextSeq) && (flags & RST) == 0) {
            set(TcpAnalysis.LOST_SEGMENT);
            fwd.validBif = false;
        }
        final boolean noSfr = (flags & (SYN | FIN | RST)) == 0;
        // KEEP ALIVE: 0 or 1 byte at next seq - 1
        if ((seglen == 0 || seglen == 1) && seq == fwd.nextSeq - 1 && noSfr) {
            set(TcpAnalysis.KEEP_ALIVE);
        }
        final boolean sameSeqAck = seq == fwd.nextSeq && ack == fwd.lastAck;
        // WINDOW UPDATE: no data, same seq and ack, new non-zero window
        if (seglen == 0 && window != 0 && window != fwd.window && sameSeqAck && noSfr) {
            set(TcpAnalysis.WINDOW_UPDATE);
        }
        // WINDOW FULL: data up to the right edge of the peer's window, when the peer's scale is known
        if (seglen > 0 && rev.winScale != -1 && noSfr) {
            final int shift = rev.isFirstAck ? 0 : (rev.winScale == -2 ? 0 : rev.winScale);
            if (seq + seglen == rev.lastAck + (rev.window << shift)) {
                set(TcpAnalysis.WINDOW_FULL);
            }
        }
        // KEEP ALIVE ACK: repeats the previous ACK after a keep-alive from the peer
        if (seglen == 0 && window != 0 && window == fwd.window && sameSeqAck
            && (rev.lastSegmentFlags & TcpAnalysis.KEEP_ALIVE) != 0 && noSfr) {
            set(TcpAnalysis.KEEP_ALIVE_ACK);
            return;
        }
        // ZERO WINDOW PROBE ACK: repeats the zero window after a probe from the peer
        if (seglen == 0 && window == 0 && window == fwd.window && seq == fwd.nextSeq
            && (ack == fwd.lastAck || ack == fwd.lastAck + 1)
            && (rev.lastSegmentFlags & TcpAnalysis.ZERO_WINDOW_PROBE) != 0 && noSfr) {
            set(TcpAnalysis.ZERO_WINDOW_PROBE_ACK);
            return;
        }
        // DUPLICATE ACK: no data, same seq, ack and window
        if (seglen == 0 && window != 0 && window == fwd.window && sameSeqAck && noSfr) {
            // the counter may hold -1 (ACKED UNSEEN below): the first duplicate ACK after it is #1
            fwd.dupAckNum = fwd.dupAckNum == NO_MORE_ACKED_UNSEEN ? 1 : fwd.dupAckNum + 1;
            set(TcpAnalysis.DUPLICATE_ACK);
            dupAckNum = fwd.dupAckNum;
        }
    }

    private void ackedUnseen() {
        // ACKED UNSEEN: acknowledges beyond the highest contiguous seq seen from the peer
        if (rev.maxSeqToBeAcked != 0 && gt(ack, rev.maxSeqToBeAcked) && (flags & ACK) != 0) {
            taExists = true;
            if (lt(rev.maxSeqToBeAcked, rev.nextSeq)) {
                // the peer's data has a hole: flag, and move the boundary past it
                rev.maxSeqToBeAcked = rev.nextSeq;
                set(TcpAnalysis.ACKED_UNSEEN_SEGMENT);
            } else {
                // beyond all the peer's data: flag once until the peer's ACK moves (which resets its
                // counter); the unsigned -1 also satisfies the fast-retransmission test (>= 2)
                if (rev.dupAckNum == 0) {
                    set(TcpAnalysis.ACKED_UNSEEN_SEGMENT);
                }
                rev.dupAckNum = NO_MORE_ACKED_UNSEEN;
            }
        }
    }

    private void retransmissionType() {
        final boolean notAdvanced = fwd.nextSeq != 0 && lt(seq, fwd.nextSeq);
        if ((ta & TcpAnalysis.KEEP_ALIVE) != 0) {
            return;
        }
        // FAST RETRANSMISSION: >= 2 dup ACKs for this seq from the peer, within 20 ms of the last
        if (notAdvanced && Integer.compareUnsigned(rev.dupAckNum, 2) >= 0 && rev.lastAck == seq
            && now - rev.lastAckTime < FAST_RETRANSMISSION_WINDOW_NANOS) {
            set(TcpAnalysis.FAST_RETRANSMISSION | TcpAnalysis.RETRANSMISSION);
            return;
        }
        // SPURIOUS: all of its data was already acknowledged
        if (seglen > 0 && rev.lastAck != 0 && le(seq + seglen, rev.lastAck)) {
            set(TcpAnalysis.SPURIOUS_RETRANSMISSION | TcpAnalysis.RETRANSMISSION);
            return;
        }
        // OUT OF ORDER: soon after the highest seq (within the initial RTT, or 3 ms)
        final long threshold = conn.initialRttNanos > 0 ? conn.initialRttNanos : DEFAULT_OOO_THRESHOLD_NANOS;
        if (notAdvanced && now - fwd.nextSeqTime < threshold
            && fwd.nextSeq != seq + seglen + ((flags & (SYN | FIN)) != 0 ? 1 : 0)) {
            set(TcpAnalysis.OUT_OF_ORDER);
            return;
        }
        if (notAdvanced) {
            set(TcpAnalysis.RETRANSMISSION);
        }
    }

    private void remember() {
        int nextseq = seq + seglen;
        if ((seglen > 0 || (flags & (SYN | FIN)) != 0) && fwd.unackedCount < TcpEndpoint.MAX_UNACKED) {
            if ((flags & (SYN | FIN)) != 0) {
                nextseq += 1;
            }
            fwd.addUnacked(seq, nextseq, now, (ta & TcpAnalysis.RETRANSMISSION) != 0);
        }
        final boolean probe = (ta & TcpAnalysis.ZERO_WINDOW_PROBE) != 0;
        if ((gt(nextseq, fwd.nextSeq) || fwd.nextSeq == 0) && !probe && (flags & RST) == 0) {
            fwd.nextSeq = nextseq;
            fwd.nextSeqTime = now;
        }
        if ((seq == fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked == 0) && !probe) {
            fwd.maxSeqToBeAcked = fwd.nextSeq;
        }
        fwd.window = window;
        fwd.lastAck = ack;
        fwd.lastAckTime = now;
        fwd.lastSegmentFlags = ta & TcpAnalysis.WIRESHARK_FLAGS;
    }

    /** Removes the peer's segments this ACK covers; an exact match gives tcp.analysis.ack_rtt. */
    private void processAcks() {
        final TcpEndpoint r = rev;
        int i = r.unackedCount - 1;
        while (i >= 0) {
            final int next = r.unackedNext(i);
            if (ack == next) {
                taExists = true;
                ackRtt = now - r.unackedTime(i);
                karnRtt = r.unackedRetransmitted(i) ? -1 : ackRtt;
            } else if (gt(ack, r.unackedSeq(i)) && le(ack, next)) {
                r.unackedSeq(i, ack);
                i--;
                continue;
            } else if (gt(next, ack)) {
                i--;
                continue;
            }
            r.removeUnacked(i);
            i--;
        }
        if (ackRtt == 0) {
            ackRtt = -1;
        }
    }
}
