package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.blog.BlogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed blog's ladder, reproduced on the capture rebuilt from what the blog prints. */
class LadderCommandTest {
    @TempDir
    static Path dir;

    static Path blog;

    @BeforeAll
    static void writeTheBlogCapture() throws IOException {
        blog = dir.resolve("example-01.pcapng");
        BlogCapture.write(blog);
    }

    private static List<String> expectedLines() throws IOException {
        final List<String> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(Fixtures.fixture("blog/ladder-expected.txt"),
            StandardCharsets.UTF_8)) {
            // the blog scaled the windows of the SYN segments by 2^7; RFC 7323 says they are never scaled
            lines.add(line.replace("win=3737600  ", "win=29200    ").replace("win=1853440  ", "win=14480    "));
        }
        return lines;
    }

    private static String ordinal(final String line) {
        final int open = line.indexOf('[');
        return line.substring(open + 1, line.indexOf(']', open)).trim();
    }

    @Test
    void shouldPrintTheBlogsLinesExactly() throws IOException {
        final Run run = Run.of("ladder", "--client", "192.168.1.137:57080", "--utc", blog.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        final List<String> out = run.out().lines().toList();
        assertThat(out.subList(0, 3)).containsExactly("#".repeat(66),
            "TCP session between client 192.168.1.137:57080 and server 152.19.134.43:80", "#".repeat(66));
        final List<String> expected = expectedLines();
        final Set<String> shown = expected.stream().map(LadderCommandTest::ordinal).collect(Collectors.toSet());
        final List<String> ours = out.stream().filter(l -> l.contains("[") && shown.contains(ordinal(l))).toList();
        assertThat(ours).containsExactlyElementsOf(expected);
        assertThat(out.subList(out.size() - 3, out.size())).containsExactly(
            blog + " contains 22639 packets (14975 interesting)",
            "First packet in connection: Packet #2585 2018-09-26 15:51:02.883718124 UTC",
            " Last packet in connection: Packet #22582 2018-09-26 15:52:04.324012912 UTC");
        // 3 header lines, one line per packet of the connection, 3 summary lines
        assertThat(out).hasSize(3 + 14975 + 3);
    }

    @Test
    void shouldSelectTheSameConnectionByStreamOrServer() throws IOException {
        final String byClient = Run.of("ladder", "--client", "192.168.1.137:57080", "--utc", blog.toString()).out();
        final String byServer = Run.of("ladder", "--server", "152.19.134.43:80", "--client", "192.168.1.137",
            "--utc", blog.toString()).out();
        assertThat(byServer).isEqualTo(byClient);
        final Run flows = Run.of("flows", "--csv", "--columns", "stream", "--client", "192.168.1.137:57080",
            blog.toString());
        final String stream = flows.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(Run.of("ladder", "--stream", stream, "--utc", blog.toString()).out()).isEqualTo(byClient);
    }

    @Test
    void shouldEndConnectionsBeyondTheLimitAsEvictedAndSaySo() {
        final Run run = Run.of("flows", "--csv", "--max-connections", "1", "--columns", "stream,end_reason",
            blog.toString());
        assertThat(run.exitCode()).isZero();
        final List<String> rows = run.out().lines().skip(1).toList();
        assertThat(rows).hasSizeGreaterThan(548).anySatisfy(r -> assertThat(r).endsWith(",evicted"));
        assertThat(run.err()).startsWith("pcapflow: warning: " + blog + ": ").contains("--max-connections");
        assertThat(Run.of("flows", "--max-connections", "0", blog.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void shouldLeavePacketsAfterAnEarlyReportOutOfTheRowAndSaySo() {
        final String columns = "stream,c2s_packets,s2c_packets";
        final Run whole = Run.of("flows", "--csv", "--columns", columns, blog.toString());
        final Run early = Run.of("flows", "--csv", "--max-lingering", "0", "--columns", columns, blog.toString());
        assertThat(whole.err()).isEmpty();
        assertThat(early.exitCode()).isZero();
        final java.util.regex.Matcher m = java.util.regex.Pattern
            .compile("warning: " + java.util.regex.Pattern.quote(blog.toString()) + ": (\\d+) packets came after")
            .matcher(early.err());
        assertThat(m.find()).as(early.err()).isTrue();
        final long late = Long.parseLong(m.group(1));
        assertThat(late).isPositive();
        assertThat(early.err()).contains("--max-lingering");
        // same streams; the packets missing from the rows are exactly the late ones
        assertThat(column(early, 0)).isEqualTo(column(whole, 0));
        assertThat(packets(whole) - packets(early)).isEqualTo(late);
        assertThat(Run.of("flows", "--max-lingering", "-1", blog.toString()).exitCode()).isEqualTo(2);
    }

    private static List<String> column(final Run run, final int index) {
        return run.out().lines().skip(1).map(l -> l.split(",")[index]).toList();
    }

    private static long packets(final Run run) {
        return run.out().lines().skip(1).map(l -> l.split(","))
            .mapToLong(f -> Long.parseLong(f[1]) + Long.parseLong(f[2])).sum();
    }

    @Test
    void shouldAgreeWithTsharkFieldByFieldOnARealCapture() throws Exception {
        Fixtures.requireToolOrSkip("tshark");
        final String file = Fixtures.fixture("captures/nat/inside.pcap").toString();
        for (final String stream : List.of("0", "3", "6")) {
            final Process p = new ProcessBuilder("tshark", "-r", file, "-Y", "tcp.stream == " + stream, "-T", "fields",
                "-E", "separator=,", "-e", "frame.number", "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len",
                "-e", "tcp.window_size", "-e", "tcp.time_relative").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            final List<String> tshark = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().toList();
            assertThat(p.waitFor()).isZero();
            final Map<String, String> ours = new HashMap<>();
            for (final String line : Run.of("ladder", "--stream", stream, "--nanos", file).out().lines().toList()) {
                if (line.contains("]") && line.contains("seq=")) {
                    final String[] f = line.substring(line.indexOf('[')).replace("[", "").replace("]", " ")
                        .trim().split("\\s+");
                    ours.put(f[0], f[0] + "," + f[3].substring(4) + "," + f[4].substring(4) + ","
                        + f[5].substring(4) + "," + f[6].substring(4) + "," + f[1].replace("s", ""));
                }
            }
            assertThat(tshark).isNotEmpty();
            for (final String row : tshark) {
                final String frame = row.substring(0, row.indexOf(','));
                assertThat(ours.get(frame)).as("frame %s of stream %s", frame, stream).isEqualTo(row);
            }
            assertThat(ours).hasSameSizeAs(tshark);
        }
    }
}
