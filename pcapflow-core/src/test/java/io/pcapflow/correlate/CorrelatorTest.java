package io.pcapflow.correlate;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.LinkType;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TrackerOptions;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.TcpBuilder;
import io.pcapflow.testkit.packet.TcpFlags;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The correlator on two legs built packet by packet from a script of what a box does: forward with
 * address/port translation (and optionally a sequence shift), drop, inject, or terminate TCP as a
 * proxy. The script knows each packet's fate, so every count is exact.
 */
class CorrelatorTest {
    private static final String CLIENT = "192.0.2.2";
    private static final String BOX_IN = "192.0.2.1";
    private static final String BOX_OUT = "198.51.100.1";
    private static final String SERVER = "198.51.100.2";
    private static final long T0 = 1_700_000_000_000_000_000L;

    /** Collects what the correlator reports. */
    private static final class Results implements CorrelationListener {
        final List<ConnectionPair> pairs = new ArrayList<>();
        final List<LegConnection> unmatched = new ArrayList<>();
        final List<LegConnection> ended = new ArrayList<>();
        final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        final List<Long> droppedFrames = new ArrayList<>();
        final List<Long> injectedFrames = new ArrayList<>();

        @Override
        public void onResolved(final Resolution r) {
            verdicts.merge(r.verdict(), 1, Integer::sum);
            if (r.verdict() == Verdict.DROPPED) {
                droppedFrames.add((r.inside() != null ? r.inside() : r.outside()).frame());
            } else if (r.verdict() == Verdict.INJECTED) {
                injectedFrames.add((r.inside() != null ? r.inside() : r.outside()).frame());
            }
        }

        @Override
        public void onConnectionEnd(final LegConnection c) {
            ended.add(c);
        }

        @Override
        public void onPairDone(final ConnectionPair p) {
            pairs.add(p);
        }

        @Override
        public void onUnmatched(final LegConnection c) {
            unmatched.add(c);
        }

        int count(final Verdict v) {
            return verdicts.getOrDefault(v, 0);
        }
    }

    /** Addresses and ports of a packet. */
    private record Ends(String src, int sport, String dst, int dport) {
    }

    /** Feeds packets of both legs, decoding real frames. */
    private static final class Legs {
        final Correlator correlator;
        final Results results = new Results();
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final CaptureRecord record = new CaptureRecord();
        final InterfaceInfo iface = new InterfaceInfo(0, 0, 0, LinkType.ETHERNET, 65535, null, null,
            1_000_000_000L, 0);
        final long[] frames = new long[2];
        long clock = T0;
        int ipId = 1000;

        Legs(final CorrelatorOptions options) {
            correlator = new Correlator(options, results);
        }

        /** @return the frame number the packet got on its leg */
        long packet(final int leg, final Ends e,
                    final int flags, final long seq, final long ack, final byte[] payload, final long tsVal,
                    final int id) {
            final String src = e.src();
            final TcpBuilder tcp = Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4(src, e.dst()).id(id)
                .ttl(entering(leg, src) ? 64 : 63).tcp(e.sport(), e.dport()).seq(seq & 0xFFFF_FFFFL)
                .ack(ack & 0xFFFF_FFFFL).flags(flags).window(502);
            if (tsVal >= 0) {
                tcp.timestamps(tsVal, 0);
            }
            if ((flags & TcpFlags.SYN) != 0) {
                tcp.mss(1460);
            }
            final byte[] frame = tcp.payload(payload).build();
            final long ordinal = ++frames[leg];
            record.set(ordinal, clock, iface, frame.length, frame.length, new Bytes(frame), 0, 0);
            assertThat(decoder.decode(record, view)).isTrue();
            correlator.onPacket(leg, view);
            clock += 50_000;
            return ordinal;
        }

        /** Packets entering the box come straight from their sender; those leaving it went one hop further. */
        private static boolean entering(final int leg, final String src) {
            return leg == Leg.INSIDE ? CLIENT.equals(src) : SERVER.equals(src);
        }

        Results finish() {
            correlator.finish();
            return results;
        }
    }

    /** A client/server exchange forwarded by a NAT, each packet's fate chosen by the script. */
    private static final class NatScript {
        final Legs legs;
        final int cport;
        final int nport;
        final long shift;
        long cseq = 1_000;
        long sseq = 9_000_000;
        long ts = 5000;

        NatScript(final Legs legs, final int cport, final int nport, final long shift) {
            this.legs = legs;
            this.cport = cport;
            this.nport = nport;
            this.shift = shift;
        }

