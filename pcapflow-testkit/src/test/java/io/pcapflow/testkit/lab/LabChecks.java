package io.pcapflow.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.lab.GroundTruth.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab run's ground truth against tshark's view of its captures, independently of the Python that wrote
 * {@code truth.json}: a broken lab (or a broken fixture) fails here, before any correlator test.
 */
final class LabChecks {
    private static final List<String> FIELDS = List.of("ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport",
        "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "tcp.flags", "ip.id",
        "tcp.options.timestamp.tsval");

    private LabChecks() {
    }

    /** One TCP packet as tshark shows it. */
    record Pkt(String family, String src, String dst, int sport, int dport, long seq, long ack, int len, int flags,
        String ipid, String tsval) {
        boolean syn() {
            return (flags & 0x12) == 0x02;
        }

        String dir() {
            return dport == 80 || dport == 8080 ? "c2s" : "s2c";
        }

        String key() {
            return String.join("|", family, dir(), Long.toString(seq), Long.toString(ack), Integer.toString(len),
                Integer.toString(flags), ipid, tsval);
        }
    }

    static List<Pkt> packets(Path pcap) {
        Path tshark = Fixtures.requireToolOrSkip("tshark");
        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-r", pcap.toString(), "-Y", "tcp", "-T",
            "fields", "-E", "separator=/t"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Lab.Result r = Lab.command(cmd, Duration.ofSeconds(120), null);
        assertThat(r.exitCode()).as("tshark on " + pcap + ": " + r.stderr()).isZero();
        List<Pkt> res = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] v = line.split("\t", -1);
            boolean v4 = !v[0].isEmpty();
            res.add(new Pkt(v4 ? "ipv4" : "ipv6", v4 ? v[0] : v[1], v4 ? v[2] : v[3], Integer.parseInt(v[4]),
                Integer.parseInt(v[5]), Long.parseLong(v[6]), v[7].isEmpty() ? 0 : Long.parseLong(v[7]),
                Integer.parseInt(v[8]), Integer.decode(v[9]), v[10], v[11]));
        }
        return res;
    }

    static void assertConsistent(GroundTruth t) {
        assertThat(t.ok()).as(t.dir() + ": truth.json's own checks").isTrue();
        for (String f : List.of("inside", "outside", "any", "both", "client_log", "server_log", "counters",
            "manifest")) {
            assertThat(Files.isRegularFile(t.file(f))).as(f).isTrue();
        }
        List<Pkt> in = packets(t.inside());
        List<Pkt> out = packets(t.outside());
        assertThat(packets(t.any())).as("any.pcap holds both legs").hasSize(in.size() + out.size());
        assertThat(packets(t.both())).as("both.pcapng holds both legs").hasSize(in.size() + out.size());
        List<Request> reqs = t.requests();
        assertThat(reqs).isNotEmpty();
        boolean nat = "nat".equals(t.topology());
        for (Request r : reqs) {
            assertThat(in).as(r.id() + ": the client's SYN on the inside leg").anyMatch(p -> p.syn()
                && p.src().equals(r.clientAddress()) && p.sport() == r.clientPort()
                && p.dport() == r.destinationPort() && p.seq() == r.clientIsn());
            assertThat(r.outsidePort()).as(r.id() + ": the server logged the connection").isPositive();
            assertThat(out).as(r.id() + ": a SYN from the port the server saw on the outside leg").anyMatch(p ->
                p.syn() && p.src().equals(r.outsideAddress().orElseThrow()) && p.sport() == r.outsidePort()
                    && p.dport() == 80 && (!nat || p.seq() == r.clientIsn()));
            assertThat(r.path()).startsWith("/" + r.id() + "/");
            if ("complete".equals(r.outcome())) {
                assertThat(r.clientBytesReceived()).as(r.id()).isEqualTo(r.serverBytesSent()).isPositive();
                assertThat(r.clientBytesSent()).as(r.id()).isEqualTo(r.serverBytesReceived()).isPositive();
            }
        }
        assertThat(reqs.stream().map(Request::id).distinct()).hasSameSizeAs(reqs);
        switch (t.scenario()) {
            case "nat-drop" -> assertDrops(t, in, out);
            case "proxy" -> assertProxy(t, reqs);
            case "reuse" -> assertReuse(t, reqs);
            case "idle" -> assertIdle(t, reqs);
            default -> throw new AssertionError("unknown scenario " + t.scenario());
        }
    }

    private static void assertDrops(GroundTruth t, List<Pkt> in, List<Pkt> out) {
        assertThat(t.drops()).isNotEmpty().allMatch(d -> d.packets() > 0);
        assertThat(t.droppedPackets()).isEqualTo(t.drops().stream().mapToLong(GroundTruth.Drop::packets).sum());
        assertThat(t.requests()).allMatch(r -> "complete".equals(r.outcome()));
        Map<String, Integer> inside = counts(in);
        Map<String, Integer> outside = counts(out);
        for (String fam : List.of("ipv4", "ipv6")) {
            for (String dir : List.of("c2s", "s2c")) {
                Map<String, Integer> ingress = "c2s".equals(dir) ? inside : outside;
                Map<String, Integer> egress = "c2s".equals(dir) ? outside : inside;
                String prefix = fam + "|" + dir + "|";
                assertThat(missing(ingress, egress, prefix)).as(prefix + " seen entering the box, not leaving it")
                    .isEqualTo(t.droppedPackets(fam, dir)).isPositive();
                assertThat(missing(egress, ingress, prefix)).as(prefix + " seen leaving the box, not entering it")
                    .isZero();
            }
        }
    }

    private static Map<String, Integer> counts(List<Pkt> pkts) {
        Map<String, Integer> m = new HashMap<>();
        for (Pkt p : pkts) {
            m.merge(p.key(), 1, Integer::sum);
        }
        return m;
    }

    private static long missing(Map<String, Integer> a, Map<String, Integer> b, String prefix) {
        return a.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
            .mapToLong(e -> Math.max(0, e.getValue() - b.getOrDefault(e.getKey(), 0))).sum();
    }

    private static void assertProxy(GroundTruth t, List<Request> reqs) {
        for (Request r : reqs) {
            assertThat(r.destinationPort()).isEqualTo(8080);
            assertThat(r.outsideAddress()).hasValueSatisfying(a -> assertThat(a).isIn("198.51.100.1", "2001:db8:2::1"));
            assertThat(r.outsideSynPorts()).isEmpty();
        }
        assertThat(reqs.stream().map(Request::outsidePort).distinct()).hasSameSizeAs(reqs);
        assertThat(reqs).anyMatch(r -> "post".equals(r.kind()));
    }

    private static void assertReuse(GroundTruth t, List<Request> reqs) {
        List<String> kinds = new ArrayList<>();
        for (Request r : reqs) {
            if (r.reuses().isEmpty()) {
                continue;
            }
            Request old = t.request(r.reuses().get());
            kinds.add(r.reuse().orElseThrow());
            assertThat(r.clientPort()).as(r.id() + " reuses the port of " + old.id()).isEqualTo(old.clientPort());
            assertThat(r.outcome()).isEqualTo("complete");
            if ("syn-on-live-key".equals(r.reuse().get())) {
                assertThat(old.endSeenByBox()).as(old.id() + " ends unseen").isFalse();
                assertThat(old.outcome()).isEqualTo("aborted-unseen");
                assertThat(r.outsideSynPorts()).as(r.id() + ": first SYN on the live mapping, then a new one")
                    .hasSizeGreaterThanOrEqualTo(2).first().isEqualTo(old.outsidePort());
            } else {
                assertThat(old.endSeenByBox()).isTrue();
            }
        }
        assertThat(kinds).contains("port-reuse-after-close", "syn-on-live-key");
    }

    private static void assertIdle(GroundTruth t, List<Request> reqs) {
        double idle = t.idleSeconds().orElseThrow();
        List<Request> idles = reqs.stream().filter(r -> "idle".equals(r.kind())).toList();
        assertThat(idles).isNotEmpty();
        for (Request r : idles) {
            double[] s = r.silence().orElseThrow();
            assertThat(s[1] - s[0]).as(r.id() + " silent seconds").isGreaterThanOrEqualTo(idle);
            assertThat(r.outcome()).isEqualTo("complete");
        }
        assertThat(reqs).anyMatch(r -> !"idle".equals(r.kind()));
    }
}
