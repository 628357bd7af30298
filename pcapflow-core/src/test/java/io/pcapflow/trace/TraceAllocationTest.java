package io.pcapflow.trace;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.tcp.TrackerOptions;
import io.pcapflow.testkit.alloc.AllocationMeter;
import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapWriter;
import io.pcapflow.testkit.packet.Frames;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splitting allocates per flow and for the frame list, not per packet: over a long connection the
 * cost per packet is the frame list's amortised growth (16 bytes) and nothing else.
 */
class TraceAllocationTest {
    private static final int PACKETS = 50_000;

    @TempDir
    Path tmp;

    @Test
    void shouldAllocateAlmostNothingPerWrittenPacket() throws IOException {
        Assumptions.assumeTrue(AllocationMeter.supported());
        final byte[] capture = capture();
        final long readOnly = measure(capture, r -> { });
        final OutputDirectory dir = OutputDirectory.prepare(tmp.resolve("out"), false, 4);
        final FlowSplitter splitter = new FlowSplitter(false, false,
            List.of(new FileSink(dir, new PcapFormat()), new IndexSink(dir, "pcap", false)));
        final Tracer tracer = new Tracer(TrackerOptions.defaults(), splitter, 0);
        final long tracing = measure(capture, tracer);
        final double perPacket = (double) (tracing - readOnly) / PACKETS;
        assertThat(perPacket).as("bytes allocated per packet").isLessThan(40);
        assertThat(tracer.tcpPackets()).isEqualTo(PACKETS);
        // an interrupted run at this point: the open connection's file is under .partial/ only
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(OutputDirectory.PARTIAL);
        }
        try (CaptureReader reader = Captures.open("mem", new ByteArrayInputStream(capture))) {
            final TraceSummary summary = new TraceSummary();
            tracer.finish(reader, summary);
            splitter.finish(summary);
        }
        dir.close();
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(IndexSink.INDEX,
                "000000-192.0.2.1.40000-192.0.2.2.80.pcap");
        }
    }

    private static long measure(final byte[] capture, final PacketHandler handler) throws IOException {
        try (CaptureReader reader = Captures.open("mem", new ByteArrayInputStream(capture))) {
            final AllocationMeter meter = AllocationMeter.start();
            while (reader.poll(handler, 4096) > 0) {
                // all
            }
            return meter.bytesSinceStart();
        }
    }

    private static byte[] capture() {
        final PcapWriter pcap = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkTypes.ETHERNET);
        final byte[] payload = new byte[100];
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < PACKETS; i++) {
            pcap.packet(t += 1000, Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("192.0.2.1", "192.0.2.2").id(i & 0xFFFF).tcp(40000, 80).seq(1 + 100L * i).ack(1)
                .flags(i == 0 ? 0x02 : 0x18).window(1000).payload(i == 0 ? new byte[0] : payload).build());
        }
        return pcap.toByteArray();
    }
}