        /** Client to server; forwarded unless dropped. @return the inside frame */
        long c2s(final int flags, final int len, final boolean forward) {
            final byte[] payload = new byte[len];
            final long seq = cseq;
            final int id = legs.ipId++;
            final long t = ts++;
            final long inFrame = legs.packet(Leg.INSIDE, new Ends(CLIENT, cport, SERVER, 80), flags, seq, sseq,
                payload, t, id);
            if (forward) {
                legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, nport, SERVER, 80), flags, seq
                    + shift, sseq, payload, t, id);
            }
            cseq += len + ((flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0 ? 1 : 0);
            return inFrame;
        }

        /** Server to client; forwarded unless dropped. @return the outside frame */
        long s2c(final int flags, final int len, final boolean forward) {
            final byte[] payload = new byte[len];
            final long seq = sseq;
            final int id = legs.ipId++;
            final long t = ts++;
            final long outFrame = legs.packet(Leg.OUTSIDE, new Ends(SERVER, 80, BOX_OUT, nport), flags, seq, cseq
                + shift,
                payload, t, id);
            if (forward) {
                legs.packet(Leg.INSIDE, new Ends(SERVER, 80, CLIENT, cport), flags, seq, cseq, payload, t, id);
            }
            sseq += len + ((flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0 ? 1 : 0);
            return outFrame;
        }

        void rewind(final int c2sBytes) {
            cseq -= c2sBytes;
        }
    }

    private static final int A = TcpFlags.ACK;
    private static final int PA = TcpFlags.PSH | TcpFlags.ACK;

