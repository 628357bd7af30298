package io.pcapflow.correlate;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.LinkType;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.alloc.AllocationMeter;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.TcpFlags;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correlating allocates per connection (its record, its summary, index entries), never per packet:
 * long connections through a NAT, every packet matched across the legs, cost almost nothing per
 * packet once running.
 */
class CorrelatorAllocationTest {
    private static final int CONNECTIONS = 20;
    private static final int ROUNDS = 2500;

    @Test
    void shouldAllocateAlmostNothingPerCorrelatedPacket() {
        Assumptions.assumeTrue(AllocationMeter.supported());
        final Frames2 frames = build();
        final long[] resolved = {0};
        final Correlator correlator = new Correlator(new CorrelatorOptions(), new CorrelationListener() {
            @Override
            public void onResolved(final Resolution r) {
                resolved[0]++;
            }
        });
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final CaptureRecord record = new CaptureRecord();
        final InterfaceInfo iface = new InterfaceInfo(0, 0, 0, LinkType.ETHERNET, 65535, null, null,
            1_000_000_000L, 0);
        final int warm = frames.count / 5;
        feed(frames, 0, warm, correlator, decoder, view, record, iface);
        final AllocationMeter meter = AllocationMeter.start();
        feed(frames, warm, frames.count, correlator, decoder, view, record, iface);
        final long allocated = meter.bytesSinceStart();
        final long packets = frames.count - warm;
        correlator.finish();
        assertThat(resolved[0]).isEqualTo(frames.count / 2);
        assertThat((double) allocated / packets).as("bytes per packet (%d bytes, %d packets)", allocated, packets)
            .isLessThan(1.0);
    }

    private static void feed(final Frames2 f, final int from, final int to, final Correlator correlator,
                             final PacketDecoder decoder, final PacketView view, final CaptureRecord record,
                             final InterfaceInfo iface) {
        for (int i = from; i < to; i++) {
            record.set(i + 1, f.nanos[i], iface, f.frames[i].length, f.frames[i].length, f.views[i], 0, 0);
            decoder.decode(record, view);
            correlator.onPacket(f.legs[i], view);
        }
    }

    /** Prebuilt frames of both legs in time order. */
    private static final class Frames2 {
        final byte[][] frames;
        final Bytes[] views;
        final long[] nanos;
        final int[] legs;
        int count;

        Frames2(final int n) {
            frames = new byte[n][];
            views = new Bytes[n];
            nanos = new long[n];
            legs = new int[n];
        }

        void add(final int leg, final long t, final byte[] frame) {
            legs[count] = leg;
            nanos[count] = t;
            views[count] = new Bytes(frame);
            frames[count++] = frame;
        }
    }

    private static Frames2 build() {
        final Frames2 f = new Frames2(CONNECTIONS * (4 + ROUNDS * 2) * 2);
        long t = 1_700_000_000_000_000_000L;
        final long[] cseq = new long[CONNECTIONS];
        final long[] sseq = new long[CONNECTIONS];
        for (int c = 0; c < CONNECTIONS; c++) {
            cseq[c] = 1000L * (c + 1);
            sseq[c] = 5_000_000L * (c + 1);
            t = pair(f, t, c, TcpFlags.SYN, true, cseq[c], 0, 0);
            cseq[c]++;
            t = pair(f, t, c, TcpFlags.SYN | TcpFlags.ACK, false, sseq[c], cseq[c], 0);
            sseq[c]++;
        }
        for (int r = 0; r < ROUNDS; r++) {
            for (int c = 0; c < CONNECTIONS; c++) {
                t = pair(f, t, c, TcpFlags.PSH | TcpFlags.ACK, true, cseq[c], sseq[c], 10);
                cseq[c] += 10;
                t = pair(f, t, c, TcpFlags.ACK, false, sseq[c], cseq[c], 0);
            }
        }
        for (int c = 0; c < CONNECTIONS; c++) {
            t = pair(f, t, c, TcpFlags.RST | TcpFlags.ACK, true, cseq[c], sseq[c], 0);
            t = pair(f, t, c, TcpFlags.RST | TcpFlags.ACK, false, sseq[c], cseq[c], 0);
        }
        return f;
    }

    /** One packet on its ingress leg, then the same packet translated on the egress leg 20 us later. */
    private static long pair(final Frames2 f, final long t, final int c, final int flags, final boolean fromClient,
                             final long seq, final long ack, final int len) {
        final int id = f.count & 0xFFFF;
        final byte[] in = frame(fromClient, true, c, flags, seq, ack, len, id);
        final byte[] out = frame(fromClient, false, c, flags, seq, ack, len, id);
        if (fromClient) {
            f.add(Leg.INSIDE, t, in);
            f.add(Leg.OUTSIDE, t + 20_000, out);
        } else {
            f.add(Leg.OUTSIDE, t, out);
            f.add(Leg.INSIDE, t + 20_000, in);
        }
        return t + 50_000;
    }

    private static byte[] frame(final boolean fromClient, final boolean inside, final int c, final int flags,
                                final long seq, final long ack, final int len, final int id) {
        final String client = inside ? "192.0.2.2" : "198.51.100.1";
        final int cport = (inside ? 40000 : 50000) + c;
        final String src = fromClient ? client : "198.51.100.2";
        final String dst = fromClient ? "198.51.100.2" : client;
        // a packet entering the box comes straight from its sender; one leaving it went a hop further
        final int ttl = inside == fromClient ? 64 : 63;
        return Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4(src, dst).id(id).ttl(ttl)
            .tcp(fromClient ? cport : 80, fromClient ? 80 : cport).seq(seq).ack(ack).flags(flags).window(502)
            .payload(new byte[len]).build();
    }
}
