package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;
import io.pcapflow.export.Times;
import io.pcapflow.tcp.TcpAnalysis;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;

/**
 * The ladder of the {@code ladder} command, one file per flow: a header naming client and server,
 * then one row per packet ({@code -->} client to server on the left, {@code <--} server to client
 * indented; [ordinal], seconds since the flow's first packet to the microsecond, scapy flag letters,
 * relative seq/ack, payload length, scaled window, analysis events), then the first and last packet.
 */
public final class TextFormat implements FlowFormat {
    private static final int SERVER_INDENT = 60;
    private static final String TCPDUMP_LETTERS = "SFPRUWE.";
    private static final int[] TCPDUMP_BITS = {0x02, 0x01, 0x08, 0x04, 0x20, 0x80, 0x40, 0x10};
    private static final String RULE = "#".repeat(66);

    private final StringBuilder sb = new StringBuilder(256);
    private final StringBuilder cell = new StringBuilder(32);

    @Override
    public String extension() {
        return "txt";
    }

    @Override
    public Dumper open(final TraceFlow flow, final OutputFile out, final CaptureRecord first) throws IOException {
        sb.setLength(0);
        sb.append(RULE).append("\nTCP session between client ");
        endpoint(flow, true);
        sb.append(" and server ");
        endpoint(flow, false);
        if (flow.isClientGuessed()) {
            sb.append(" (roles guessed: no SYN seen)");
        }
        sb.append('\n').append(RULE).append('\n');
        out.write(sb);
        return new Dumper() {
            @Override
            public boolean packet(final CaptureRecord r, final PacketView v, final TcpSegment s) throws IOException {
                row(flow, v, s);
                out.write(sb);
                return true;
            }

            @Override
            public void close() throws IOException {
                sb.setLength(0);
                sb.append(flow.packets()).append(" packets\nFirst packet in connection: Packet #")
                    .append(flow.frame(0)).append(' ');
                Times.appendIso(sb, flow.firstNanos(), flow.timeDigits());
                sb.append("\n Last packet in connection: Packet #").append(flow.frame(flow.packets() - 1)).append(' ');
                Times.appendIso(sb, flow.lastNanos(), flow.timeDigits());
                sb.append('\n');
                out.write(sb);
            }
        };
    }

    private void endpoint(final TraceFlow flow, final boolean client) {
        final boolean v6 = flow.ipVersion() == 6;
        sb.append(v6 ? "[" : "").append(client ? flow.client() : flow.server()).append(v6 ? "]" : "")
            .append(':').append(client ? flow.clientPort() : flow.serverPort());
    }

    private void row(final TraceFlow flow, final PacketView v, final TcpSegment s) {
        sb.setLength(0);
        if (s.direction() == 0) {
            sb.append("-->");
        } else {
            for (int i = 3; i < SERVER_INDENT; i++) {
                sb.append(' ');
            }
            sb.append("<--");
        }
        sb.append('[');
        cell.setLength(0);
        pad(cell.append(v.ordinal()), 5, true);
        sb.append("]");
        cell.setLength(0);
        final long micros = (v.timestampNanos() - flow.firstNanos() + 500) / 1000;
        cell.append(micros / 1_000_000L).append('.');
        final String frac = Long.toString(micros % 1_000_000L);
        for (int i = frac.length(); i < 6; i++) {
            cell.append('0');
        }
        pad(cell.append(frac), 10, true);
        sb.append("s ");
        cell.setLength(0);
        scapyFlags(cell, v.tcpFlags());
        pad(cell, 3, false);
        sb.append(" seq=");
        cell.setLength(0);
        pad(cell.append(s.relativeSeq()), 8, false);
        sb.append(" ack=");
        cell.setLength(0);
        pad(cell.append(v.isAck() ? s.relativeAck() : 0), 8, false);
        sb.append(" len=");
        cell.setLength(0);
        pad(cell.append(v.payloadLength()), 6, false);
        sb.append(" win=");
        cell.setLength(0);
        pad(cell.append(s.windowScaled()), 9, false);
        if (s.analysis() != 0) {
            sb.append(' ');
            boolean first = true;
            for (int bit = 0; bit < TcpAnalysis.COUNT; bit++) {
                if ((s.analysis() & (1 << bit)) != 0) {
                    sb.append(first ? "" : ",").append(TcpAnalysis.name(1 << bit));
                    if (1 << bit == TcpAnalysis.DUPLICATE_ACK) {
                        sb.append('#').append(s.duplicateAckCount());
                    }
                    first = false;
                }
            }
        }
        sb.append('\n');
    }

    private void pad(final CharSequence value, final int width, final boolean right) {
        if (!right) {
            sb.append(value);
        }
        for (int i = value.length(); i < width; i++) {
            sb.append(' ');
        }
        if (right) {
            sb.append(value);
        }
    }

    /** scapy's flag letters, in its order: F S R P A U E C N. */
    static void scapyFlags(final StringBuilder out, final int f) {
        final String letters = "FSRPAUECN";
        for (int bit = 0; bit < letters.length(); bit++) {
            if ((f & (1 << bit)) != 0) {
                out.append(letters.charAt(bit));
            }
        }
    }

    /**
     * tcpdump's flag letters, in its order: S F P R U W E, '.' for ACK, 'none' when no flag.
     *
     * @param out destination
     * @param f   TCP flags
     */
    static void tcpdumpFlags(final StringBuilder out, final int f) {
        final int start = out.length();
        for (int i = 0; i < TCPDUMP_BITS.length; i++) {
            if ((f & TCPDUMP_BITS[i]) != 0) {
                out.append(TCPDUMP_LETTERS.charAt(i));
            }
        }
        if (out.length() == start) {
            out.append("none");
        }
    }
}
