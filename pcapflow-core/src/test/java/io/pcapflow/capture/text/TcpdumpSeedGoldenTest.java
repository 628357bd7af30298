package io.pcapflow.capture.text;

import io.pcapflow.capture.CaptureIssue;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.InputFormat;
import io.pcapflow.decode.IpAddresses;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.golden.Golden;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's literal excerpt (hand-wrapped, annotated, names instead of numbers) read as tcpdump
 * text: every record as parsed, names left as names, then as the packet the decoder sees (names
 * turned into numbers and shown back through the name table, sequence numbers made absolute).
 */
class TcpdumpSeedGoldenTest {
    private static final Path RESOURCES = Path.of("src/test/resources/io/pcapflow/capture/text");

    @Test
    void seedExcerptParsesRecordByRecord() throws IOException {
        final StringBuilder out = new StringBuilder();
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final TcpdumpTextReader reader = (TcpdumpTextReader) Captures.open(
            RESOURCES.resolve("seed-001.txt").toString(), InputFormat.TCPDUMP,
            TcpdumpTextOptions.DEFAULTS.withEpochDay(TcpdumpParser.daysFromCivil(2016, 1, 1)));
        int records = 0;
        try (reader) {
            reader.onRecord((r, ordinal, line) -> out.append("line ").append(line).append(" #").append(ordinal)
                .append(": ").append(describe(r)).append('\n'));
            while (reader.poll(record -> {
                decoder.decode(record, view);
                out.append("  packet: ").append(record.iface().name()).append(' ')
                    .append(view.direction() == 1 ? "In" : "Out").append(' ')
                    .append(endpoint(reader.names(), view, true)).append(" > ")
                    .append(endpoint(reader.names(), view, false)).append(" seq ").append(view.seqUnsigned())
                    .append(" ack ").append(view.ackUnsigned()).append(" len ").append(view.payloadLength())
                    .append(" ts ").append(view.hasTimestamps() ? view.tsVal() + "/" + view.tsEcr() : "-")
                    .append(" sack ")
                    .append(view.sackBlockCount() > 0 ? view.sackLeft(0) + ":" + view.sackRight(0) : "-").append('\n');
            }, 100) > 0) {
                records++;
            }
            for (final CaptureIssue issue : reader.issues()) {
                out.append("issue: ").append(issue.describe().replace(RESOURCES.toString(), "")).append('\n');
            }
            out.append("hosts: ").append(reader.names().hostNames()).append('\n');
            out.append("ports: ").append(reader.names().portNames()).append('\n');
        }
        assertThat(records).isPositive();
        Golden.assertMatches(RESOURCES.resolve("seed-001.golden"), out.toString());
    }

    private static String endpoint(final NameTable names, final PacketView view, final boolean source) {
        final String host;
        if (view.ipVersion() == 4) {
            final int a = source ? view.ipv4Source() : view.ipv4Destination();
            final String name = names.hostName(a);
            host = (name != null ? name + "=" : "") + IpAddresses.appendIpv4(new StringBuilder(), a);
        } else {
            host = "?";
        }
        final int port = source ? view.sourcePort() : view.destinationPort();
        final String name = names.portName(port);
        return host + "." + (name != null ? name + "=" : "") + port;
    }

    static String describe(final TcpdumpRecord r) {
        final StringBuilder sb = new StringBuilder();
        sb.append(r.seconds() / 3600).append(':').append(r.seconds() / 60 % 60).append(':').append(r.seconds() % 60)
            .append('.').append(String.format("%09d", r.nanos())).append('/').append(r.fractionDigits());
        if (r.hasInterface()) {
            sb.append(' ').append(r.interfaceName()).append(" type ").append(r.packetType());
        }
        sb.append(' ').append(r.source().host()).append('.').append(r.source().portText()).append(" > ")
            .append(r.destination().host()).append('.').append(r.destination().portText())
            .append(" flags 0x").append(Integer.toHexString(r.flags()));
        if (r.hasSeq()) {
            sb.append(" seq ").append(r.seq());
            if (r.hasSeqEnd()) {
                sb.append(':').append(r.seqEnd());
            }
        }
        if (r.hasAck()) {
            sb.append(" ack ").append(r.ack());
        }
        sb.append(" win ").append(r.window());
        if (r.hasOptions()) {
            sb.append(" opts[");
            if (r.mss() >= 0) {
                sb.append(" mss ").append(r.mss());
            }
            if (r.windowScale() >= 0) {
                sb.append(" wscale ").append(r.windowScale());
            }
            if (r.sackPermitted()) {
                sb.append(" sackOK");
            }
            if (r.hasTimestamps()) {
                sb.append(" TS ").append(r.tsVal()).append('/').append(r.tsEcr());
            }
            for (int i = 0; i < r.sackCount(); i++) {
                sb.append(" sack ").append(r.sackLeft(i)).append(':').append(r.sackRight(i));
            }
            sb.append(" ] ").append(r.optionLength()).append(" bytes");
        }
        sb.append(" length ").append(r.length());
        if (r.oddTokens() > 0) {
            sb.append(" odd ").append(r.oddTokens());
        }
        return sb.toString();
    }
}
