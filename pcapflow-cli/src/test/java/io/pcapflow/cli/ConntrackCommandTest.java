package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code conntrack} over files: the seed tracker's records, appended and rotated safely. */
class ConntrackCommandTest {
    private static final Path NAT = Fixtures.fixture("captures/nat");

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheSameRecordsFromEveryKindOfInput() {
        final Run two = Run.of("conntrack", "--inside", NAT.resolve("inside.pcap").toString(), "--outside",
            NAT.resolve("outside.pcap").toString(), "--csv");
        final Run any = Run.of("conntrack", NAT.resolve("any.pcap").toString(), "--inside-if", "2", "--outside-if",
            "3", "--csv");
        final Run log = Run.of("nat", "--inside", NAT.resolve("inside.pcap").toString(), "--outside",
            NAT.resolve("outside.pcap").toString(), "--log", "--csv");
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(any.exitCode()).as(any.err()).isZero();
        final List<Map<String, String>> a = Records.csv(two.out());
        final List<Map<String, String>> b = Records.csv(any.out());
        assertThat(a).hasSize(11).hasSameSizeAs(b);
        assertThat(Records.csv(log.out())).isEqualTo(a);
        for (int i = 0; i < a.size(); i++) {
            for (final String k : List.of("client", "cport", "nathost", "nport", "remote", "rport", "sent",
                "received", "raw_sent", "raw_received", "end_reason")) {
                assertThat(b.get(i).get(k)).as(k).isEqualTo(a.get(i).get(k));
            }
        }
    }

    @Test
    void shouldWriteOneTextLinePerConnection() throws IOException {
        final Run run = Run.of("conntrack", "--inside", NAT.resolve("inside.pcap").toString(), "--outside",
            NAT.resolve("outside.pcap").toString());
        assertThat(run.exitCode()).isZero();
        final List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(11);
        final Map<String, String> first = Records.jsonLines(NAT.resolve("client-log.jsonl")).get(0);
        final Map<String, String> server = Records.jsonLines(NAT.resolve("server-log.jsonl")).get(0);
        assertThat(lines.get(0)).contains(first.get("local") + ":" + first.get("local_port") + " via "
            + server.get("peer") + ":" + server.get("peer_port") + " to " + first.get("dst") + ":80")
            .contains(" received " + first.get("bytes_received") + " ").endsWith(" fin");
    }

    @Test
    void shouldAppendWithOneHeaderAndRotate() throws IOException {
        final Path out = dir.resolve("conntrack.csv");
        final String[] args = {"conntrack", NAT.resolve("any.pcap").toString(), "--inside-if", "2", "--outside-if",
            "3", "--csv", "--output", out.toString()};
        assertThat(Run.of(args).out()).isEmpty();
        assertThat(Run.of(args).exitCode()).isZero();
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(23);
        assertThat(lines.stream().filter(l -> l.startsWith("start,"))).hasSize(1);
        final Path rotated = dir.resolve("rotated.jsonl");
        final Run rotating = Run.of("conntrack", NAT.resolve("any.pcap").toString(), "--inside-if", "2",
            "--outside-if", "3", "--jsonl", "--output", rotated.toString(), "--rotate", "1k");
        assertThat(rotating.exitCode()).as(rotating.err()).isZero();
        long records = 0;
        for (final String name : List.of("rotated.jsonl", "rotated.jsonl.1", "rotated.jsonl.2", "rotated.jsonl.3",
            "rotated.jsonl.4", "rotated.jsonl.5")) {
            final Path p = dir.resolve(name);
            if (Files.exists(p)) {
                assertThat(Files.size(p)).isLessThan(1024 + 1024);
                records += Files.readAllLines(p, StandardCharsets.UTF_8).size();
            }
        }
        assertThat(records).isEqualTo(11);
        assertThat(Files.exists(dir.resolve("rotated.jsonl.1"))).isTrue();
    }

    @Test
    void shouldRefuseBadUsage() {
        assertThat(Run.of("conntrack", "--live", "--inside-if", "a;b", "--outside-if", "x").exitCode()).isEqualTo(2);
        assertThat(Run.of("conntrack", "--live", "--inside-if", "eth0").exitCode()).isEqualTo(2);
        assertThat(Run.of("conntrack", "--inside", "x", "--outside", "y", "--rotate", "5M").exitCode()).isEqualTo(2);
        final Run missing = Run.of("conntrack", "--live", "--inside-if", "pfnosuch0", "--outside-if", "pfnosuch1");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no interface pfnosuch0");
    }
}
