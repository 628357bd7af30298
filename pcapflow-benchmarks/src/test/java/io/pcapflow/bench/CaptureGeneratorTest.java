package io.pcapflow.bench;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureGeneratorTest {
    private static final long SIZE = 2L << 20;

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesSameFileOfAtLeastTheRequestedSize() throws IOException {
        final Path a = dir.resolve("a.pcap");
        final Path b = dir.resolve("b.pcap");
        final Path c = dir.resolve("c.pcap");
        final CaptureGenerator.Summary sa = CaptureGenerator.generate(a, SIZE, 42);
        CaptureGenerator.generate(b, SIZE, 42);
        CaptureGenerator.generate(c, SIZE, 43);

        assertThat(Files.size(a)).isEqualTo(sa.bytes()).isGreaterThanOrEqualTo(SIZE).isLessThan(SIZE + 2048);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
    }

    @Test
    void decodesCleanlyWithTheAdvertisedMix() throws IOException {
        final Path file = dir.resolve("mix.pcap");
        final CaptureGenerator.Summary summary = CaptureGenerator.generate(file, SIZE, 7);
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final long[] vlanTagged = new long[1];
        final long[] lastNanos = {Long.MIN_VALUE};
        final Set<Long> v4 = new HashSet<>();
        final Set<String> tcpFlows = new HashSet<>();
        try (CaptureReader reader = Captures.open(file.toString())) {
            while (reader.poll(record -> {
                assertThat(decoder.decode(record, view)).isTrue();
                assertThat(record.timestampNanos()).isGreaterThan(lastNanos[0]);
                lastNanos[0] = record.timestampNanos();
                if (view.vlanCount() > 0) {
                    vlanTagged[0]++;
                }
                if (view.ipVersion() == 4) {
                    v4.add(view.ipv4Source() & 0xFFFFFF00L);
                    v4.add(view.ipv4Destination() & 0xFFFFFF00L);
                } else {
                    assertThat(view.ipv6SourceHigh() >>> 32).isEqualTo(0x20010DB8L);
                    assertThat(view.ipv6DestinationHigh() >>> 32).isEqualTo(0x20010DB8L);
                }
                if (view.hasTcp() && view.isSyn() && !view.isAck()) {
                    tcpFlows.add(view.ipVersion() + ":" + view.sourcePort() + ":" + view.destinationPort());
                }
            }, 1024) > 0) {
                assertThat(reader.damage()).isNull();
            }
            assertThat(reader.records()).isEqualTo(summary.packets());
        }
        final double packets = summary.packets();
        assertThat(decoder.anomalies().total()).isZero();
        assertThat(decoder.counters().ipv6() / packets).isBetween(0.17, 0.23);
        assertThat(vlanTagged[0] / packets).isBetween(0.08, 0.12);
        assertThat(decoder.counters().tcp() / packets).isGreaterThan(0.9);
        assertThat(decoder.counters().udp()).isPositive();
        assertThat(decoder.counters().icmp() + decoder.counters().icmpv6()).isPositive();
        assertThat(v4).containsOnly(0xC0000200L, 0xC6336400L, 0xCB007100L);
        assertThat(tcpFlows.size()).isGreaterThan(1000);
        assertThat(Files.size(file) / packets).isBetween(100.0, 150.0);
    }
}
