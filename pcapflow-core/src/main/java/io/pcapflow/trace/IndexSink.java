package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;
import io.pcapflow.export.JsonLinesWriter;
import io.pcapflow.export.Times;
import io.pcapflow.tcp.TcpDirection;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes {@code index.json} (schema in {@code docs/TRACE.md}): one entry per flow, in input, stream
 * index and direction order, then the run's summary. Each entry is serialised when its flow closes
 * into a scratch file under {@code .partial/}, so memory holds only a few numbers per flow; the
 * index is assembled at {@link #finish} and published last, after every flow file.
 */
public final class IndexSink implements FlowSink {
    /** Name of the index file. */
    public static final String INDEX = "index.json";

    private final OutputDirectory directory;
    private final String format;
    private final boolean perDirection;
    private final StringBuilder sb = new StringBuilder(4096);
    private FileChannel scratch;
    private long scratchSize;
    private long[] keys = new long[64];
    private long[] positions = new long[64];
    private int entries;
    private long notWritten;

    /**
     * @param directory    where the index goes
     * @param format       the flow files' format name, recorded in the index
     * @param perDirection whether flows are per direction, recorded in the index
     */
    public IndexSink(final OutputDirectory directory, final String format, final boolean perDirection) {
        this.directory = directory;
        this.format = format;
        this.perDirection = perDirection;
    }

    @Override
    public void onPacket(final TraceFlow flow, final CaptureRecord record, final PacketView view,
                         final TcpSegment segment) {
        // everything the index needs is in the flow
    }

    @Override
    public void onClose(final TraceFlow flow) throws IOException {
        sb.setLength(0);
        entry(flow);
        notWritten += flow.notWritten();
        if (scratch == null) {
            scratch = FileChannel.open(directory.scratch("index-entries.tmp"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        final ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (entries == keys.length) {
            keys = Arrays.copyOf(keys, entries * 2);
            positions = Arrays.copyOf(positions, entries * 2);
        }
        keys[entries] = ((long) flow.input() << 48) | (flow.streamIndex() << 2) | (flow.direction() + 1);
        positions[entries] = (scratchSize << 24) | bytes.remaining();
        if (bytes.remaining() >= 1 << 24) {
            throw new IOException("index entry of stream " + flow.streamIndex() + " too large");
        }
        entries++;
        while (bytes.hasRemaining()) {
            scratchSize += scratch.write(bytes, scratchSize);
        }
    }

    private void entry(final TraceFlow f) {
        final boolean s2c = f.direction() == TcpDirection.SERVER_TO_CLIENT;
        sb.append("    {\"label\": ");
        JsonLinesWriter.escaped(sb, f.label());
        sb.append(", \"input\": ").append(f.input()).append(", \"stream\": ").append(f.streamIndex())
            .append(", \"direction\": \"")
            .append(f.direction() == TraceFlow.BOTH ? "both" : s2c ? "s2c" : "c2s").append('"')
            .append(", \"ip_version\": ").append(f.ipVersion());
        sb.append(",\n     \"src\": ");
        JsonLinesWriter.escaped(sb, s2c ? f.server() : f.client());
        sb.append(", \"sport\": ").append(s2c ? f.serverPort() : f.clientPort()).append(", \"dst\": ");
        JsonLinesWriter.escaped(sb, s2c ? f.client() : f.server());
        sb.append(", \"dport\": ").append(s2c ? f.clientPort() : f.serverPort());
        sb.append(",\n     \"client\": ");
        JsonLinesWriter.escaped(sb, f.client());
        sb.append(", \"client_port\": ").append(f.clientPort()).append(", \"server\": ");
        JsonLinesWriter.escaped(sb, f.server());
        sb.append(", \"server_port\": ").append(f.serverPort()).append(", \"client_guessed\": ")
            .append(f.isClientGuessed());
        sb.append(",\n     \"first_time\": \"");
        Times.appendIso(sb, f.firstNanos(), f.timeDigits());
        sb.append("\", \"last_time\": \"");
        Times.appendIso(sb, f.lastNanos(), f.timeDigits());
        sb.append("\", \"first_epoch_ns\": ").append(f.firstNanos()).append(", \"last_epoch_ns\": ")
            .append(f.lastNanos());
        sb.append(",\n     \"packets\": ").append(f.packets()).append(", \"packets_c2s\": ")
            .append(f.packets(TcpDirection.CLIENT_TO_SERVER)).append(", \"packets_s2c\": ")
            .append(f.packets(TcpDirection.SERVER_TO_CLIENT)).append(", \"fragments\": ").append(f.fragments())
            .append(", \"not_written\": ").append(f.notWritten())
            .append(", \"end\": \"").append(f.endReason()).append('"');
        sb.append(",\n     \"file\": ");
        if (f.fileName() == null) {
            sb.append("null");
        } else {
            JsonLinesWriter.escaped(sb, f.fileName());
        }
        sb.append(",\n     \"frames\": [");
        for (int i = 0; i < f.packets(); i++) {
            if (i > 0) {
                sb.append(i % 20 == 0 ? ",\n       " : ", ");
            }
            sb.append(f.frame(i));
        }
        sb.append(']');
        if (f.payload(0) != null || f.payload(1) != null) {
            sb.append(",\n     \"payload\": {");
            payload(f.payload(TcpDirection.CLIENT_TO_SERVER), "c2s", false);
            payload(f.payload(TcpDirection.SERVER_TO_CLIENT), "s2c", f.payload(0) != null);
            sb.append('}');
        }
        sb.append('}');
    }

    private void payload(final PayloadStream p, final String name, final boolean comma) {
        if (p == null) {
            return;
        }
        if (comma) {
            sb.append(',');
        }
        sb.append("\n       \"").append(name).append("\": {\"file\": ");
        if (p.fileName() == null) {
            sb.append("null");
        } else {
            JsonLinesWriter.escaped(sb, p.fileName());
        }
        sb.append(", \"bytes\": ").append(p.bytesWritten()).append(", \"stream_bytes\": ").append(p.nextOffset())
            .append(", \"duplicate_bytes\": ").append(p.duplicateBytes()).append(", \"conflicting_bytes\": ")
            .append(p.conflictingBytes()).append(", \"bytes_before_start\": ").append(p.bytesBeforeStart())
            .append(", \"missing_bytes\": ").append(p.missingBytes()).append(", \"gap_count\": ")
            .append(p.gapCount()).append(",\n         \"gaps\": [");
        for (int i = 0; i < p.listedGaps(); i++) {
            sb.append(i > 0 ? ",\n           " : "").append("{\"stream_offset\": ").append(p.gapStreamOffset(i))
                .append(", \"length\": ").append(p.gapLength(i)).append(", \"file_offset\": ")
                .append(p.gapFileOffset(i)).append('}');
        }
        sb.append("]}");
    }

    @Override
    public void finish(final TraceSummary summary) throws IOException {
        summary.outputs(entries, notWritten);
        final Integer[] order = new Integer[entries];
        for (int i = 0; i < entries; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
        final OutputFile out = directory.file(INDEX);
        out.write("{\n  \"version\": 1,\n  \"format\": \"" + format + "\",\n  \"per_direction\": " + perDirection
            + ",\n  \"connections\": [\n");
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < entries; i++) {
            final long p = positions[order[i]];
            final int length = (int) (p & 0xFF_FFFF);
            if (buffer.capacity() < length) {
                buffer = ByteBuffer.allocate(length);
            }
            buffer.clear().limit(length);
            long at = p >>> 24;
            while (buffer.hasRemaining()) {
                final int n = scratch.read(buffer, at);
                if (n < 0) {
                    throw new IOException("index scratch file truncated");
                }
                at += n;
            }
            out.write(buffer.array(), 0, length);
            out.write(i + 1 < entries ? ",\n" : "\n");
        }
        if (scratch != null) {
            scratch.close();
        }
        out.write("  ],\n");
        summary(out, summary);
        out.write("}\n");
        out.complete();
    }

    private void summary(final OutputFile out, final TraceSummary s) throws IOException {
        sb.setLength(0);
        sb.append("  \"summary\": {\n    \"inputs\": [");
        for (int i = 0; i < s.inputs().size(); i++) {
            final TraceSummary.Input in = s.inputs().get(i);
            sb.append(i > 0 ? ", " : "").append("{\"name\": ");
            JsonLinesWriter.escaped(sb, in.name());
            sb.append(", \"format\": \"").append(in.format()).append("\", \"packets\": ").append(in.packets())
                .append(", \"damaged\": ").append(in.damaged())
                .append(", \"tcp_fragments\": ").append(in.tcpFragments())
                .append(", \"unassigned_fragments\": ").append(in.unassignedFragments())
                .append(", \"unassigned_fragment_frames\": [");
            final long[] frames = in.unassignedFrames();
            for (int k = 0; k < frames.length; k++) {
                sb.append(k > 0 ? ", " : "").append(frames[k]);
            }
            sb.append("]}");
        }
        sb.append("],\n    \"packets_read\": ").append(s.packetsRead())
            .append(",\n    \"tcp_packets\": ").append(s.tcpPackets())
            .append(",\n    \"tcp_fragments\": ").append(s.tcpFragments())
            .append(",\n    \"unassigned_fragments\": ").append(s.unassignedFragments())
            .append(",\n    \"tcp_packets_written\": ").append(s.tcpPacketsWritten())
            .append(",\n    \"non_tcp_skipped\": ").append(s.nonTcpPackets())
            .append(",\n    \"not_written\": ").append(s.notWritten())
            .append(",\n    \"flows\": ").append(s.flows())
            .append(",\n    \"anomalies\": {");
        boolean first = true;
        for (final Map.Entry<String, Long> e : s.anomalies().entrySet()) {
            sb.append(first ? "" : ", ");
            JsonLinesWriter.escaped(sb, e.getKey());
            sb.append(": ").append(e.getValue());
            first = false;
        }
        sb.append("}\n  }\n");
        out.write(sb);
    }
}
