package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tcpdump text of the project's real captures, read by the commands as if it were the capture:
 * {@code flows --csv} must give the same rows, column for column. tcpdump prints every packet, so
 * frame numbers survive even where the text skips non-TCP lines; every column {@code flows} has
 * comes from what tcpdump prints (no IP id or TTL column exists). Times compare as numbers: text
 * without {@code --nano} of a nanosecond capture is 1 µs coarser, and averages are rounded to the
 * input's resolution (which {@code --nano} text of a microsecond capture raises to ns).
 */
class TcpdumpTextInputTest {
    private static final BigDecimal MICROSECOND = new BigDecimal("0.000001");

    @ParameterizedTest
    @ValueSource(strings = {"nat/inside.pcap", "nat/outside.pcap", "nat/any.pcap", "nat/both.pcapng",
        "nat/client-sll.pcap", "loss/drop-c2s.pcap", "loss/drop-s2c.pcap", "loss/drop-random-ipv6.pcap"})
    void flowsFromTextEqualFlowsFromTheCapture(final String fixture, @org.junit.jupiter.api.io.TempDir final Path dir)
        throws Exception {
        final Path tcpdump = Fixtures.requireToolOrSkip("tcpdump");
        final Path capture = Fixtures.fixture("captures/" + fixture);
        final Run fromCapture = Run.of("flows", "--csv", capture.toString());
        assertThat(fromCapture.exitCode()).isZero();
        for (final List<String> variant : List.of(List.of("-n", "-tt"), List.of("-n", "-S", "-tttt"),
            List.of("-n", "-tt", "--nano"))) {
            final Path text = dir.resolve(capture.getFileName() + String.join("", variant) + ".txt");
            Files.write(text, tcpdump(tcpdump, capture, variant));
            final Run fromText = Run.of("flows", "--csv", text.toString());
            assertThat(fromText.exitCode()).as(fromText.err()).isZero();
            // times compare as numbers: the text's precision (µs unless --nano) bounds the difference
            final BigDecimal tolerance = variant.contains("--nano") ? BigDecimal.ZERO : MICROSECOND;
            final Map<String, Integer> differing = differingColumns(fromCapture.out(), fromText.out(), tolerance);
            assertThat(differing).as(fixture + " " + variant + ": columns that differ (rows)").isEmpty();
        }
    }

    @Test
    void textIsDetectedPlainOrGzippedAndSkippedLinesAreWarnings(@org.junit.jupiter.api.io.TempDir final Path dir)
        throws Exception {
        final Path tcpdump = Fixtures.requireToolOrSkip("tcpdump");
        final Path capture = Fixtures.fixture("captures/nat/any.pcap");
        final byte[] text = tcpdump(tcpdump, capture, List.of("-n"));
        final Path plain = dir.resolve("any.txt");
        Files.write(plain, text);
        final Path gz = dir.resolve("any.txt.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text);
        }
        for (final Path p : List.of(plain, gz)) {
            final Run info = Run.of("info", "--tcpdump-date", "2026-11-24", p.toString());
            assertThat(info.exitCode()).isZero();
            assertThat(info.out()).contains("format:          tcpdump-text").contains("LINUX_SLL2")
                .contains("first packet:    2026-11-24T08:42:39");
            assertThat(info.err()).contains("warning: ").contains("lines skipped: not a TCP packet");
        }
        final Run packets = Run.of("packets", "--limit", "2", "--tcp-only", plain.toString());
        assertThat(packets.out().lines().toList()).hasSize(2)
            .allSatisfy(l -> assertThat(l).containsPattern("^\\d+ 1970-01-01T08:42:39\\.\\d{6}Z ifb\\d (In|Out) TCP"));
        final Run refused = Run.of("info", "--input-format", "pcap", plain.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("not a pcap or pcapng capture");
        final Run bad = Run.of("info", "--input-format", "csv", plain.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    private static boolean sameTime(final String u, final String v, final BigDecimal tolerance) {
        try {
            final BigDecimal x;
            final BigDecimal y;
            if (u.endsWith("Z")) {
                final Instant i = Instant.parse(u);
                final Instant j = Instant.parse(v);
                x = BigDecimal.valueOf(i.getEpochSecond()).add(BigDecimal.valueOf(i.getNano(), 9));
                y = BigDecimal.valueOf(j.getEpochSecond()).add(BigDecimal.valueOf(j.getNano(), 9));
            } else {
                x = new BigDecimal(u);
                y = new BigDecimal(v);
            }
            return x.subtract(y).abs().compareTo(tolerance) <= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static byte[] tcpdump(final Path tcpdump, final Path capture, final List<String> options) throws IOException,
        InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(tcpdump.toString());
        command.addAll(options);
        command.add("-r");
        command.add(capture.toString());
        final ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TZ", "UTC");
        final Process p = pb.start();
        final byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    /** @return column name → number of rows where it differs; a different row count is a column "rows" */
    static Map<String, Integer> differingColumns(final String a, final String b, final BigDecimal tolerance) {
        final List<String[]> x = a.lines().map(l -> l.split(",", -1)).toList();
        final List<String[]> y = b.lines().map(l -> l.split(",", -1)).toList();
        final Map<String, Integer> out = new LinkedHashMap<>();
        if (x.size() != y.size()) {
            out.put("rows", Math.abs(x.size() - y.size()));
        }
        final String[] header = x.get(0);
        for (int r = 1; r < Math.min(x.size(), y.size()); r++) {
            for (int c = 0; c < header.length; c++) {
                final String u = c < x.get(r).length ? x.get(r)[c] : "";
                final String v = c < y.get(r).length ? y.get(r)[c] : "";
                // an average is rounded to the input's resolution, which --nano text raises to ns
                final BigDecimal allowed = header[c].endsWith("_avg") ? MICROSECOND : tolerance;
                if (!u.equals(v) && !sameTime(u, v, allowed)) {
                    out.merge(header[c], 1, Integer::sum);
                }
            }
        }
        return out;
    }
}
