package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Direction;
import io.pcapflow.decode.IpAddresses;
import io.pcapflow.decode.PacketView;
import io.pcapflow.export.JsonLinesWriter;
import io.pcapflow.export.Times;
import io.pcapflow.tcp.TcpAnalysis;
import io.pcapflow.tcp.TcpSegment;

/**
 * JSON Lines: one object per packet with the fields of the {@code packets} command (ordinal, ISO
 * time, interface, direction, addresses, ports, TCP flags, raw seq/ack, window, payload length,
 * options) plus the tracker's view (stream, direction, relative seq/ack, scaled window) and the
 * analysis flags by their {@link TcpAnalysis} names. Schema in {@code docs/TRACE.md}.
 */
public final class JsonFormat implements FlowFormat {
    private final StringBuilder sb = new StringBuilder(512);

    @Override
    public String extension() {
        return "jsonl";
    }

    @Override
    public Dumper open(final TraceFlow flow, final OutputFile out, final CaptureRecord first) {
        return (r, v, s) -> {
            sb.setLength(0);
            line(flow, r, v, s);
            out.write(sb);
            return true;
        };
    }

    private void line(final TraceFlow flow, final CaptureRecord r, final PacketView v, final TcpSegment s) {
        sb.append("{\"ordinal\": ").append(r.ordinal()).append(", \"time\": \"");
        Times.appendIso(sb, r.timestampNanos(), Math.max(0, Math.min(9, r.iface().fractionDigits())));
        sb.append("\", \"interface\": ");
        if (r.iface().name() != null) {
            JsonLinesWriter.escaped(sb, r.iface().name());
        } else {
            sb.append(r.iface().globalId());
        }
        final int dir = r.direction();
        sb.append(", \"direction\": \"")
            .append(dir == Direction.INBOUND ? "In" : dir == Direction.OUTBOUND ? "Out" : "-")
            .append("\", \"protocol\": \"TCP\", \"src\": \"");
        IpAddresses.appendSource(sb, v);
        sb.append("\", \"sport\": ").append(v.sourcePort()).append(", \"dst\": \"");
        IpAddresses.appendDestination(sb, v);
        sb.append("\", \"dport\": ").append(v.destinationPort()).append(", \"flags\": \"");
        TextFormat.tcpdumpFlags(sb, v.tcpFlags());
        sb.append("\", \"seq\": ").append(v.seqUnsigned()).append(", \"ack\": ").append(v.ackUnsigned())
            .append(", \"win\": ").append(v.window()).append(", \"len\": ").append(v.payloadLength())
            .append(", \"captured_len\": ").append(r.capturedLength())
            .append(", \"wire_len\": ").append(r.originalLength());
        options(v);
        sb.append(", \"stream\": ").append(flow.streamIndex()).append(", \"dir\": \"")
            .append(s.direction() == 0 ? "c2s" : "s2c").append("\", \"rel_seq\": ").append(s.relativeSeq())
            .append(", \"rel_ack\": ").append(v.isAck() ? s.relativeAck() : 0)
            .append(", \"next_rel_seq\": ").append(s.nextRelativeSeq())
            .append(", \"win_scaled\": ").append(s.windowScaled()).append(", \"analysis\": [");
        final int mask = s.analysis();
        boolean first = true;
        for (int bit = 0; bit < TcpAnalysis.COUNT; bit++) {
            if ((mask & (1 << bit)) != 0) {
                sb.append(first ? "\"" : ", \"").append(TcpAnalysis.name(1 << bit)).append('"');
                first = false;
            }
        }
        sb.append(']');
        if (s.is(TcpAnalysis.DUPLICATE_ACK)) {
            sb.append(", \"duplicate_ack_num\": ").append(s.duplicateAckCount());
        }
        if (v.isTruncated()) {
            sb.append(", \"truncated\": true");
        }
        if (v.anomaly() != null) {
            sb.append(", \"anomaly\": \"").append(v.anomaly().label()).append('"');
        }
        sb.append("}\n");
    }

    private void options(final PacketView v) {
        sb.append(", \"options\": {");
        final int mark = sb.length();
        if (v.mss() >= 0) {
            sb.append("\"mss\": ").append(v.mss()).append(", ");
        }
        if (v.windowScale() >= 0) {
            sb.append("\"wscale\": ").append(v.windowScale()).append(", ");
        }
        if (v.isSackPermitted()) {
            sb.append("\"sack_permitted\": true, ");
        }
        if (v.sackBlockCount() > 0) {
            sb.append("\"sack\": [");
            for (int i = 0; i < v.sackBlockCount(); i++) {
                sb.append(i > 0 ? ", [" : "[").append(v.sackLeft(i)).append(", ").append(v.sackRight(i)).append(']');
            }
            sb.append("], ");
        }
        if (v.hasTimestamps()) {
            sb.append("\"ts\": [").append(v.tsVal()).append(", ").append(v.tsEcr()).append("], ");
        }
        if (sb.length() > mark) {
            sb.setLength(sb.length() - 2);
        }
        sb.append('}');
    }
}
