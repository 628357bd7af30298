package io.pcapflow.trace;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapngWriter;
import io.pcapflow.testkit.packet.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No name from a capture can leave the output directory or reach the file system unescaped. */
class TraceNamesTest {
    @TempDir
    Path tmp;

    @Test
    void shouldNameIpv6FlowsWithoutColons() throws IOException {
        final Path out = tmp.resolve("out");
        final var index = Traces.run(out, new Traces.Options().payload(1 << 16),
            Fixtures.fixture("scenarios/ipv6.pcap"));
        assertThat(Traces.connections(index).get(0).get("file")).asString()
            .matches("000000-[0-9a-f_]+\\.\\d+-[0-9a-f_]+\\.\\d+\\.pcap").doesNotContain(":");
        assertOnlySafeChildren(out);
    }

    @Test
    void shouldKeepEveryFileOfAHostileCaptureInsideTheDirectory() throws IOException {
        final PcapngWriter w = new PcapngWriter().section(ByteOrder.BIG_ENDIAN);
        w.interfaceDescription(LinkTypes.ETHERNET).name("../../../etc/passwd\u0000/..\\:*?").description("/tmp/x")
            .tsresol(9).write();
        long t = 1_700_000_000_000_000_000L;
        for (final String[] p : new String[][] {{"2001:db8::1", "2001:db8::2"}, {"::1", "::"},
            {"fe80::1", "ff02::1"}}) {
            w.enhancedPacket(0, t++, Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv6(p[0], p[1])
                .tcp(0, 65535).seq(1).flags(0x02).window(1).build());
        }
        w.enhancedPacket(0, t, Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("0.0.0.0",
            "255.255.255.255").tcp(0, 0).seq(7).flags(0x02).window(1).build());
        final Path in = tmp.resolve("hostile.pcapng");
        Files.write(in, w.toByteArray());
        final List<Path> before = list(tmp);
        for (final FlowFormat f : List.of(new PcapFormat(), new PcapngFormat(), new JsonFormat(), new TextFormat())) {
            final Path out = tmp.resolve("out-" + f.extension());
            final var index = Traces.run(out, new Traces.Options().format(f).perDirection().payload(0), in);
            assertThat(Traces.connections(index)).hasSize(4);
            assertOnlySafeChildren(out);
        }
        assertThat(list(tmp)).as("nothing written beside the output directories")
            .containsAll(before).allMatch(p -> before.contains(p) || p.getFileName().toString().startsWith("out-"));
    }

    @Test
    void shouldRefuseNamesThatCouldEscape() throws IOException {
        for (final String bad : List.of("", "..", "../x", "a/b", ".hidden", "-rf", "x\u0000y", "a\\b", "c:d",
            "/etc/passwd", "x".repeat(300))) {
            assertThatThrownBy(() -> SafeNames.check(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        final OutputDirectory dir = OutputDirectory.prepare(tmp.resolve("d"), false, 4);
        assertThatThrownBy(() -> dir.file("../evil")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SafeNames.appendSanitized(new StringBuilder(), "2001:db8::1/../\u00e9").toString())
            .isEqualTo("2001_db8__1_..__");
        dir.close();
    }

    @Test
    void shouldRefuseANonEmptyDirectoryUnlessForced() throws IOException {
        final Path d = tmp.resolve("busy");
        Files.createDirectories(d);
        Files.writeString(d.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> OutputDirectory.prepare(d, false, 4)).hasMessageContaining("not empty");
        OutputDirectory.prepare(d, true, 4).close();
        assertThat(d.resolve("keep.txt")).exists();
    }

    private static void assertOnlySafeChildren(final Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            for (final Path p : s.filter(p -> !p.equals(out)).collect(Collectors.toList())) {
                assertThat(p.getParent()).as("%s", p).isEqualTo(out);
                assertThat(Files.isRegularFile(p)).as("%s", p).isTrue();
                assertThat(p.getFileName().toString()).matches("[0-9A-Za-z][0-9A-Za-z._-]*");
            }
        }
    }

    private static List<Path> list(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toList());
        }
    }
}
