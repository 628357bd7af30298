package io.pcapflow.tcp;

import io.pcapflow.decode.PacketView;

/**
 * Everything the tracker does with one segment of a known connection, in Wireshark's order:
 * handshake timing, window scaling, the {@link WiresharkAnalysis}, SYN options, relative numbers;
 * then our own parts: counters, Zeek state and history, RTT samples, duplicate captures and SACK
 * reordering.
 */
final class SegmentBookkeeping {
    private static final int FIN = WiresharkAnalysis.FIN;
    private static final int SYN = WiresharkAnalysis.SYN;
    private static final int RST = WiresharkAnalysis.RST;
    private static final int ACK = WiresharkAnalysis.ACK;
    private static final int MAX_WINDOW_SCALE = 14;
    /** A copy seen twice arrives within this time of the first (two interfaces or VLANs). */
    private static final long DUPLICATE_CAPTURE_NANOS = 1_000_000_000L;

    void onSegment(final TcpConnection c, final int d, final PacketView view, final TcpSegment seg,
                   final WiresharkAnalysis wa, final int initialFlags) {
        final TcpEndpoint fwd = c.endpoint(d);
        final TcpEndpoint rev = c.endpoint(1 - d);
        final long now = view.timestampNanos();
        final int flags = view.tcpFlags();
        handshakeTimes(c, d, flags, now);
        final int raw = view.window();
        if ((flags & SYN) == 0 && fwd.winScale >= 0) {
            seg.windowScaled = (long) raw << fwd.winScale;
            seg.windowScaleUsed = fwd.winScale;
        } else {
            seg.windowScaled = raw;
        }
        final boolean duplicate = isDuplicateCapture(fwd, view, now);
        wa.conn = c;
        wa.fwd = fwd;
        wa.rev = rev;
        wa.seq = view.seq();
        wa.ack = view.ack();
        wa.seglen = view.payloadLength();
        wa.flags = flags;
        wa.window = (int) seg.windowScaled;
        wa.now = now;
        wa.run(initialFlags);
        int result = wa.ta;
        if (duplicate) {
            result |= TcpAnalysis.DUPLICATE_CAPTURE;
        }
        if ((flags & SYN) != 0) {
            synOptions(fwd, rev, view, (flags & ACK) != 0);
        }
        seg.relativeSeq = fwd.unwrap(view.seq());
        seg.relativeAck = (flags & ACK) != 0 ? rev.unwrapPeek(view.ack()) : view.ackUnsigned();
        final int len = view.payloadLength();
        seg.nextRelativeSeq = seg.relativeSeq + len + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        seg.duplicateAckCount = wa.dupAckNum;
        seg.ackRttNanos = wa.ackRtt;
        seg.initialRttNanos = c.initialRttNanos;
        seg.analysisTree = wa.taExists;
        if (wa.karnRtt > 0 && !duplicate) {
            c.addRtt(wa.karnRtt);
        }
        result |= sackReorder(c, fwd, seg, len, now, result);
        sackHoles(rev, view, now);
        timestampRtt(c, fwd, rev, view, now);
        seg.analysis = result;
        count(fwd, seg, len, result, (flags & SYN) != 0);
        ZeekState.update(c, d, flags, len, raw, result);
    }

    private static void handshakeTimes(final TcpConnection c, final int d, final int flags, final long now) {
        final int synAck = flags & (SYN | ACK);
        if (synAck == SYN) {
            c.mruSynNanos = now;
            c.synNanos = now;
        } else if (synAck == (SYN | ACK)) {
            if (c.synAckNanos == Long.MIN_VALUE) {
                c.synAckNanos = now;
                if (c.mruSynNanos != Long.MIN_VALUE) {
                    c.synToSynAckNanos = now - c.mruSynNanos;
                }
            }
        } else if (synAck == ACK) {
            c.endpoint(d).isFirstAck = true;
            if (c.initialRttNanos <= 0 && c.mruSynNanos != Long.MIN_VALUE) {
                c.initialRttNanos = now - c.mruSynNanos;
            }
            if (c.synAckToAckNanos < 0 && c.synAckNanos != Long.MIN_VALUE && d == TcpDirection.CLIENT_TO_SERVER) {
                c.synAckToAckNanos = now - c.synAckNanos;
            }
        }
    }

    /** Wireshark's window-scale bookkeeping ({@code verify_tcp_window_scaling}) plus our option record. */
    private static void synOptions(final TcpEndpoint fwd, final TcpEndpoint rev, final PacketView view,
                                   final boolean synAck) {
        final int ws = view.windowScale();
        if (ws >= 0) {
            fwd.winScale = Math.min(ws, MAX_WINDOW_SCALE);
            fwd.rawWindowScale = fwd.winScale;
        }
        if (fwd.winScale == -1) {
            fwd.winScale = -2;
            rev.winScale = -2;
        } else if (synAck && rev.winScale == -2) {
            fwd.winScale = -2;
        }
        if (view.mss() >= 0) {
            fwd.mss = view.mss();
        }
        fwd.sackPermitted |= view.isSackPermitted();
        fwd.timestamps |= view.hasTimestamps();
    }

