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
        // A RST from the sequence space of an earlier incarnation (a reply to a challenge ACK after
        // its key was reused) does not end this one: RFC 5961, and what the receiver does.
        final boolean staleRst = (flags & RST) != 0 && fwd.baseSet && c.endpoint(1 - d).baseSet
            && (seg.relativeSeq < 0 || seg.relativeSeq > STALE_RST_DISTANCE);
        ZeekState.update(c, d, flags, len, raw, result, staleRst);
    }

    /** Farther than this from the ISN, a RST cannot belong to this connection's window. */
    private static final long STALE_RST_DISTANCE = 1L << 30;

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

    /** Holes remembered per direction; a gap beyond them stays counted as missed even if filled later. */
    private static final int MAX_HOLES = 16;

    private static void addHole(final TcpEndpoint fwd, final long start, final long end) {
        if (fwd.holes == null) {
            // once per pooled endpoint that ever saw a gap, not per packet
            fwd.holes = new long[2 * MAX_HOLES];
        }
        if (fwd.holeCount < MAX_HOLES) {
            fwd.holes[2 * fwd.holeCount] = start;
            fwd.holes[2 * fwd.holeCount + 1] = end;
            fwd.holeCount++;
        }
    }

    /** Removes [start, end) from the holes and returns how many of its bytes were in one. */
    private static long fillHoles(final TcpEndpoint fwd, final long start, final long end) {
        long filled = 0;
        final long[] h = fwd.holes;
        int i = 0;
        while (i < fwd.holeCount && start < end) {
            final long hs = h[2 * i];
            final long he = h[2 * i + 1];
            final long from = Math.max(hs, start);
            final long to = Math.min(he, end);
            if (from >= to) {
                i++;
                continue;
            }
            filled += to - from;
            if (from > hs && to < he) {
                // the segment lands inside the hole: two holes remain (the right one kept if room)
                h[2 * i + 1] = from;
                addHole(fwd, to, he);
                i++;
            } else if (from > hs) {
                h[2 * i + 1] = from;
                i++;
            } else if (to < he) {
                h[2 * i] = to;
                i++;
            } else {
                fwd.holeCount--;
                h[2 * i] = h[2 * fwd.holeCount];
                h[2 * i + 1] = h[2 * fwd.holeCount + 1];
            }
        }
        return filled;
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
                final long highest = fwd.highestRel;
                if (start < highest && fwd.holeCount > 0) {
                    // data that was skipped arrives late (reordered, or resent after a loss before
                    // the capture point): it was missed and is now seen
                    final long filled = fillHoles(fwd, start, Math.min(end, highest));
                    fwd.uniqueBytes += filled;
                    fwd.missedBytes -= filled;
                }
                if (start > highest) {
                    fwd.missedBytes += start - highest;
                    fwd.gapStart = highest;
                    fwd.gapEnd = start;
                    addHole(fwd, highest, start);
                }
                if (end > highest) {
                    fwd.uniqueBytes += end - Math.max(start, highest);
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
