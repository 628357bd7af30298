package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real kernel TCP through a box that drops packets (fixtures/captures/loss, made by
 * scripts/make-loss-captures.sh with iptables DROP rules; the manifest lists every packet the box
 * dropped, matched between the capture before and the one after the drop point). Ground truth:
 * on the sender's leg each dropped segment is sent again, so a later packet carrying the same
 * sequence number must be flagged. Wireshark's rules (which the compatible flags follow) call a
 * resend that comes within its out-of-order threshold of the original "out_of_order" instead of
 * "retransmission" — with sub-millisecond RTTs here that happens to tail segments — so either
 * flag counts as noticing the resend.
 */
class LossCaptureTest {
    private static final Pattern DROPPED = Pattern.compile(
        "^\\| `([a-z0-9-]+\\.pcap)` \\| (\\d+) \\| ([a-z>-]+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|");

    private record Drop(String senderFile, long frame, boolean serverToClient, int clientPort, long relSeq,
                        int length) {
    }

    private static List<Drop> drops() throws IOException {
        final List<Drop> drops = new ArrayList<>();
        for (final String line : Files.readAllLines(Fixtures.fixture("captures/loss/MANIFEST.md"))) {
            final Matcher m = DROPPED.matcher(line);
            if (m.find()) {
                drops.add(new Drop(m.group(1), Long.parseLong(m.group(2)), m.group(3).startsWith("server"),
                    Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)), Integer.parseInt(m.group(6))));
            }
        }
        return drops;
    }

    @Test
    void shouldMarkEverySegmentTheBoxDroppedAsRetransmittedOnTheSendersLeg() throws IOException {
        final List<Drop> drops = drops();
        assertThat(drops).hasSizeGreaterThan(20);
        int checked = 0;
        for (final Drop d : drops) {
            if (d.relSeq() == 0 || d.length() == 0) {
                // a dropped handshake or pure ACK is not sent again as such
                continue;
            }
            final String file = Fixtures.fixture("captures/loss/" + d.senderFile()).toString();
            final String client = (d.senderFile().contains("ipv6") ? "[2001:db8:1::2]:" : "192.0.2.2:")
                + d.clientPort();
            final Run run = Run.of("ladder", "--client", client, file);
            assertThat(run.exitCode()).isZero();
            final String arrow = d.serverToClient() ? "<--[" : "-->[";
            final List<String> sameSeq = run.out().lines()
                .filter(l -> l.contains(arrow) && l.contains(" seq=" + d.relSeq() + " ")).toList();
            if (sameSeq.stream().anyMatch(l -> frame(l) < d.frame())) {
                // the box dropped a resend (random drops hit those too): the data may already be through
                continue;
            }
            final List<String> resent = sameSeq.stream().filter(l -> frame(l) > d.frame()).toList();
            assertThat(resent).as("a resend of the segment dropped at frame %d of %s", d.frame(), d.senderFile())
                .isNotEmpty();
            assertThat(resent.get(0)).as("frame %d of %s", d.frame(), d.senderFile())
                .containsAnyOf("retransmission", "out_of_order");
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void shouldCountTheDropsAsRetransmissionsInTheFlowsOfTheSendersLeg() {
        final Run run = Run.of("flows", "--csv", "--columns", "client_port,s2c_retrans,s2c_out_of_order",
            Fixtures.fixture("captures/loss/drop-s2c-server.pcap").toString());
        long s2c = 0;
        for (final String row : run.out().lines().skip(1).toList()) {
            s2c += Long.parseLong(row.split(",")[1]) + Long.parseLong(row.split(",")[2]);
        }
        // every one of the box's drops on this leg was sent again by the server (see the manifest)
        assertThat(s2c).isGreaterThanOrEqualTo(dropsIn("drop-s2c-server.pcap"));
    }

    private static long dropsIn(final String file) {
        try {
            return drops().stream().filter(d -> d.senderFile().equals(file)).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long frame(final String ladderLine) {
        final int open = ladderLine.indexOf('[');
        return Long.parseLong(ladderLine.substring(open + 1, ladderLine.indexOf(']', open)).trim());
    }
}
