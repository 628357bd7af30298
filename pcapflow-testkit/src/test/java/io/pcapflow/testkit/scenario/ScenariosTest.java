package io.pcapflow.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.testkit.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed {@code fixtures/scenarios/*.pcap} equal what {@link Scenarios} produces (rewrite them with
 * {@code -Dpcapflow.scenarios.write=true}), and tshark, an independent TCP analyzer, reads each without
 * complaint and raises the intended {@code tcp.analysis.*} flags on the intended frames, and no others.
 */
class ScenariosTest {
    /** The tcp.analysis flags compared, in the order they are listed per frame. */
    private static final List<String> FLAGS = List.of(
        "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "reused_ports",
        "lost_segment", "ack_lost_segment", "window_update", "window_full", "keep_alive", "keep_alive_ack",
        "zero_window_probe", "zero_window", "zero_window_probe_ack", "duplicate_ack");
    private static final List<String> FIELDS = Stream.concat(
        Stream.of("frame.number", "tcp.stream", "tcp.checksum.status", "ip.checksum.status", "_ws.malformed",
            "tcp.options.wscale.shift.invalid", "tcp.window_size", "vlan.id", "ipv6.src"),
        FLAGS.stream().map(f -> "tcp.analysis." + f)).collect(Collectors.toList());

    /**
     * What tshark 4.0 shows: frame and stream counts, then "frame flag..." for every frame with a flag
     * (plus "wscale>14" for tcp.options.wscale.shift.invalid). Same content as the table in the README.
     */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("handshake-only-s0", "3 frames, 1 stream; 2 retransmission; 3 retransmission");
        EXPECTED.put("refused-rej", "2 frames, 1 stream");
        EXPECTED.put("normal-close-sf", "12 frames, 1 stream");
        EXPECTED.put("client-rst", "9 frames, 1 stream");
        EXPECTED.put("server-rst", "7 frames, 1 stream");
        EXPECTED.put("port-reuse", "24 frames, 2 streams; 13 reused_ports");
        EXPECTED.put("port-reuse-while-open", "22 frames, 2 streams; 8 reused_ports; 11 retransmission;"
            + " 12 reused_ports lost_segment; 13 ack_lost_segment");
        EXPECTED.put("syn-retransmitted", "13 frames, 1 stream; 2 retransmission");
        EXPECTED.put("rto-retransmission", "13 frames, 1 stream; 9 retransmission");
        EXPECTED.put("fast-retransmission", "18 frames, 1 stream; 8 lost_segment; 9 duplicate_ack;"
            + " 11 duplicate_ack; 13 duplicate_ack; 14 retransmission fast_retransmission");
        EXPECTED.put("reordering-with-sack", "12 frames, 1 stream; 6 lost_segment; 7 duplicate_ack;"
            + " 8 out_of_order");
        EXPECTED.put("zero-window-probes", "18 frames, 1 stream; 7 window_full; 8 zero_window;"
            + " 9 zero_window_probe; 10 zero_window zero_window_probe_ack; 11 zero_window_probe;"
            + " 12 zero_window zero_window_probe_ack; 13 window_update");
        EXPECTED.put("keep-alive", "14 frames, 1 stream; 8 keep_alive; 9 keep_alive_ack; 10 keep_alive;"
            + " 11 keep_alive_ack");
        EXPECTED.put("mid-connection-start", "6 frames, 1 stream");
        EXPECTED.put("sequence-wrap", "13 frames, 1 stream");
        EXPECTED.put("window-scale-14", "12 frames, 1 stream");
        EXPECTED.put("window-scale-15", "12 frames, 1 stream; 1 wscale>14; 2 wscale>14");
        EXPECTED.put("ipv6", "12 frames, 1 stream");
        EXPECTED.put("vlan", "12 frames, 1 stream");
        EXPECTED.put("duplicate-capture", "20 frames, 1 stream; 2 retransmission; 4 retransmission;"
            + " 6 duplicate_ack; 8 retransmission; 10 duplicate_ack; 12 retransmission; 14 duplicate_ack;"
            + " 16 retransmission; 18 retransmission; 20 duplicate_ack");
    }

    @TempDir
    Path tmp;

    static Stream<String> names() {
        return Scenarios.all().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void committedFixtureShouldEqualWhatScenariosProduce(final String name) throws IOException {
        byte[] generated = Scenarios.all().get(name).get();
        Path file = Fixtures.fixture("scenarios/" + name + ".pcap");
        if (Boolean.getBoolean(Scenarios.WRITE_PROPERTY)) {
            Files.createDirectories(file.getParent());
            Files.write(file, generated);
        }

        assertThat(file).as("missing; write it with -D%s=true", Scenarios.WRITE_PROPERTY).isRegularFile();
        assertThat(Files.readAllBytes(file))
            .as("%s differs from Scenarios.%s(); rewrite with -D%s=true", file, name, Scenarios.WRITE_PROPERTY)
            .isEqualTo(generated);
        assertThat(generated.length).isLessThan(16 * 1024);
    }

    @ParameterizedTest
    @MethodSource("names")
    void tsharkShouldShowTheIntendedAnalysisFlags(final String name) throws Exception {
        Path tshark = Fixtures.requireToolOrSkip("tshark");
        Path file = tmp.resolve(name + ".pcap");
        Files.write(file, Scenarios.all().get(name).get());

        List<Map<String, String>> rows = decode(tshark, file);

        assertThat(summary(rows)).isEqualTo(EXPECTED.get(name));
        for (Map<String, String> row : rows) {
            assertThat(row.get("tcp.checksum.status")).as("frame %s TCP checksum", row.get("frame.number"))
                .isEqualTo("1");
            assertThat(row.get("_ws.malformed")).as("frame %s malformed", row.get("frame.number")).isEmpty();
        }
        specificChecks(name, rows);
    }

    private static void specificChecks(final String name, final List<Map<String, String>> rows) {
        switch (name) {
            case "window-scale-14":
            case "window-scale-15":
                // client 512 MiB, server 256 MiB: both shifted by 14, also when the SYNs say 15
                assertThat(rows.get(2).get("tcp.window_size")).isEqualTo(String.valueOf(512L << 20));
                assertThat(rows.get(4).get("tcp.window_size")).isEqualTo(String.valueOf(256L << 20));
                break;
            case "vlan":
                assertThat(rows).allSatisfy(r -> assertThat(r.get("vlan.id")).isEqualTo("42"));
                break;
            case "ipv6":
                assertThat(rows.get(0).get("ipv6.src")).isEqualTo("2001:db8::10");
                break;
            default:
                assertThat(rows).allSatisfy(r -> assertThat(r.get("ip.checksum.status")).isEqualTo("1"));
                break;
        }
    }

    private static String summary(final List<Map<String, String>> rows) {
        TreeSet<String> streams = new TreeSet<>();
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> row : rows) {
            streams.add(row.get("tcp.stream"));
            List<String> present = new ArrayList<>();
            for (String f : FLAGS) {
                if (!row.get("tcp.analysis." + f).isEmpty()) {
                    present.add(f);
                }
            }
            if (!row.get("tcp.options.wscale.shift.invalid").isEmpty()) {
                present.add("wscale>14");
            }
            if (!present.isEmpty()) {
                sb.append("; ").append(row.get("frame.number")).append(' ').append(String.join(" ", present));
            }
        }
        return rows.size() + " frames, " + streams.size() + (streams.size() == 1 ? " stream" : " streams") + sb;
    }

    private List<Map<String, String>> decode(final Path tshark, final Path file)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", file.toString(),
            "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readAllLines(err).stream()
            .filter(l -> !l.startsWith("Running as user")).collect(Collectors.joining("\n"));
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(stderr).isEmpty();
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> values = Arrays.asList(line.split("\\|", -1));
            assertThat(values).hasSize(FIELDS.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < FIELDS.size(); i++) {
                row.put(FIELDS.get(i), values.get(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