    private static boolean isDuplicateCapture(final TcpEndpoint fwd, final PacketView view, final long now) {
        final boolean candidate = view.ipVersion() == 4 && view.ipId() != 0;
        final boolean same = candidate && fwd.hasLast && view.ipId() == fwd.lastIpId && view.seq() == fwd.lastSeqRaw
            && view.ack() == fwd.lastAckRaw && view.payloadLength() == fwd.lastLength
            && view.tcpFlags() == fwd.lastFlags && view.window() == fwd.lastWindowRaw
            && now - fwd.lastTime < DUPLICATE_CAPTURE_NANOS;
        fwd.hasLast = candidate;
        fwd.lastIpId = view.ipId();
        fwd.lastSeqRaw = view.seq();
        fwd.lastAckRaw = view.ack();
        fwd.lastLength = view.payloadLength();
        fwd.lastFlags = view.tcpFlags();
        fwd.lastWindowRaw = view.window();
        fwd.lastTime = now;
        return same;
    }

    /**
     * Ours: data filling a hole in what was captured (after a lost-segment gap), while SACK is in
     * use and the receiver either never reported the hole or reported it less than one RTT ago, so
     * no retransmission could have been triggered: the original arrived late (reordering).
     */
    private static int sackReorder(final TcpConnection c, final TcpEndpoint fwd, final TcpSegment seg, final int len,
                                   final long now, final int flags) {
        if (len == 0 || (flags & (TcpAnalysis.RETRANSMISSION | TcpAnalysis.OUT_OF_ORDER)) == 0
            || !c.c2s.sackPermitted || !c.s2c.sackPermitted) {
            return 0;
        }
        final long start = seg.relativeSeq;
        if (start < fwd.gapStart || start >= fwd.gapEnd) {
            return 0;
        }
        final long rtt = c.rttMinNanos > 0 ? c.rttMinNanos : c.initialRttNanos;
        final boolean reported = fwd.sackHoleSince >= 0;
        if (!reported || (rtt > 0 && now - fwd.sackHoleSince < rtt)) {
            if (start == fwd.gapStart) {
                fwd.gapStart = Math.min(fwd.gapEnd, start + len);
            }
            return TcpAnalysis.SACK_REORDER;
        }
        return 0;
    }

    /** Notes when the receiver first reported (by SACK) a hole in the sender's data. */
    private static void sackHoles(final TcpEndpoint sender, final PacketView view, final long now) {
        if (view.sackBlockCount() == 0) {
            if ((view.tcpFlags() & ACK) != 0) {
                sender.sackHoleSince = -1;
            }
            return;
        }
        if (sender.sackHoleSince < 0) {
            sender.sackHoleSince = now;
        }
    }

    /** RTT from TCP timestamps: a new TSval sent with data, to the first segment echoing it. */
    private static void timestampRtt(final TcpConnection c, final TcpEndpoint fwd, final TcpEndpoint rev,
                                     final PacketView view, final long now) {
        if (!view.hasTimestamps()) {
            return;
        }
        if (rev.tsProbeArmed && view.tsEcr() == rev.tsProbeVal && (view.tcpFlags() & ACK) != 0) {
            c.addTsRtt(now - rev.tsProbeTime);
            rev.tsProbeArmed = false;
        }
        final long tsVal = view.tsVal();
        if (!fwd.tsProbeArmed && tsVal != fwd.lastTsVal
            && (view.payloadLength() > 0 || (view.tcpFlags() & (SYN | FIN)) != 0)) {
            fwd.tsProbeArmed = true;
            fwd.tsProbeVal = tsVal;
            fwd.tsProbeTime = now;
        }
        fwd.lastTsVal = tsVal;
    }

    private static void count(final TcpEndpoint fwd, final TcpSegment seg, final int len, final int flags,
                              final boolean syn) {
        fwd.packets++;
        fwd.payloadBytes += len;
        final long start = seg.relativeSeq + (syn ? 1 : 0);
        final long end = start + len;
        if (len > 0) {
            if (!fwd.seenSeq) {
                fwd.seenSeq = true;
                fwd.uniqueBytes += len;
                fwd.highestRel = end;
            } else {
                if (start > fwd.highestRel) {
                    fwd.missedBytes += start - fwd.highestRel;
                    fwd.gapStart = fwd.highestRel;
                    fwd.gapEnd = start;
                }
                if (end > fwd.highestRel) {
                    fwd.uniqueBytes += end - Math.max(start, fwd.highestRel);
                    fwd.highestRel = end;
                }
            }
        }
        final boolean dup = (flags & TcpAnalysis.DUPLICATE_CAPTURE) != 0;
        if ((flags & TcpAnalysis.RETRANSMISSION) != 0 && !dup) {
            fwd.retransmissions++;
            fwd.retransmittedBytes += len;
            if ((flags & TcpAnalysis.FAST_RETRANSMISSION) != 0) {
                fwd.fastRetransmissions++;
            }
        }
        if ((flags & TcpAnalysis.OUT_OF_ORDER) != 0) {
            fwd.outOfOrder++;
        }
        if ((flags & TcpAnalysis.DUPLICATE_ACK) != 0 && !dup) {
            fwd.duplicateAcks++;
        }
        if ((flags & TcpAnalysis.ZERO_WINDOW) != 0) {
            fwd.zeroWindows++;
        }
        if ((flags & TcpAnalysis.LOST_SEGMENT) != 0) {
            fwd.lostSegments++;
        }
    }
}
