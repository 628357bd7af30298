package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;
import java.util.IdentityHashMap;

/**
 * Writes each flow to its own file, {@code <baseName>.<extension>}, through a {@link FlowFormat};
 * the file is completed (moved out of {@code .partial/}) when the flow closes.
 */
public final class FileSink implements FlowSink {
    private final OutputDirectory directory;
    private final FlowFormat format;
    private final IdentityHashMap<TraceFlow, Open> open = new IdentityHashMap<>();

    /**
     * @param directory where files go
     * @param format    how flows are written
     */
    public FileSink(final OutputDirectory directory, final FlowFormat format) {
        this.directory = directory;
        this.format = format;
    }

    /** A flow being written. */
    private record Open(OutputFile file, FlowFormat.Dumper dumper) {
    }

    @Override
    public void onFragment(final TraceFlow flow, final CaptureRecord record) throws IOException {
        if (!format.holdsFragments()) {
            flow.countNotWritten();
            return;
        }
        onPacket(flow, record, null, null);
    }

    @Override
    public void onPacket(final TraceFlow flow, final CaptureRecord record, final PacketView view,
                         final TcpSegment segment) throws IOException {
        Open o = open.get(flow);
        if (o == null) {
            final OutputFile file = directory.file(flow.baseName() + '.' + format.extension());
            o = new Open(file, format.open(flow, file, record));
            open.put(flow, o);
            flow.fileName(file.name());
        }
        if (!o.dumper().packet(record, view, segment)) {
            flow.countNotWritten();
        }
    }

    @Override
    public void onClose(final TraceFlow flow) throws IOException {
        final Open o = open.remove(flow);
        if (o != null) {
            o.dumper().close();
            o.file().complete();
        }
    }
}
