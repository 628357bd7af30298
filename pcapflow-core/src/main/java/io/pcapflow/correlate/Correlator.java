package io.pcapflow.correlate;

import io.pcapflow.decode.PacketView;
import io.pcapflow.export.FlowSummary;
import io.pcapflow.tcp.TcpAnalysis;
import io.pcapflow.tcp.TcpConnection;
import io.pcapflow.tcp.TcpDirection;
import io.pcapflow.tcp.TcpListener;
import io.pcapflow.tcp.TcpSegment;
import io.pcapflow.tcp.TcpTracker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lines up the two legs of connections crossing a middlebox. Feed it every packet of both legs in
 * (roughly) time order through {@link #onPacket}, with outside times on the inside clock (see
 * {@link CorrelatorOptions#clockOffsetNanos}), then call {@link #finish}.
 *
 * <p>Each leg has its own {@link TcpTracker}, so a packet forwarded from one interface to the other
 * is never its own retransmission. Connections are mapped, in this order of preference, by
 * <ol>
 *   <li>the client's initial sequence number (a NAT forwards the SYN unchanged but for addresses and
 *       ports: the seed tracker's method);</li>
 *   <li>the SYN's TCP timestamp value (a box that rewrites ISNs keeps it);</li>
 *   <li>the client's first payload bytes at stream offset 0 (a proxy terminates TCP and opens
 *       its own connection, but relays the same bytes).</li>
 * </ol>
 * Within a pair, a packet is matched with the packet on the other leg with the same relative
 * sequence and acknowledgement numbers, length, flags and TCP timestamp (for a proxy: the same
 * data at the same stream offset), the nearest in time; a packet without counterpart after
 * {@link CorrelatorOptions#matchWindowNanos} is dropped (it entered the box) or injected (it left
 * it). Memory holds the open connections and the packets still waiting, not the capture.
 */
public final class Correlator {
    private static final int FIN = 0x01;
    private static final int RST = 0x04;
    private static final int RETRANSMITTED = TcpAnalysis.RETRANSMISSION | TcpAnalysis.FAST_RETRANSMISSION
        | TcpAnalysis.SPURIOUS_RETRANSMISSION;
    private static final int MIN_PREFIX = 8;
    private static final int HIGH_PREFIX = 32;
    private static final int FLAG_MASK = 0x3F;
    private static final long TIMING_WINDOW_NANOS = 1_000_000_000L;

    private final CorrelatorOptions options;
    private final CorrelationListener listener;
    private final TcpTracker[] trackers = new TcpTracker[2];
    private final List<Map<Long, LegConnection>> synIndex = List.of(new HashMap<>(), new HashMap<>());
    private final Map<Long, LegConnection> insideByIsn = new HashMap<>();
    private final List<Map<Long, LegConnection>> tsIndex = List.of(new HashMap<>(), new HashMap<>());
    /** Per leg: connections by the hash of the client's first payload bytes. */
    private final List<Map<Long, List<LegConnection>>> prefixIndex = List.of(new HashMap<>(), new HashMap<>());
    private final ArrayDeque<LegConnection> watch = new ArrayDeque<>();
    private final SegmentInfo current = new SegmentInfo();
    private final SegmentInfo first = new SegmentInfo();
    private final SegmentInfo second = new SegmentInfo();
    private final Resolution resolution = new Resolution();
    private final long[] packets = new long[2];
    private final long[][][] legTotals = new long[2][2][FlowSummary.COUNTERS];
    private final long[] lossAfterBox = new long[2];
    private final long[] verdicts = new long[Verdict.values().length * 2];
    private long clock = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;
    private long currentNanos;
    private long pairs;
    private long minC2s = Long.MAX_VALUE;
    private long minS2c = Long.MAX_VALUE;
    private long transitSamples;
    private long latePackets;
    private boolean finished;

    /**
     * @param options  settings
     * @param listener receives the results
     */
    public Correlator(final CorrelatorOptions options, final CorrelationListener listener) {
        this.options = options;
        this.listener = listener;
        for (int leg = 0; leg < 2; leg++) {
            final int l = leg;
            trackers[leg] = new TcpTracker(options.trackerOptions(), new TcpListener() {
                @Override
                public void onSegment(final TcpConnection connection, final PacketView view, final TcpSegment segment) {
                    Correlator.this.onSegment(l, connection, view, segment);
                }

                @Override
                public void onClose(final TcpConnection connection) {
                    Correlator.this.onClose(l, connection);
                }
            });
        }
    }

    /**
     * Feeds one decoded packet.
     *
     * @param leg  {@link Leg#INSIDE} or {@link Leg#OUTSIDE}
     * @param view the packet, valid during the call
     */
    public void onPacket(final int leg, final PacketView view) {
        currentNanos = view.timestampNanos() - (leg == Leg.OUTSIDE ? options.clockOffsetNanos() : 0);
        clock = Math.max(clock, currentNanos);
        packets[leg]++;
        trackers[leg].onPacket(view);
        if (lastSweep == Long.MIN_VALUE) {
            lastSweep = clock;
        } else if (clock - lastSweep >= options.matchWindowNanos() / 4) {
            sweep(false);
        }
    }

    /**
     * Moves time on without a packet (live input): connections idle past their timeout end, waiting
     * packets past the match window are resolved.
     *
     * @param nanos the current time on the inside clock
     */
    public void advanceTo(final long nanos) {
        if (nanos <= clock) {
            return;
        }
        clock = nanos;
        trackers[Leg.INSIDE].advanceTo(nanos);
        trackers[Leg.OUTSIDE].advanceTo(nanos + options.clockOffsetNanos());
        if (clock - lastSweep >= options.matchWindowNanos() / 4) {
            sweep(false);
        }
    }

    /** Ends both legs' connections and resolves every waiting packet. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        trackers[0].finish();
        trackers[1].finish();
        sweep(true);
    }

    /** @return the settings */
    public CorrelatorOptions options() {
        return options;
    }

    /**
     * @param leg the leg
     * @return packets fed for that leg
     */
    public long packets(final int leg) {
        return packets[leg];
    }

    /**
     * @param leg the leg
     * @return that leg's tracker (counters such as evictions)
     */
    public TcpTracker tracker(final int leg) {
        return trackers[leg];
    }

    /**
     * Sum over the ended connections of one leg of a {@link FlowSummary} per-direction counter.
     *
     * @param leg       the leg
     * @param direction 0 client-to-server, 1 server-to-client
     * @param counter   a {@link FlowSummary} counter index
     * @return the total
     */
    public long legTotal(final int leg, final int direction, final int counter) {
        return legTotals[leg][direction][counter];
    }

    /**
     * @param verdict   a verdict
     * @param direction 0 client-to-server, 1 server-to-client
     * @return packets (or matched packet pairs) resolved so
     */
    public long verdicts(final Verdict verdict, final int direction) {
        return verdicts[verdict.ordinal() * 2 + direction];
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return retransmissions entering the box of data it had already forwarded
     */
    public long lossAfterBox(final int direction) {
        return lossAfterBox[direction];
    }

    /** @return pairs mapped */
    public long pairs() {
        return pairs;
    }

    /** @return packets of connections already written (late ACKs or FINs after the match window) */
    public long latePackets() {
        return latePackets;
    }

    /** @return matched packets whose transit time was measured */
    public long transitSamples() {
        return transitSamples;
    }

    /**
     * The clock offset (outside minus inside) that the matched packets imply: packets cannot leave
     * the box before they entered it, so it lies within [offset - smallest s2c transit, offset +
     * smallest c2s transit] of the configured offset; the middle is returned.
     *
     * @return the estimate in nanoseconds, or {@link Long#MIN_VALUE} without matches both ways
     */
    public long clockOffsetEstimate() {
        if (minC2s == Long.MAX_VALUE || minS2c == Long.MAX_VALUE) {
            return Long.MIN_VALUE;
        }
        return options.clockOffsetNanos() + (minC2s - minS2c) / 2;
    }

    /** @return half the width of the interval around {@link #clockOffsetEstimate()}, or -1 */
    public long clockOffsetSpread() {
        if (minC2s == Long.MAX_VALUE || minS2c == Long.MAX_VALUE) {
            return -1;
        }
        return Math.max(0, (minC2s + minS2c) / 2);
    }

    private void onSegment(final int leg, final TcpConnection c, final PacketView view, final TcpSegment seg) {
        final LegConnection lc = analyse(leg, c, view, seg);
        lc.finished = c.finishedBy() != null;
        if (lc.finished && lc.finishedNanos < 0) {
            // ended by FIN or RST: resolved and written after a quiet match window, not after the
            // tracker's two-minute linger, so memory holds only connections still alive
            lc.finishedNanos = currentNanos;
            watch(lc);
        }
        if (!lc.logged && c.finishedBy() != null) {
            logEnd(lc, c, c.finishedBy().label());
        }
    }

    /** Reports a connection's end as soon as the tracker knows it, not after its linger time. */
    private void logEnd(final LegConnection lc, final TcpConnection c, final String reason) {
        lc.logged = true;
        lc.endReason = NatColumns.logReason(reason);
        if (lc.summary == null) {
            lc.summary = FlowSummary.of(c);
        }
        if (lc.pair == null && !finished) {
            // the other leg may still show it (a capture's interfaces are not always in time
            // order): the record waits for the mapping, at most the mapping window
            lc.logDeferred = true;
            watch(lc);
            return;
        }
        listener.onConnectionEnd(lc);
    }

    /**
     * A mapping is only sure once the outside connection was answered: the box may send a client's
     * SYN out twice under two ports (see {@link #remap}), and the record waits for the one that lives.
     */
    private void maybeRelease(final ConnectionPair p) {
        if (p.outside.serverIsn >= 0 || p.outside.finished) {
            releaseLog(p.inside);
            releaseLog(p.outside);
        }
    }

    private void releaseLog(final LegConnection lc) {
        if (lc.logDeferred) {
            lc.logDeferred = false;
            listener.onConnectionEnd(lc);
        }
    }

    private LegConnection analyse(final int leg, final TcpConnection c, final PacketView view, final TcpSegment seg) {
        LegConnection lc = (LegConnection) c.attachment();
        if (lc != null && lc.finalized) {
            // a late packet (last ACK, resent FIN) after the pair was written: counted, not matched
            lc.lastNanos = currentNanos;
            latePackets++;
            return lc;
        }
        final int d = seg.direction();
        if (lc == null) {
            final boolean v4 = view.ipVersion() == 4;
            final boolean toServer = d == TcpDirection.CLIENT_TO_SERVER;
            final long hi = v4 ? 0 : (toServer ? view.ipv6DestinationHigh() : view.ipv6SourceHigh());
            final long lo = v4 ? (toServer ? view.ipv4Destination() : view.ipv4Source()) & 0xFFFF_FFFFL
                : (toServer ? view.ipv6DestinationLow() : view.ipv6SourceLow());
            lc = new LegConnection(leg, c, currentNanos, hi, lo);
            c.attach(lc);
            if (c.isRevived()) {
                // a late packet of a connection the tracker already reported (more closed connections
                // lingered than it keeps whole): its pair is written; counted, not matched, not logged
                lc.finalized = true;
                lc.logged = true;
                latePackets++;
                return lc;
            }
        }
        lc.lastNanos = currentNanos;
        if (view.isSyn()) {
            if (!view.isAck() && d == TcpDirection.CLIENT_TO_SERVER && lc.isn < 0) {
                lc.isn = view.seqUnsigned();
                lc.synNanos = currentNanos;
                lc.synTsVal = view.hasTimestamps() ? view.tsVal() : -1;
                lc.synMss = view.mss();
                if (lc.pair == null) {
                    mapBySyn(lc);
                }
            } else if (view.isAck() && d == TcpDirection.SERVER_TO_CLIENT && lc.serverIsn < 0) {
                lc.serverIsn = view.seqUnsigned();
                lc.synAckNanos = currentNanos;
                if (lc.pair != null) {
                    maybeRelease(lc.pair);
                }
            }
        }
        final SegmentInfo s = current.set(leg, currentNanos, view, seg);
        if (!lc.prefixDone) {
            collectPrefix(lc, d, s, view);
        }
        final long end = s.relSeq + s.length;
        final ConnectionPair p = lc.pair;
        if (p != null && s.length > 0 && (s.analysis & RETRANSMITTED) != 0 && Leg.isIngress(leg, d)
            && end <= p.forwardedEnd[d]) {
            p.lossAfterBox[d]++;
            lossAfterBox[d]++;
        }
        if (s.length > 0) {
            lc.highestEnd[d] = Math.max(lc.highestEnd[d], end);
        }
        if (seg.is(TcpAnalysis.DUPLICATE_CAPTURE)) {
            emitSingle(Verdict.DUPLICATE, lc, s);
        } else {
            match(lc, d, s);
        }
        return lc;
    }

    private void match(final LegConnection lc, final int d, final SegmentInfo s) {
        final ConnectionPair p = lc.pair;
        if (p != null) {
            final LegConnection o = p.other(lc);
            final PendingQueue q = o.pending[d];
            final int i = findCounterpart(p.kind, q, s);
            if (i >= 0) {
                q.get(i, second);
                q.remove(i);
                resolveMatch(p, s, second);
                return;
            }
        }
        lc.pending(d).add(s);
        watch(lc);
    }

    private static int findCounterpart(final MatchKind kind, final PendingQueue q, final SegmentInfo s) {
        if (q == null) {
            return -1;
        }
        final boolean ingress = Leg.isIngress(s.leg, s.direction);
        int best = -1;
        long bestScore = Long.MAX_VALUE;
        for (int i = 0; i < q.size(); i++) {
            if (!sameSegment(kind, q, i, s)) {
                continue;
            }
            final long transit = ingress ? q.nanos(i) - s.nanos : s.nanos - q.nanos(i);
            // several pure ACKs can share every key field (same TSval within a millisecond): the
            // IP id, which a NAT keeps, and the window tell them apart before time does
            long score = Math.min(Math.abs(transit), 1L << 40);
            if (kind != MatchKind.PROXY) {
                score += (q.ipId(i) != s.ipId ? 1L << 43 : 0) + (q.window(i) != s.window ? 1L << 42 : 0);
            }
            score += transit < 0 ? 1L << 41 : 0;
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private static boolean sameSegment(final MatchKind kind, final PendingQueue q, final int i, final SegmentInfo s) {
        if (q.relSeq(i) != s.relSeq || q.length(i) != s.length) {
            return false;
        }
        if (kind == MatchKind.PROXY) {
            final boolean fin = (s.tcpFlags & 0x01) != 0;
            return (s.length > 0 || fin) && fin == ((q.tcpFlags(i) & 0x01) != 0);
        }
        return (q.tcpFlags(i) & FLAG_MASK) == (s.tcpFlags & FLAG_MASK) && q.relAck(i) == s.relAck
            && q.tsVal(i) == s.tsVal;
    }

    private void resolveMatch(final ConnectionPair p, final SegmentInfo a, final SegmentInfo b) {
        final SegmentInfo ingress = Leg.isIngress(a.leg, a.direction) ? a : b;
        final SegmentInfo egress = ingress == a ? b : a;
        final int d = a.direction;
        final long transit = egress.nanos - ingress.nanos;
        p.matched[d]++;
        p.transit.add(transit);
        transitSamples++;
        if (d == TcpDirection.CLIENT_TO_SERVER) {
            minC2s = Math.min(minC2s, transit);
        } else {
            minS2c = Math.min(minS2c, transit);
        }
        // a proxy writes every packet anew: only what says so (IP id) or matters (MSS) is worth a note
        final int changes = changes(ingress, egress)
            & (p.kind == MatchKind.PROXY ? ConnectionPair.CHANGED_IP_ID | ConnectionPair.CHANGED_MSS : -1);
        if (changes != 0) {
            p.changed[d]++;
            p.changes |= changes;
        }
        p.forwardedEnd[d] = Math.max(p.forwardedEnd[d], ingress.relSeq + ingress.length);
        final Resolution r = resolution;
        r.verdict = Verdict.MATCHED;
        r.pair = p;
        r.connection = p.inside;
        r.hasInside = true;
        r.hasOutside = true;
        (a.leg == Leg.INSIDE ? r.inside : r.outside).copyFrom(a);
        (b.leg == Leg.INSIDE ? r.inside : r.outside).copyFrom(b);
        r.transitNanos = transit;
        r.changes = changes;
        verdicts[Verdict.MATCHED.ordinal() * 2 + d]++;
        listener.onResolved(r);
    }

    private static int changes(final SegmentInfo in, final SegmentInfo out) {
        int c = 0;
        if (in.ipId >= 0 && out.ipId >= 0 && in.ipId != out.ipId) {
            c |= ConnectionPair.CHANGED_IP_ID;
        }
        if (in.ttl - out.ttl != 1) {
            c |= ConnectionPair.CHANGED_TTL;
        }
        if (in.window != out.window) {
            c |= ConnectionPair.CHANGED_WINDOW;
        }
        if (in.mss != out.mss) {
            c |= ConnectionPair.CHANGED_MSS;
        }
        if (in.tcpFlags != out.tcpFlags) {
            c |= ConnectionPair.CHANGED_FLAGS;
        }
        if (in.tsVal != out.tsVal) {
            c |= ConnectionPair.CHANGED_TSVAL;
        }
        return c;
    }

    private void mapBySyn(final LegConnection lc) {
        final int other = 1 - lc.leg;
        if (lc.leg == Leg.INSIDE) {
            insideByIsn.put(lc.isn, lc);
        } else if (remap(lc)) {
            return;
        }
        LegConnection c = synIndex.get(other).get(lc.isn);
        if (mappable(c, lc) && c.serverPort == lc.serverPort) {
            map(lc, c, MatchKind.NAT, Confidence.HIGH, "same ISN " + lc.isn + " and server port " + lc.serverPort
                + ", SYNs " + micros(Math.abs(lc.synNanos - c.synNanos)) + " apart");
            return;
        }
        if (lc.synTsVal > 0) {
            c = tsIndex.get(other).get(lc.synTsVal);
            if (mappable(c, lc) && c.serverPort == lc.serverPort) {
                map(lc, c, MatchKind.ISN_REWRITE, Confidence.HIGH, "same SYN TSval " + lc.synTsVal
                    + " and server port " + lc.serverPort + ", ISN " + inside(lc, c).isn + " -> "
                    + outside(lc, c).isn);
                return;
            }
        }
        if (lc.leg == Leg.OUTSIDE && mapByTiming(lc)) {
            return;
        }
        synIndex.get(lc.leg).put(lc.isn, lc);
        if (lc.synTsVal > 0) {
            tsIndex.get(lc.leg).put(lc.synTsVal, lc);
        }
        lc.indexed = true;
        watch(lc);
    }

    /**
     * A client's SYN can leave the box twice under different ports: its first copy on a mapping the
     * box still held for the key's previous connection (which the server resets), its retransmission
     * on a new one. When an outside SYN carries the ISN of an inside connection already mapped to an
     * outside connection that has ended or never got a SYN/ACK, the inside connection continues
     * through the new one (even if a capture's interfaces are out of order and it seems over).
     */
    private boolean remap(final LegConnection out) {
        final LegConnection in = insideByIsn.get(out.isn);
        if (in == null || in.pair == null || in.finalized
            || !in.pair.outside.finished && in.pair.outside.serverIsn >= 0 || in.pair.outside == out
            || in.serverPort != out.serverPort
            || Math.abs(out.synNanos - in.synNanos) > options.mappingWindowNanos()) {
            return false;
        }
        final ConnectionPair p = in.pair;
        final LegConnection old = p.outside;
        old.pair = null;
        p.outside = out;
        out.pair = p;
        watch(old);
        return true;
    }

    /**
     * The seed tracker's fallback for a box that rewrites ISNs: the box's SYN is the only one to
     * that server within {@link #TIMING_WINDOW_NANOS} after a client's SYN that nothing else explains.
     */
    private boolean mapByTiming(final LegConnection out) {
        LegConnection only = null;
        int candidates = 0;
        for (final LegConnection in : synIndex.get(Leg.INSIDE).values()) {
            final long gap = out.synNanos - in.synNanos;
            if (in.pair == null && !in.finalized && in.sameServer(out) && gap >= 0 && gap <= TIMING_WINDOW_NANOS) {
                only = in;
                candidates++;
            }
        }
        if (candidates != 1) {
            return false;
        }
        map(only, out, MatchKind.ISN_REWRITE, Confidence.LOW, "only SYN to " + out.server + " port " + out.serverPort
            + " within " + micros(out.synNanos - only.synNanos) + " of the client's; ISN " + only.isn + " -> "
            + out.isn);
        return true;
    }

    private boolean mappable(final LegConnection c, final LegConnection lc) {
        if (c == null || c.pair != null || c.finalized || c.ipVersion != lc.ipVersion && !bothKnown(c, lc)) {
            return false;
        }
        final long a = c.synNanos >= 0 ? c.synNanos : c.firstNanos;
        final long b = lc.synNanos >= 0 ? lc.synNanos : lc.firstNanos;
        return Math.abs(a - b) <= options.mappingWindowNanos();
    }

    private static boolean bothKnown(final LegConnection c, final LegConnection lc) {
        // a NAT64 box changes the IP version; allow it when both SYNs were seen
        return c.isn >= 0 && lc.isn >= 0;
    }

    /**
     * Gathers the client's first {@link LegConnection#PREFIX} payload bytes across segments, in
     * sequence order: a proxy cuts the stream where its reads ended, so the first segment on one
     * leg can be shorter than on the other (under load, socat relays a request in pieces). The
     * client's bytes, not the server's: responses repeat (the same page, the same banner),
     * requests name what they want. A shorter request is taken as it is once the server answers
     * or the client ends (then both legs hold the same bytes).
     */
    private void collectPrefix(final LegConnection lc, final int d, final SegmentInfo s, final PacketView view) {
        final int c2s = TcpDirection.CLIENT_TO_SERVER;
        if (d == c2s && s.length > 0 && view.payloadCapturedLength() > 0) {
            final long next = 1 + lc.prefixFill;
            final int captured = view.payloadCapturedLength();
            if (s.relSeq <= next && next < s.relSeq + captured) {
                if (lc.prefix == null) {
                    lc.prefix = new byte[LegConnection.PREFIX];
                }
                final int skip = (int) (next - s.relSeq);
                final int n = Math.min(LegConnection.PREFIX - lc.prefixFill, captured - skip);
                view.bytes().copyTo(view.payloadOffset() + skip, lc.prefix, lc.prefixFill, n);
                lc.prefixFill += n;
            }
        }
        final boolean ended = d == c2s ? (view.tcpFlags() & (FIN | RST)) != 0 : s.length > 0;
        if (lc.prefixFill == LegConnection.PREFIX || ended && lc.prefixFill >= MIN_PREFIX) {
            lc.prefixDone = true;
            lc.prefixHash = hash(lc.prefix, lc.prefixFill);
            if (lc.pair == null) {
                mapByPayload(lc);
            }
        }
    }

    private void mapByPayload(final LegConnection lc) {
        final int other = 1 - lc.leg;
        final List<LegConnection> list = prefixIndex.get(other).get(lc.prefixHash);
        LegConnection best = null;
        int candidates = 0;
        if (list != null) {
            long bestDistance = Long.MAX_VALUE;
            for (final LegConnection c : list) {
                if (!mappable(c, lc) || c.prefixFill != lc.prefixFill
                    || !java.util.Arrays.equals(c.prefix, 0, c.prefixFill, lc.prefix, 0, lc.prefixFill)) {
                    continue;
                }
                candidates++;
                final long distance = Math.abs(c.firstNanos - lc.firstNanos);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
        }
        if (best == null) {
            prefixIndex.get(lc.leg).computeIfAbsent(lc.prefixHash, k -> new ArrayList<>(1)).add(lc);
            lc.indexed = true;
            watch(lc);
            return;
        }
        final LegConnection in = inside(lc, best);
        final LegConnection out = outside(lc, best);
        final boolean terminated = in.synAckNanos >= 0 && out.synNanos >= 0 ? in.synAckNanos < out.synNanos
            : !in.sameServer(out);
        final MatchKind kind = terminated ? MatchKind.PROXY : MatchKind.ISN_REWRITE;
        final int n = lc.prefixFill;
        final Confidence confidence = candidates == 1 && n >= HIGH_PREFIX ? Confidence.HIGH : Confidence.MEDIUM;
        map(lc, best, kind, confidence, "same first " + n + " payload bytes client->server"
            + (candidates > 1 ? ", nearest of " + candidates + " candidates" : "")
            + (terminated ? ", box answered the SYN itself" : ""));
    }

    private static LegConnection inside(final LegConnection a, final LegConnection b) {
        return a.leg == Leg.INSIDE ? a : b;
    }

    private static LegConnection outside(final LegConnection a, final LegConnection b) {
        return a.leg == Leg.INSIDE ? b : a;
    }

    private void map(final LegConnection a, final LegConnection b, final MatchKind kind, final Confidence confidence,
                     final String evidence) {
        final LegConnection in = inside(a, b);
        final LegConnection out = outside(a, b);
        final ConnectionPair p = new ConnectionPair(pairs++, in, out, kind, confidence, evidence);
        in.pair = p;
        out.pair = p;
        unindex(in);
        unindex(out);
        maybeRelease(p);
        for (int d = 0; d < 2; d++) {
            final PendingQueue qi = in.pending[d];
            final PendingQueue qo = out.pending[d];
            if (qi == null || qo == null) {
                continue;
            }
            int i = 0;
            while (i < qi.size()) {
                qi.get(i, first);
                final int j = findCounterpart(kind, qo, first);
                if (j >= 0) {
                    qo.get(j, second);
                    qo.remove(j);
                    qi.remove(i);
                    resolveMatch(p, first, second);
                } else {
                    i++;
                }
            }
        }
    }

    private void unindex(final LegConnection lc) {
        if (lc.finalized && lc.isn >= 0 && insideByIsn.get(lc.isn) == lc) {
            insideByIsn.remove(lc.isn);
        }
        if (!lc.indexed) {
            return;
        }
        lc.indexed = false;
        if (lc.isn >= 0 && synIndex.get(lc.leg).get(lc.isn) == lc) {
            synIndex.get(lc.leg).remove(lc.isn);
        }
        if (lc.synTsVal > 0 && tsIndex.get(lc.leg).get(lc.synTsVal) == lc) {
            tsIndex.get(lc.leg).remove(lc.synTsVal);
        }
        if (lc.prefixDone) {
            final Map<Long, List<LegConnection>> m = prefixIndex.get(lc.leg);
            final List<LegConnection> list = m.get(lc.prefixHash);
            if (list != null && list.remove(lc) && list.isEmpty()) {
                m.remove(lc.prefixHash);
            }
        }
    }

    private void onClose(final int leg, final TcpConnection c) {
        final LegConnection lc = (LegConnection) c.attachment();
        c.attach(null);
        if (lc == null) {
            return;
        }
        lc.closed = true;
        lc.closedNanos = clock;
        for (int d = 0; d < 2; d++) {
            final long[] t = legTotals[leg][d];
            t[FlowSummary.PACKETS] += c.packets(d);
            t[FlowSummary.BYTES] += c.payloadBytes(d);
            t[FlowSummary.UNIQUE_BYTES] += c.uniqueBytes(d);
            t[FlowSummary.MISSED_BYTES] += c.missedBytes(d);
            t[FlowSummary.RETRANSMISSIONS] += c.retransmissions(d);
            t[FlowSummary.RETRANSMITTED_BYTES] += c.retransmittedBytes(d);
            t[FlowSummary.FAST_RETRANSMISSIONS] += c.fastRetransmissions(d);
            t[FlowSummary.OUT_OF_ORDER] += c.outOfOrder(d);
            t[FlowSummary.DUPLICATE_ACKS] += c.duplicateAcks(d);
            t[FlowSummary.ZERO_WINDOWS] += c.zeroWindows(d);
            t[FlowSummary.LOST_SEGMENTS] += c.lostSegments(d);
        }
        if (lc.finalized) {
            return;
        }
        // the final counts (late packets after a FIN exchange included) for the mapping row
        final FlowSummary summary = FlowSummary.of(c);
        if (!lc.logged) {
            lc.summary = summary;
            logEnd(lc, c, c.endReason().label());
        }
        lc.summary = summary;
        watch(lc);
    }

    private void watch(final LegConnection lc) {
        if (!lc.watched) {
            lc.watched = true;
            watch.add(lc);
        }
    }

    private void sweep(final boolean all) {
        lastSweep = clock;
        int n = watch.size();
        while (n-- > 0 || all && !watch.isEmpty()) {
            final LegConnection lc = watch.poll();
            lc.watched = false;
            final long wait = lc.pair != null ? options.matchWindowNanos() : options.mappingWindowNanos();
            for (int d = 0; d < 2; d++) {
                final PendingQueue q = lc.pending[d];
                while (q != null && q.size() > 0 && (all || q.nanos(0) < clock - wait)) {
                    q.get(0, first);
                    q.remove(0);
                    expire(lc, first);
                }
            }
            if (lc.logDeferred && (all || clock - lc.lastNanos >= options.mappingWindowNanos())) {
                releaseLog(lc);
            }
            final boolean ended = lc.closed || lc.finishedNanos >= 0;
            if (ended && !lc.finalized && !lc.hasPending() && !lc.logDeferred
                && (all || clock - lc.lastNanos >= wait)) {
                finalizeConnection(lc);
            }
            if (!lc.finalized && (lc.hasPending() || ended || lc.indexed || lc.logDeferred)) {
                if (lc.indexed && !lc.closed && !lc.hasPending() && lc.pair == null
                    && clock - lc.lastNanos > options.mappingWindowNanos()) {
                    unindex(lc);
                    continue;
                }
                lc.watched = true;
                watch.add(lc);
            }
        }
    }

    private void finalizeConnection(final LegConnection lc) {
        lc.finalized = true;
        unindex(lc);
        lc.pending[0] = null;
        lc.pending[1] = null;
        lc.prefix = null;
        final ConnectionPair p = lc.pair;
        if (p == null) {
            listener.onUnmatched(lc);
        } else if (p.other(lc).finalized) {
            listener.onPairDone(p);
        }
    }

    private void expire(final LegConnection lc, final SegmentInfo s) {
        final ConnectionPair p = lc.pair;
        final int d = s.direction;
        final Verdict v;
        if (p == null) {
            v = Verdict.UNMAPPED;
            lc.unmapped++;
        } else {
            final boolean ingress = Leg.isIngress(s.leg, d);
            final boolean data = s.length > 0;
            final LegConnection other = p.other(lc);
            if (p.kind != MatchKind.PROXY) {
                v = ingress ? Verdict.DROPPED : Verdict.INJECTED;
            } else if (!data && (s.tcpFlags & 0x01) == 0) {
                v = ingress ? Verdict.TERMINATED : Verdict.INJECTED;
            } else if (other.highestEnd[d] >= s.relSeq + s.length) {
                v = Verdict.RESEGMENTED;
            } else {
                v = ingress ? Verdict.DROPPED : Verdict.INJECTED;
            }
            switch (v) {
                case DROPPED:
                    p.dropped[d]++;
                    break;
                case INJECTED:
                    p.injected[d]++;
                    break;
                case TERMINATED:
                    p.terminated[d]++;
                    break;
                default:
                    p.resegmented[d]++;
            }
        }
        emitSingle(v, lc, s);
    }

    private void emitSingle(final Verdict v, final LegConnection lc, final SegmentInfo s) {
        final Resolution r = resolution;
        r.verdict = v;
        r.pair = lc.pair;
        r.connection = lc;
        r.hasInside = s.leg == Leg.INSIDE;
        r.hasOutside = !r.hasInside;
        (r.hasInside ? r.inside : r.outside).copyFrom(s);
        r.transitNanos = -1;
        r.changes = 0;
        verdicts[v.ordinal() * 2 + s.direction]++;
        listener.onResolved(r);
    }

    private static long hash(final byte[] b, final int n) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < n; i++) {
            h ^= b[i] & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static String micros(final long nanos) {
        final StringBuilder sb = new StringBuilder(16);
        io.pcapflow.export.Times.appendSeconds(sb, nanos, 6);
        return sb.append(" s").toString();
    }
}
