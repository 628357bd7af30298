package io.pcapflow.testkit.blog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.testkit.Fixtures;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the rebuilt capture with tshark against what the blog prints, read from
 * {@code fixtures/blog/ladder-expected.txt}: totals, the connection's frames, times and every
 * ladder line, and that tshark's TCP analysis finds nothing to flag.
 */
class BlogCaptureTsharkTest {
    private static final String[] FIELDS = {
        "frame.number", "frame.time_epoch", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport", "tcp.stream",
        "tcp.flags", "tcp.seq", "tcp.ack", "tcp.len", "tcp.window_size",
    };
    private static final String PROBLEMS = "tcp.analysis.retransmission || tcp.analysis.fast_retransmission"
        + " || tcp.analysis.spurious_retransmission || tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment"
        + " || tcp.analysis.out_of_order || tcp.analysis.duplicate_ack || tcp.analysis.zero_window"
        + " || tcp.analysis.reused_ports || _ws.malformed";

    @TempDir
    static Path dir;

    private static Path tshark;
    private static Path capture;

    @BeforeAll
    static void writeCapture() throws IOException {
        tshark = Fixtures.requireToolOrSkip("tshark");
        capture = dir.resolve("example-01.pcapng");
        BlogCapture.write(capture);
    }

    private static List<String> run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", capture.toString(),
            "-o", "tcp.desegment_tcp_streams:FALSE"));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<Map<String, String>> frames() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-T", "fields", "-E", "separator=|"));
        for (String f : FIELDS) {
            args.add("-e");
            args.add(f);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : run(args.toArray(new String[0]))) {
            String[] v = line.split("\\|", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < FIELDS.length; i++) {
                row.put(FIELDS[i], v[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static boolean inBlogConnection(Map<String, String> r) {
        String ends = r.get("ip.src") + ":" + r.get("tcp.srcport") + " " + r.get("ip.dst") + ":"
            + r.get("tcp.dstport");
        return ends.equals("192.168.1.137:57080 152.19.134.43:80")
            || ends.equals("152.19.134.43:80 192.168.1.137:57080");
    }

    @Test
    void shouldMatchTheBlogsTotalsAndEveryLadderLine() throws Exception {
        List<Map<String, String>> frames = frames();

        assertThat(frames).hasSize(22_639);
        assertThat(frames).allSatisfy(r -> assertThat(r.get("tcp.stream")).as(r.get("frame.number")).isNotEmpty());
        List<Map<String, String>> blog = frames.stream().filter(BlogCaptureTsharkTest::inBlogConnection).toList();
        assertThat(blog).hasSize(14_975);
        assertThat(blog.get(0).get("frame.number")).isEqualTo("2585");
        assertThat(blog.get(blog.size() - 1).get("frame.number")).isEqualTo("22582");
        String stream = blog.get(0).get("tcp.stream");
        assertThat(blog).allSatisfy(r -> assertThat(r.get("tcp.stream")).isEqualTo(stream));
        assertThat(frames.stream().filter(r -> r.get("tcp.stream").equals(stream)).count()).isEqualTo(14_975);
        assertThat(frames.get(2584).get("frame.time_epoch")).isEqualTo("1537977062.883718124");
        assertThat(frames.get(22_581).get("frame.time_epoch")).isEqualTo("1537977124.324012912");

        BigDecimal first = new BigDecimal(frames.get(2584).get("frame.time_epoch"));
        List<BlogLadderText.Row> rows = BlogLadderText.rows();
        assertThat(rows).hasSize(19);
        for (BlogLadderText.Row row : rows) {
            Map<String, String> f = frames.get(row.ordinal() - 1);
            String line = row.text();
            assertThat(inBlogConnection(f)).as(line).isTrue();
            assertThat(f.get("ip.src")).as(line).isEqualTo(row.fromClient() ? "192.168.1.137" : "152.19.134.43");
            assertThat(Integer.decode(f.get("tcp.flags"))).as(line).isEqualTo(BlogLadderText.flagBits(row.flags()));
            assertThat(f.get("tcp.seq")).as(line).isEqualTo(Long.toString(row.seq()));
            assertThat(f.get("tcp.ack")).as(line).isEqualTo(Long.toString(row.ack()));
            assertThat(f.get("tcp.len")).as(line).isEqualTo(Integer.toString(row.length()));
            boolean syn = row.flags().contains("S");
            long window = syn ? row.window() >> 7 : row.window();
            assertThat(f.get("tcp.window_size")).as(line).isEqualTo(Long.toString(window));
            BigDecimal relative = new BigDecimal(f.get("frame.time_epoch")).subtract(first);
            assertThat(relative.setScale(6, RoundingMode.HALF_UP).toPlainString()).as(line).isEqualTo(row.time());
        }
    }

    @Test
    void shouldHaveNothingForTheTcpAnalysisToFlag() throws Exception {
        assertThat(run("-Y", PROBLEMS, "-T", "fields", "-e", "frame.number", "-e", "tcp.stream")).isEmpty();
        assertThat(run("-Y", "tcp.analysis.flags && tcp.srcport == 57080 || tcp.analysis.flags && tcp.dstport == 57080",
            "-T", "fields", "-e", "frame.number")).isEmpty();
    }
}
