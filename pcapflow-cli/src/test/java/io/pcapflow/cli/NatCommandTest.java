package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.golden.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nat} on the real NAT captures (MASQUERADE --random): every request's connection is mapped to
 * the outside port the server saw, from two captures, from an {@code -i any} capture and from a
 * two-interface pcapng; the accounting log agrees with the bytes the client received.
 */
class NatCommandTest {
    private static final Path NAT = Fixtures.fixture("captures/nat");

    @TempDir
    Path dir;

    static Stream<List<String>> inputs() {
        return Stream.of(
            List.of("--inside", NAT.resolve("inside.pcap").toString(), "--outside",
                NAT.resolve("outside.pcap").toString()),
            List.of(NAT.resolve("any.pcap").toString(), "--inside-if", "2", "--outside-if", "3"),
            List.of(NAT.resolve("both.pcapng").toString(), "--inside-if", "inside0", "--outside-if", "outside0"));
    }

    private static Run nat(final List<String> input, final String... more) {
        final List<String> args = new ArrayList<>(List.of("nat"));
        args.addAll(input);
        args.addAll(List.of(more));
        return Run.of(args.toArray(String[]::new));
    }

    private static Map<String, Map<String, String>> byRequest(final String file) throws IOException {
        final Map<String, Map<String, String>> m = new HashMap<>();
        for (final Map<String, String> r : Records.jsonLines(NAT.resolve(file))) {
            m.put(r.get("request_id"), r);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void shouldMapEveryConnectionToThePortTheServerSaw(final List<String> input) throws IOException {
        final Run run = nat(input, "--csv");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<Map<String, String>> rows = Records.csv(run.out());
        final Map<String, Map<String, String>> clients = byRequest("client-log.jsonl");
        final Map<String, Map<String, String>> servers = byRequest("server-log.jsonl");
        assertThat(rows).hasSize(clients.size());
        for (final Map.Entry<String, Map<String, String>> e : clients.entrySet()) {
            final Map<String, String> client = e.getValue();
            final Map<String, String> row = rows.stream()
                .filter(r -> r.get("client_port").equals(client.get("local_port"))).findFirst().orElseThrow();
            final Map<String, String> server = servers.get(e.getKey());
            assertThat(row.get("kind")).as(e.getKey()).isEqualTo("nat");
            assertThat(row.get("confidence")).isEqualTo("high");
            if (server != null) {
                // a refused connect leaves the client's log without its local address
                assertThat(row.get("client_ip")).isEqualTo(client.get("local"));
            }
            assertThat(row.get("server_ip")).isEqualTo(client.get("dst"));
            assertThat(row.get("server_port")).isEqualTo(client.get("dst_port"));
            assertThat(row.get("dropped")).isEqualTo("0");
            assertThat(row.get("injected")).isEqualTo("0");
            assertThat(Long.parseLong(row.get("matched"))).isPositive();
            assertThat(row.get("c2s_seq_offset")).isEqualTo("0");
            if (server != null) {
                assertThat(row.get("nat_port")).as(e.getKey()).isEqualTo(server.get("peer_port"));
                assertThat(row.get("nat_ip")).isEqualTo(server.get("peer"));
            } else {
                assertThat(row.get("nat_ip")).isIn("198.51.100.1", "2001:db8:2::1");
            }
        }
        assertThat(rows).extracting(r -> r.get("nat_port")).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void shouldLogTheBytesTheClientReceived(final List<String> input) throws IOException {
        final Run run = nat(input, "--log", "--csv");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<Map<String, String>> rows = Records.csv(run.out());
        final Map<String, Map<String, String>> clients = byRequest("client-log.jsonl");
        final Map<String, Map<String, String>> servers = byRequest("server-log.jsonl");
        assertThat(rows).hasSize(clients.size());
        for (final Map.Entry<String, Map<String, String>> e : clients.entrySet()) {
            final Map<String, String> client = e.getValue();
            final Map<String, String> row = rows.stream()
                .filter(r -> r.get("cport").equals(client.get("local_port"))).findFirst().orElseThrow();
            final Map<String, String> server = servers.get(e.getKey());
            switch (client.get("outcome")) {
                case "complete":
                    assertThat(row.get("received")).as(e.getKey()).isEqualTo(client.get("bytes_received"));
                    assertThat(row.get("received")).isEqualTo(server.get("bytes_sent"));
                    assertThat(row.get("raw_received")).isEqualTo(row.get("received"));
                    assertThat(row.get("end_reason")).isEqualTo("fin");
                    assertThat(row.get("nport")).isEqualTo(server.get("peer_port"));
                    break;
                case "refused":
                    assertThat(row.get("end_reason")).isEqualTo("rst");
                    assertThat(row.get("received")).isEqualTo("0");
                    break;
                default:
                    // an aborted download: the kernel took more than the application read
                    assertThat(row.get("end_reason")).isEqualTo("rst");
                    assertThat(Long.parseLong(row.get("received")))
                        .isGreaterThanOrEqualTo(Long.parseLong(client.get("bytes_received")));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void shouldFindNoLossAndEveryPacketOnBothLegs(final List<String> input) {
        final Run run = nat(input, "--summary", "--csv");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<Map<String, String>> rows = Records.csv(run.out());
        assertThat(rows).hasSize(2);
        for (final Map<String, String> r : rows) {
            assertThat(r.get("inside_packets")).isEqualTo(r.get("outside_packets"));
            assertThat(r.get("matched")).isEqualTo(r.get("inside_packets"));
            assertThat(r.get("dropped_by_box")).isEqualTo("0");
            assertThat(r.get("injected_by_box")).isEqualTo("0");
            assertThat(r.get("unmapped")).isEqualTo("0");
            assertThat(r.get("loss_before_box")).isEqualTo("0");
        }
    }

    @Test
    void shouldEstimateAShiftedClockAndKeepTheMapping() throws Exception {
        final Path editcap = Fixtures.requireToolOrSkip("editcap");
        final Path shifted = dir.resolve("outside-shifted.pcap");
        final Process p = new ProcessBuilder(editcap.toString(), "-t", "3.5", NAT.resolve("outside.pcap").toString(),
            shifted.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        final Run plain = Run.of("nat", "--inside", NAT.resolve("inside.pcap").toString(), "--outside",
            NAT.resolve("outside.pcap").toString(), "--csv");
        final Run moved = Run.of("nat", "--inside", NAT.resolve("inside.pcap").toString(), "--outside",
            shifted.toString(), "--csv");
        assertThat(moved.exitCode()).as(moved.err()).isZero();
        final Matcher m = Pattern.compile("clock offset \\(outside - inside\\): ([-+0-9.]+) s").matcher(moved.err());
        assertThat(m.find()).as(moved.err()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(3.5, org.assertj.core.data.Offset.offset(0.001));
        final List<Map<String, String>> a = Records.csv(plain.out());
        final List<Map<String, String>> b = Records.csv(moved.out());
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            for (final String k : List.of("inside_stream", "outside_stream", "client_port", "nat_port", "kind",
                "matched", "dropped", "injected")) {
                assertThat(b.get(i).get(k)).as(k).isEqualTo(a.get(i).get(k));
            }
        }
    }

    @Test
    void shouldDrawTheTwoSidedLadder() {
        final Run run = Run.of("nat", "--inside", NAT.resolve("inside.pcap").toString(), "--outside",
            NAT.resolve("outside.pcap").toString(), "--ladder", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Golden.assertMatches(Path.of("src/test/resources/golden/nat-ladder-stream2.txt"), run.out());
        final Run s2c = Run.of("nat", NAT.resolve("any.pcap").toString(), "--inside-if", "2", "--outside-if", "3",
            "--ladder", "2", "--direction", "s2c");
        assertThat(s2c.exitCode()).isZero();
        // every packet of the download crossed the box: all rows carry both sides
        final List<String> rows = s2c.out().lines().skip(4).toList();
        assertThat(rows).isNotEmpty().allSatisfy(l -> assertThat(l).containsAnyOf("-->|-->", "<--|<--"));
        assertThat(rows.stream().filter(l -> l.contains("<--|<--")).map(l -> l.substring(0, 36).trim())
            .filter(l -> !l.isEmpty())).isNotEmpty();
    }

    @Test
    void shouldMapTheSameFromTcpdumpText() throws Exception {
        final Path tcpdump = Fixtures.requireToolOrSkip("tcpdump");
        final List<String> texts = new ArrayList<>();
        for (final String leg : List.of("inside", "outside")) {
            final Path text = dir.resolve(leg + ".txt");
            final Process p = new ProcessBuilder(tcpdump.toString(), "-n", "-tt", "-r", NAT.resolve(leg + ".pcap")
                .toString()).redirectOutput(text.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            texts.add(text.toString());
        }
        final Run fromPcap = nat(inputs().findFirst().orElseThrow(), "--csv");
        final Run fromText = Run.of("nat", "--inside", texts.get(0), "--outside", texts.get(1), "--csv");
        assertThat(fromText.exitCode()).as(fromText.err()).isZero();
        final List<Map<String, String>> a = Records.csv(fromPcap.out());
        final List<Map<String, String>> b = Records.csv(fromText.out());
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            for (final String k : List.of("kind", "client_port", "nat_port", "server_port", "matched", "dropped",
                "injected", "confidence")) {
                assertThat(b.get(i).get(k)).as(k).isEqualTo(a.get(i).get(k));
            }
        }
    }

    @Test
    void shouldRefuseIncompleteInputs() {
        assertThat(Run.of("nat", "--inside", NAT.resolve("inside.pcap").toString()).exitCode()).isEqualTo(2);
        assertThat(Run.of("nat", NAT.resolve("any.pcap").toString()).exitCode()).isEqualTo(2);
        final Run both = Run.of("nat", NAT.resolve("any.pcap").toString(), "--inside-if", "2", "--outside-if", "3",
            "--inside", NAT.resolve("inside.pcap").toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        final Run wrong = Run.of("nat", NAT.resolve("both.pcapng").toString(), "--inside-if", "eth7", "--outside-if",
            "outside0");
        assertThat(wrong.err()).contains("no packet on the inside (eth7) interface").contains("inside0");
    }
}
