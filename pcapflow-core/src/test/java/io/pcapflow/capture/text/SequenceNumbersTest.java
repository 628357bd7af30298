package io.pcapflow.capture.text;

import io.pcapflow.capture.CaptureIssue;
import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.InputFormat;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** tcpdump's relative numbering undone: the bounded table, its eviction, and -S told apart. */
class SequenceNumbersTest {
    private static final long ISN_CLIENT = 3_000_000_000L;
    private static final long ISN_SERVER = 1_500_000_000L;

    /** {@code connections} handshakes, then one data segment each, interleaved, as tcpdump prints them. */
    private static String text(final int connections, final boolean absolute) {
        final StringBuilder sb = new StringBuilder();
        int t = 0;
        for (int c = 0; c < connections; c++) {
            final String client = "192.0.2.1." + (40_000 + c);
            final long ci = ISN_CLIENT + c;
            final long si = ISN_SERVER + c;
            sb.append(line(t++, client, "198.51.100.1.80", "[S], seq " + ci + ", win 100, length 0"));
            sb.append(line(t++, "198.51.100.1.80", client, "[S.], seq " + si + ", ack " + (ci + 1)
                + ", win 100, length 0"));
        }
        for (int c = 0; c < connections; c++) {
            final String client = "192.0.2.1." + (40_000 + c);
            final long seq = absolute ? ISN_CLIENT + c + 1 : 1;
            final long ack = absolute ? ISN_SERVER + c + 1 : 1;
            sb.append(line(t++, client, "198.51.100.1.80", "[P.], seq " + seq + ":" + (seq + 10) + ", ack " + ack
                + ", win 100, options [nop,nop,sack 1 {" + (ack + 5) + ":" + (ack + 9) + "}], length 10"));
        }
        return sb.toString();
    }

    private static String line(final int t, final String src, final String dst, final String rest) {
        return String.format("1700000000.%06d IP %s > %s: Flags %s%n", t, src, dst, rest);
    }

    /** @return per data packet: seq, ack, first SACK edge */
    private static List<long[]> read(final String text, final TcpdumpTextOptions options, final List<String> kinds)
        throws IOException {
        final List<long[]> out = new ArrayList<>();
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        try (CaptureReader reader = Captures.open("t", new ByteArrayInputStream(bytes), InputFormat.TCPDUMP, options)) {
            while (reader.poll(r -> {
                decoder.decode(r, view);
                if (view.payloadLength() > 0) {
                    out.add(new long[] {view.seqUnsigned(), view.ackUnsigned(), view.sackLeft(0)});
                }
            }, 64) > 0) {
                // all
            }
            for (final CaptureIssue issue : reader.issues()) {
                kinds.add(issue.kind());
            }
        }
        return out;
    }

    @Test
    void relativeNumbersComeBackAbsoluteWhileTheTableHoldsEveryConnection() throws IOException {
        final List<String> kinds = new ArrayList<>();
        final List<long[]> data = read(text(64, false), TcpdumpTextOptions.DEFAULTS.withMaxConnections(4096), kinds);
        assertThat(data).hasSize(64);
        for (int c = 0; c < 64; c++) {
            assertThat(data.get(c)).containsExactly(ISN_CLIENT + c + 1, ISN_SERVER + c + 1, ISN_SERVER + c + 6);
        }
        assertThat(kinds).doesNotContain("tcpdump_seq_bases_evicted");
    }

    @Test
    void aFullTableDropsTheOldestOpenConnectionsAndSaysSo() throws IOException {
        final List<String> kinds = new ArrayList<>();
        final List<long[]> data = read(text(64, false), TcpdumpTextOptions.DEFAULTS.withMaxConnections(8), kinds);
        assertThat(kinds).contains("tcpdump_seq_bases_evicted");
        // an evicted connection's next packet is read as a first one: its printed numbers stand as they are
        final long wrong = data.stream().filter(d -> d[0] == 1 && d[1] == 1).count();
        assertThat(wrong).isPositive();
        final long right = data.stream().filter(d -> d[0] > ISN_CLIENT).count();
        assertThat(wrong + right).isEqualTo(64);
    }

    @Test
    void absoluteTextIsToldApartOrForced() throws IOException {
        final List<long[]> relative = read(text(16, false), TcpdumpTextOptions.DEFAULTS, new ArrayList<>());
        final List<long[]> auto = read(text(16, true), TcpdumpTextOptions.DEFAULTS, new ArrayList<>());
        final List<long[]> forced = read(text(16, true), TcpdumpTextOptions.DEFAULTS
            .withSequenceNumbers(TcpdumpTextOptions.SequenceNumbers.ABSOLUTE), new ArrayList<>());
        for (int c = 0; c < 16; c++) {
            assertThat(auto.get(c)).containsExactly(relative.get(c));
            assertThat(forced.get(c)).containsExactly(relative.get(c));
        }
    }
}
