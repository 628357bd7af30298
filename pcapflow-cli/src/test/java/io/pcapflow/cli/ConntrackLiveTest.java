package io.pcapflow.cli;

import io.pcapflow.testkit.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code conntrack --live} on a real NAT box in network namespaces: it runs tcpdump on the box's
 * two interfaces while the lab's client makes requests; every request appears once with the outside
 * port the server saw and the bytes the client received; a reused key gives "expired", a silent
 * connection "idle", SIGTERM mid-transfer "end_of_capture" and no tcpdump left behind; the same
 * traffic captured to files gives the same records through the file path.
 */
class ConntrackLiveTest {
    @TempDir
    Path dir;

    private static List<String> java(final String... args) {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path"), "io.pcapflow.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static void awaitLine(final Path file, final String text) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + file + ":\n"
            + (Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)"));
    }

    private static Map<String, String> record(final List<Map<String, String>> rows, final Object cport,
                                              final Object nport) {
        final List<Map<String, String>> mine = rows.stream().filter(r -> r.get("cport").equals(cport.toString())
            && r.get("nport").equals(nport.toString())).toList();
        assertThat(mine).as("records of " + cport + " via " + nport + " in " + rows).hasSize(1);
        return mine.get(0);
    }

    private static long number(final Object o) {
        return ((Number) o).longValue();
    }

    @Test
    void shouldLogEveryConnectionThroughALiveNatBox() throws Exception {
        final Path out = dir.resolve("live.csv");
        final Path err = dir.resolve("live.err");
        try (Lab lab = Lab.up(Lab.Topology.NAT)) {
            lab.captureStart(dir.resolve("files"), 0);
            final Process conntrack = lab.start(Lab.Role.BOX, java("conntrack", "--live", "--inside-if", "inside0",
                "--outside-if", "outside0", "--csv", "--output", out.toString(), "--idle-timeout", "4", "--status",
                "1"), dir.resolve("live.out"), err);
            awaitLine(err, "conntrack: capturing on inside0");
            final List<Map<String, Object>> smoke = lab.traffic("smoke", dir.resolve("smoke.jsonl"));
            final List<Map<String, Object>> reuse = lab.traffic("reuse", dir.resolve("reuse.jsonl"));
            final List<Map<String, Object>> idle = lab.traffic("idle", dir.resolve("idle.jsonl"), "--idle-seconds",
                "6");
            // a connection still open when conntrack is stopped
            final Process open = lab.startTraffic(writePlan().toString(), dir.resolve("open.jsonl"),
                dir.resolve("open.out"));
            Thread.sleep(1500);
            conntrack.destroy();
            assertThat(conntrack.waitFor(30, TimeUnit.SECONDS)).as("conntrack ended on SIGTERM").isTrue();
            open.destroy();
            lab.captureStop();
            final Lab.Result tcpdumps = lab.exec(Lab.Role.BOX, List.of("pgrep", "-f",
                "tcpdump -i any -y LINUX_SLL2 -n -U --immediate-mode"));
            assertThat(tcpdumps.exitCode()).as("tcpdump left running: " + tcpdumps.stdout()).isEqualTo(1);
            final List<Map<String, Object>> server = lab.serverRecords();
            final List<Map<String, String>> rows = Records.csv(Files.readString(out, StandardCharsets.UTF_8));
            for (final Map<String, Object> c : smoke) {
                final Map<String,
                    Object> s = server.stream().filter(r -> r.get("request_id").equals(c.get("request_id")))
                    .findFirst().orElseThrow();
                final Map<String, String> r = record(rows, c.get("local_port"), s.get("peer_port"));
                assertThat(r.get("end_reason")).isEqualTo("fin");
                assertThat(Long.parseLong(r.get("received"))).as(c.toString())
                    .isEqualTo(number(c.get("bytes_received")));
                assertThat(Long.parseLong(r.get("sent"))).isEqualTo(number(c.get("bytes_sent")));
            }
            assertThat(rows.stream().filter(r -> "expired".equals(r.get("end_reason")))).hasSize(2);
            final Map<String, Object> silent = idle.stream().filter(c -> "i01".equals(c.get("request_id")))
                .findFirst().orElseThrow();
            assertThat(rows).anyMatch(r -> r.get("cport").equals(silent.get("local_port").toString())
                && "idle".equals(r.get("end_reason")));
            assertThat(rows).anyMatch(r -> "end_of_capture".equals(r.get("end_reason")));
            assertThat(reuse).isNotEmpty();
            // tcpdump's kernel drop count on the status lines, and its final counts
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("packets captured")
                .contains("dropped by the kernel (tcpdump)");
            // the same traffic from the files the box captured meanwhile
            final Run files = Run.of("conntrack", "--inside", dir.resolve("files/inside.pcap").toString(), "--outside",
                dir.resolve("files/outside.pcap").toString(), "--csv", "--idle-timeout", "4");
            final List<Map<String, String>> fromFiles = Records.csv(files.out());
            for (final Map<String, String> live : rows) {
                if ("end_of_capture".equals(live.get("end_reason"))) {
                    continue;
                }
                assertThat(fromFiles).as("file records").anySatisfy(f -> {
                    for (final String k : List.of("client", "cport", "nathost", "nport", "remote", "rport", "sent",
                        "received", "end_reason")) {
                        assertThat(f.get(k)).as(k).isEqualTo(live.get(k));
                    }
                });
            }
        }
    }

    private Path writePlan() throws IOException {
        final Path plan = dir.resolve("open.plan");
        Files.writeString(plan,
            "# a connection still open when conntrack is stopped\no01   ipv4   idle   1000   idle=30\n",
            StandardCharsets.UTF_8);
        return plan;
    }
}