    private static int total(final Results r) {
        return r.verdicts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Results natExchange(final long shift, final boolean withTimestamps) {
        return natExchange(new Legs(new CorrelatorOptions()), shift, withTimestamps);
    }

    private static Results natExchange(final Legs legs, final long shift, final boolean withTimestamps) {
        final NatScript s = new NatScript(legs, 40000, 61000, shift);
        if (!withTimestamps) {
            s.ts = -1_000_000;
        }
        s.c2s(TcpFlags.SYN, 0, true);
        s.s2c(TcpFlags.SYN | A, 0, true);
        s.c2s(A, 0, true);
        s.c2s(PA, 100, true);
        s.s2c(A, 1000, true);
        s.s2c(A, 1000, false);
        s.s2c(A, 1000, true);
        s.c2s(A, 0, true);
        s.c2s(PA, 50, false);
        legs.clock += 300_000_000;
        s.rewind(50);
        s.c2s(PA, 50, true);
        s.s2c(TcpFlags.FIN | A, 0, true);
        s.c2s(TcpFlags.FIN | A, 0, true);
        s.s2c(A, 0, true);
        return legs.finish();
    }

    @Test
    void shouldMapByIsnAndCountWhatTheNatDropped() {
        final Results r = natExchange(0, true);
        assertThat(r.pairs).hasSize(1);
        assertThat(r.unmatched).isEmpty();
        final ConnectionPair p = r.pairs.get(0);
        assertThat(p.kind()).isEqualTo(MatchKind.NAT);
        assertThat(p.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(p.outside().clientPort()).isEqualTo(61000);
        assertThat(p.inside().clientPort()).isEqualTo(40000);
        assertThat(p.dropped(0)).isEqualTo(1);
        assertThat(p.dropped(1)).isEqualTo(1);
        assertThat(p.injected(0) + p.injected(1)).isZero();
        assertThat(p.matched(0)).isEqualTo(6);
        assertThat(p.matched(1)).isEqualTo(5);
        assertThat(p.seqOffset(0)).isZero();
        // the TTL went down by one and nothing else changed
        assertThat(p.changes()).isZero();
        assertThat(r.count(Verdict.DROPPED)).isEqualTo(2);
    }

    @Test
    void shouldCountPacketsAfterTheTrackerReportedTheirConnectionAsLate() {
        // trackers that keep no closed connection whole: the last ACK after the FIN exchange comes to
        // a connection made anew for it (same stream); it is late on both legs, not a new connection
        final Legs legs = new Legs(new CorrelatorOptions().trackerOptions(TrackerOptions.defaults()
            .maxLingeringConnections(0)));
        final Results r = natExchange(legs, 0, true);
        final Results whole = natExchange(0, true);
        assertThat(r.pairs).hasSize(1);
        assertThat(r.unmatched).isEmpty();
        // the last ACK is not resolved (it was, matched, when the connection lingered whole), and no
        // connection end is logged twice
        assertThat(total(r)).isEqualTo(total(whole) - 1);
        assertThat(r.ended).hasSameSizeAs(whole.ended);
        assertThat(legs.correlator.latePackets()).isEqualTo(2);
        assertThat(r.pairs.get(0).matched(0)).isEqualTo(whole.pairs.get(0).matched(0));
    }

    @Test
    void shouldMapAnIsnRewritingBoxByTheSynTimestamp() {
        final Results r = natExchange(123_456_789L, true);
        assertThat(r.pairs).hasSize(1);
        final ConnectionPair p = r.pairs.get(0);
        assertThat(p.kind()).isEqualTo(MatchKind.ISN_REWRITE);
        assertThat(p.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(p.evidence()).contains("TSval");
        assertThat(p.seqOffset(0)).isEqualTo(123_456_789L);
        assertThat(p.seqOffset(1)).isZero();
        assertThat(p.dropped(0)).isEqualTo(1);
        assertThat(p.dropped(1)).isEqualTo(1);
        assertThat(p.matched(0)).isEqualTo(6);
    }

    @Test
    void shouldFallBackOnTimingWithLowConfidence() {
        // ISNs differ, no timestamps, no payload: only the box's SYN to the same server right after
        final Legs legs = new Legs(new CorrelatorOptions());
        final NatScript s = new NatScript(legs, 40001, 61001, 777);
        s.ts = -1_000_000;
        s.c2s(TcpFlags.SYN, 0, true);
        s.s2c(TcpFlags.SYN | A, 0, true);
        s.c2s(A, 0, true);
        s.c2s(TcpFlags.RST, 0, true);
        final Results r = legs.finish();
        assertThat(r.pairs).hasSize(1);
        assertThat(r.pairs.get(0).kind()).isEqualTo(MatchKind.ISN_REWRITE);
        assertThat(r.pairs.get(0).confidence()).isEqualTo(Confidence.LOW);
        assertThat(r.pairs.get(0).seqOffset(0)).isEqualTo(777);
        assertThat(r.pairs.get(0).matched(0)).isEqualTo(3);
        assertThat(r.pairs.get(0).matched(1)).isEqualTo(1);
    }

    @Test
    void shouldLeaveAnAmbiguousMappingUnmatched() {
        // two clients open connections to the same server at once through an ISN-rewriting box
        // without timestamps: nothing tells which outside SYN is whose
        final Legs legs = new Legs(new CorrelatorOptions());
        final NatScript a = new NatScript(legs, 40001, 61001, 777);
        final NatScript b = new NatScript(legs, 40002, 61002, 999);
        a.ts = -1_000_000;
        b.ts = -1_000_000;
        b.cseq = 50_000;
        legs.packet(Leg.INSIDE, new Ends(CLIENT, 40001, SERVER, 80), TcpFlags.SYN, a.cseq, 0, new byte[0], -1, 1);
        legs.packet(Leg.INSIDE, new Ends(CLIENT, 40002, SERVER, 80), TcpFlags.SYN, b.cseq, 0, new byte[0], -1, 2);
        legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 61001, SERVER, 80), TcpFlags.SYN, a.cseq + 777, 0, new byte[0], -1,
            1);
        legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 61002, SERVER, 80), TcpFlags.SYN, b.cseq + 999, 0, new byte[0], -1,
            2);
        final Results r = legs.finish();
        assertThat(r.pairs).isEmpty();
        assertThat(r.unmatched).hasSize(4);
        assertThat(r.count(Verdict.UNMAPPED)).isEqualTo(4);
        assertThat(r.count(Verdict.DROPPED)).isZero();
    }

    @Test
    void shouldReportPacketsTheBoxSentOnItsOwn() {
        final Legs legs = new Legs(new CorrelatorOptions());
        final NatScript s = new NatScript(legs, 40002, 61002, 0);
        s.c2s(TcpFlags.SYN, 0, true);
        s.s2c(TcpFlags.SYN | A, 0, true);
        s.c2s(A, 0, true);
        // a box-made keep-alive towards the server, seen only outside
        final long injected = legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 61002, SERVER, 80), A, s.cseq - 1, s.sseq,
            new byte[0], 4242, 7);
        s.c2s(TcpFlags.FIN | A, 0, true);
        s.s2c(TcpFlags.FIN | A, 0, true);
        s.c2s(A, 0, true);
        final Results r = legs.finish();
        assertThat(r.pairs).hasSize(1);
        assertThat(r.pairs.get(0).injected(0)).isEqualTo(1);
        assertThat(r.injectedFrames).containsExactly(injected);
        assertThat(r.count(Verdict.DROPPED)).isZero();
    }

    @Test
    void shouldRecogniseAProxyByTheBytesItRelays() {
        final Legs legs = new Legs(new CorrelatorOptions());
        final byte[] request = "GET /unique/r42 HTTP/1.1\r\nHost: server\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] response = new byte[1200];
        for (int i = 0; i < response.length; i++) {
            response[i] = (byte) (i * 7);
        }
        // client <-> proxy: own handshake, proxy answers the SYN itself
        long c = 100;
        long p = 5_000;
        legs.packet(Leg.INSIDE, new Ends(CLIENT, 41000, BOX_IN, 8080), TcpFlags.SYN, c++, 0, new byte[0], -1, 1);
        legs.packet(Leg.INSIDE, new Ends(BOX_IN, 8080, CLIENT, 41000), TcpFlags.SYN | A, p++, c, new byte[0], -1, 0);
        legs.packet(Leg.INSIDE, new Ends(CLIENT, 41000, BOX_IN, 8080), A, c, p, new byte[0], -1, 2);
        legs.packet(Leg.INSIDE, new Ends(CLIENT, 41000, BOX_IN, 8080), PA, c, p, request, -1, 3);
        c += request.length;
        legs.packet(Leg.INSIDE, new Ends(BOX_IN, 8080, CLIENT, 41000), A, p, c, new byte[0], -1, 500);
        // proxy <-> server: a new connection with its own ISNs and IP ids, the same bytes
        long q = 70_000;
        long s = 90_000;
        legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 52000, SERVER, 80), TcpFlags.SYN, q++, 0, new byte[0], -1, 800);
        legs.packet(Leg.OUTSIDE, new Ends(SERVER, 80, BOX_OUT, 52000), TcpFlags.SYN | A, s++, q, new byte[0], -1, 0);
        legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 52000, SERVER, 80), A, q, s, new byte[0], -1, 801);
        legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 52000, SERVER, 80), PA, q, s, request, -1, 802);
        q += request.length;
        legs.packet(Leg.OUTSIDE, new Ends(SERVER, 80, BOX_OUT, 52000), PA, s, q, response, -1, 9);
        s += response.length;
        legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 52000, SERVER, 80), A, q, s, new byte[0], -1, 803);
        legs.packet(Leg.INSIDE, new Ends(BOX_IN, 8080, CLIENT, 41000), PA, p, c, response, -1, 501);
        p += response.length;
        legs.packet(Leg.INSIDE, new Ends(CLIENT, 41000, BOX_IN, 8080), A, c, p, new byte[0], -1, 4);
        final Results r = legs.finish();
        assertThat(r.pairs).hasSize(1);
        final ConnectionPair pair = r.pairs.get(0);
        assertThat(pair.kind()).isEqualTo(MatchKind.PROXY);
        assertThat(pair.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(pair.inside().serverPort()).isEqualTo(8080);
        assertThat(pair.outside().clientPort()).isEqualTo(52000);
        // the request and the response crossed; the proxy's handshakes and ACKs are its own
        assertThat(pair.matched(0)).isEqualTo(1);
        assertThat(pair.matched(1)).isEqualTo(1);
        assertThat(pair.dropped(0) + pair.dropped(1)).isZero();
        assertThat(pair.injected(0)).isEqualTo(3);
        assertThat(pair.injected(1)).isEqualTo(2);
        assertThat(pair.terminated(0)).isEqualTo(3);
        assertThat(pair.changes() & ConnectionPair.CHANGED_IP_ID).isNotZero();
    }

    @Test
    void shouldRecogniseProxiedRequestsCutIntoDifferentSegmentsOnEachLeg() {
        // two requests through a proxy that relays each in pieces cut where its reads ended: the
        // first segments differ in length on the two legs, and the outside connection of the second
        // request starts first, so only the bytes, gathered across segments, tell which is which
        final Legs legs = new Legs(new CorrelatorOptions());
        final byte[][] requests = new byte[2][];
        for (int k = 0; k < 2; k++) {
            requests[k] = ("GET /unique/r4" + k + " HTTP/1.1\r\nHost: server\r\n"
                + "User-Agent: pcapflow-lab-client\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        final long[] c = {100, 200};
        final long[] p = {5_000, 6_000};
        for (int k = 0; k < 2; k++) {
            final Ends up = new Ends(CLIENT, 41000 + k, BOX_IN, 8080);
            final Ends down = new Ends(BOX_IN, 8080, CLIENT, 41000 + k);
            legs.packet(Leg.INSIDE, up, TcpFlags.SYN, c[k]++, 0, new byte[0], -1, 10 * k + 1);
            legs.packet(Leg.INSIDE, down, TcpFlags.SYN | A, p[k]++, c[k], new byte[0], -1, 0);
            legs.packet(Leg.INSIDE, up, A, c[k], p[k], new byte[0], -1, 10 * k + 2);
            legs.packet(Leg.INSIDE, up, PA, c[k], p[k], java.util.Arrays.copyOfRange(requests[k], 0, 10), -1,
                10 * k + 3);
            legs.packet(Leg.INSIDE, up, PA, c[k] + 10, p[k], java.util.Arrays.copyOfRange(requests[k], 10,
                requests[k].length), -1, 10 * k + 4);
            c[k] += requests[k].length;
            legs.packet(Leg.INSIDE, down, A, p[k], c[k], new byte[0], -1, 500 + k);
        }
        final long[] q = {70_000, 80_000};
        final long[] s = {90_000, 95_000};
        for (final int k : new int[] {1, 0}) {
            final Ends up = new Ends(BOX_OUT, 52000 + k, SERVER, 80);
            final Ends down = new Ends(SERVER, 80, BOX_OUT, 52000 + k);
            legs.packet(Leg.OUTSIDE, up, TcpFlags.SYN, q[k]++, 0, new byte[0], -1, 800 + 10 * k);
            legs.packet(Leg.OUTSIDE, down, TcpFlags.SYN | A, s[k]++, q[k], new byte[0], -1, 0);
            legs.packet(Leg.OUTSIDE, up, A, q[k], s[k], new byte[0], -1, 801 + 10 * k);
            legs.packet(Leg.OUTSIDE, up, PA, q[k], s[k], java.util.Arrays.copyOfRange(requests[k], 0, 40), -1,
                802 + 10 * k);
            legs.packet(Leg.OUTSIDE, up, PA, q[k] + 40, s[k], java.util.Arrays.copyOfRange(requests[k], 40,
                requests[k].length), -1, 803 + 10 * k);
            q[k] += requests[k].length;
            legs.packet(Leg.OUTSIDE, down, A, s[k], q[k], new byte[0], -1, 0);
        }
        final Results r = legs.finish();
        assertThat(r.pairs).hasSize(2);
        for (final ConnectionPair pair : r.pairs) {
            assertThat(pair.kind()).isEqualTo(MatchKind.PROXY);
            assertThat(pair.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(pair.outside().clientPort() - 52000).isEqualTo(pair.inside().clientPort() - 41000);
            assertThat(pair.evidence()).contains("same first 64 payload bytes");
        }
    }

    @Test
    void shouldEstimateTheClockOffsetFromTransitBothWays() {
        final Legs legs = new Legs(new CorrelatorOptions().clockOffsetNanos(2_000_000_000L));
        // outside clock 2.000100 s ahead; every packet takes 40 us through the box
        final long skew = 2_000_100_000L;
        final long transit = 40_000L;
        long t = T0;
        for (int i = 0; i < 4; i++) {
            final boolean c2s = i % 2 == 0;
            legs.clock = t;
            if (c2s) {
                legs.packet(Leg.INSIDE, new Ends(CLIENT, 40003, SERVER, 80), i == 0 ? TcpFlags.SYN : A, 1000
                    + (i > 0 ? 1 : 0),
                    i == 0 ? 0 : 9001, new byte[0], 10 + i, i);
                legs.clock = t + skew + transit;
                legs.packet(Leg.OUTSIDE, new Ends(BOX_OUT, 61003, SERVER, 80), i == 0 ? TcpFlags.SYN : A,
                    1000 + (i > 0 ? 1 : 0), i == 0 ? 0 : 9001, new byte[0], 10 + i, i);
            } else {
                legs.clock = t + skew;
                legs.packet(Leg.OUTSIDE, new Ends(SERVER, 80, BOX_OUT, 61003), i == 1 ? TcpFlags.SYN | A : A,
                    9000 + (i > 1 ? 1 : 0), 1001, new byte[0], 20 + i, 50 + i);
                legs.clock = t + transit;
                legs.packet(Leg.INSIDE, new Ends(SERVER, 80, CLIENT, 40003), i == 1 ? TcpFlags.SYN | A : A,
                    9000 + (i > 1 ? 1 : 0), 1001, new byte[0], 20 + i, 50 + i);
            }
            t += 1_000_000;
        }
        legs.finish();
        assertThat(legs.correlator.clockOffsetEstimate()).isEqualTo(skew);
        assertThat(legs.correlator.clockOffsetSpread()).isEqualTo(transit);
    }
}
