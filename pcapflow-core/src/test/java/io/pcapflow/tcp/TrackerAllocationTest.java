package io.pcapflow.tcp;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.alloc.AllocationMeter;
import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapWriter;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.TcpFlags;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracking allocates per connection slot (pooled, reused), never per packet: 1M packets over
 * 3000 connections allocate almost nothing once the pools are warm.
 */
class TrackerAllocationTest {
    private static final int CONNECTIONS = 3000;

    @Test
    void shouldAllocateAlmostNothingPerTrackedPacket() throws IOException {
        Assumptions.assumeTrue(AllocationMeter.supported());
        final byte[] capture = capture();
        final long[] segments = {0};
        final TcpTracker tracker = new TcpTracker(TrackerOptions.defaults(), new TcpListener() {
            @Override
            public void onSegment(final TcpConnection connection, final PacketView view, final TcpSegment segment) {
                segments[0] += segment.analysis() + 1;
            }

            @Override
            public void onClose(final TcpConnection connection) {
                segments[0] += connection.packets(0);
            }
        });
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        for (int i = 0; i < 5; i++) {
            pass(capture, decoder, view, tracker);
        }
        final int passes = 20;
        // reading from a stream allocates its buffers per capture; measure that alone, then subtract
        final AllocationMeter readOnly = AllocationMeter.start();
        for (int i = 0; i < passes; i++) {
            pass(capture, decoder, view, null);
        }
        final long readBytes = readOnly.bytesSinceStart();
        final long before = decoder.counters().packets();
        final AllocationMeter meter = AllocationMeter.start();
        for (int i = 0; i < passes; i++) {
            pass(capture, decoder, view, tracker);
        }
        final long bytes = meter.bytesSinceStart() - readBytes;
        final long packets = decoder.counters().packets() - before;
        assertThat(packets).isGreaterThanOrEqualTo(1_000_000);
        assertThat(segments[0]).isPositive();
        assertThat((double) bytes / packets).as("tracker bytes per packet (%d bytes, %d packets)", bytes, packets)
            .isLessThan(1.0);
    }

    private static void pass(final byte[] capture, final PacketDecoder decoder, final PacketView view,
                             final TcpTracker tracker) throws IOException {
        try (CaptureReader reader = Captures.open("alloc", new ByteArrayInputStream(capture))) {
            while (reader.poll(r -> {
                if (decoder.decode(r, view) && tracker != null) {
                    tracker.onPacket(view);
                }
            }, 1 << 16) > 0) {
                // drain
            }
        }
        if (tracker != null) {
            tracker.finish();
        }
    }

    /** 3000 connections, interleaved: handshake, 6 data segments with ACKs, a duplicate ACK, FIN both ways. */
    private static byte[] capture() {
        final PcapWriter pcap = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, true, 65535, LinkTypes.ETHERNET);
        long t = 1_700_000_000_000_000_000L;
        for (int step = 0; step < 17; step++) {
            for (int k = 0; k < CONNECTIONS; k++) {
                t += 1000;
                pcap.packet(t, packet(k, step));
            }
        }
        return pcap.toByteArray();
    }

    private static byte[] packet(final int k, final int step) {
        final String client = "10.1." + (k >> 8) + "." + (k & 0xFF);
        final long c = 1000;
        final long s = 9000;
        final int ack = TcpFlags.ACK;
        if (step == 0) {
            return tcp(true, client, k, TcpFlags.SYN, c, 0, 0);
        } else if (step == 1) {
            return tcp(false, client, k, TcpFlags.SYN | ack, s, c + 1, 0);
        } else if (step == 2) {
            return tcp(true, client, k, ack, c + 1, s + 1, 0);
        } else if (step < 15) {
            final int i = (step - 3) / 2;
            return step % 2 == 1 ? tcp(true, client, k, ack, c + 1 + 500L * i, s + 1, 500)
                : tcp(false, client, k, ack, s + 1, c + 1 + 500L * (i + 1), 0);
        } else if (step == 15) {
            return tcp(true, client, k, TcpFlags.FIN | ack, c + 3001, s + 1, 0);
        }
        return tcp(false, client, k, TcpFlags.FIN | ack, s + 1, c + 3002, 0);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static byte[] tcp(final boolean fromClient, final String client, final int k, final int flags,
                              final long seq, final long ack, final int len) {
        final String src = fromClient ? client : "192.0.2.1";
        final String dst = fromClient ? "192.0.2.1" : client;
        final int cport = 40000 + (k % 20000);
        return Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4(src, dst).id(k + 1)
            .tcp(fromClient ? cport : 443, fromClient ? 443 : cport).seq(seq).ack(ack).flags(flags).window(1000)
            .payload(new byte[len]).build();
    }
}
