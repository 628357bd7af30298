package io.pcapflow.trace;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapngWriter;
import io.pcapflow.testkit.packet.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** pcapng output keeps interfaces (name, link type, snaplen, resolution), flags and comments. */
class TracePcapngTest {
    @TempDir
    Path tmp;

    @Test
    void shouldKeepInterfacesFlagsAndCommentsOfABigEndianInput() throws IOException, InterruptedException {
        final PcapngWriter w = new PcapngWriter().section(ByteOrder.BIG_ENDIAN);
        w.interfaceDescription(LinkTypes.ETHERNET).name("eth0").description("inside leg").snaplen(4096)
            .tsresol(9).write();
        final long t0 = 1_700_000_000_123_456_789L;
        w.enhancedPacketBuilder(0, t0, Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .ipv4("192.0.2.1", "192.0.2.2").tcp(1234, 80).seq(1).flags(0x02).window(1).build())
            .comment("first SYN").flags(PcapngWriter.FLAG_OUTBOUND).write();
        w.enhancedPacketBuilder(0, t0 + 1, Frames.ethernet("02:00:00:00:00:02", "02:00:00:00:00:01")
            .ipv4("192.0.2.2", "192.0.2.1").tcp(80, 1234).seq(9).ack(2).flags(0x12).window(1).build())
            .flags(PcapngWriter.FLAG_INBOUND).write();
        final Path in = tmp.resolve("in.pcapng");
        Files.write(in, w.toByteArray());
        final Path out = tmp.resolve("out");
        final Map<String, Object> c = Traces.connections(Traces.run(out, new Traces.Options()
            .format(new PcapngFormat()), in)).get(0);
        final Path file = out.resolve((String) c.get("file"));
        final List<long[]> seen = new ArrayList<>();
        try (CaptureReader r = Captures.open(file.toString())) {
            while (r.poll((CaptureRecord rec) -> seen.add(new long[] {rec.timestampNanos(), rec.flags()}), 16) > 0) {
                // all
            }
            final InterfaceInfo i = r.interfaces().get(0);
            assertThat(i.name()).isEqualTo("eth0");
            assertThat(i.description()).isEqualTo("inside leg");
            assertThat(i.snapLength()).isEqualTo(4096);
            assertThat(i.fractionDigits()).isEqualTo(9);
            assertThat(i.linkType()).isEqualTo(LinkTypes.ETHERNET);
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).containsExactly(t0, PcapngWriter.FLAG_OUTBOUND);
        assertThat(seen.get(1)).containsExactly(t0 + 1, PcapngWriter.FLAG_INBOUND);
        if (Fixtures.toolAvailable("tshark")) {
            final Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-e",
                "frame.comment").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(text.split("\n")[0]).isEqualTo("first SYN");
        }
    }
}
