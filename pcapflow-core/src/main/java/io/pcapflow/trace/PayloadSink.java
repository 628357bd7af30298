package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpDirection;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;

/**
 * Reassembles the byte stream of each direction of each flow into
 * {@code <baseName>.c2s.payload} and {@code <baseName>.s2c.payload} (see {@link PayloadStream} for
 * the rules). Out-of-order data waits in memory up to {@code maxBufferedBytes} per flow (both
 * directions together); beyond that, the direction holding the most waits no longer: the bytes it
 * misses become a gap. A direction without any data byte gets no file.
 */
public final class PayloadSink implements FlowSink {
    /** Default out-of-order buffer per flow: 4 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 4L << 20;

    private final OutputDirectory directory;
    private final long maxBufferedBytes;

    /**
     * @param directory        where files go
     * @param maxBufferedBytes out-of-order bytes held per flow before a gap is declared, at least 0
     */
    public PayloadSink(final OutputDirectory directory, final long maxBufferedBytes) {
        this.directory = directory;
        this.maxBufferedBytes = Math.max(0, maxBufferedBytes);
    }

    @Override
    public void onPacket(final TraceFlow flow, final CaptureRecord record, final PacketView view,
                         final TcpSegment segment) throws IOException {
        if (view.payloadLength() == 0) {
            return;
        }
        final int d = segment.direction();
        PayloadStream stream = flow.payload(d);
        if (stream == null) {
            stream = new PayloadStream(directory,
                flow.baseName() + (d == TcpDirection.CLIENT_TO_SERVER ? ".c2s" : ".s2c") + ".payload");
            flow.payload(d, stream);
        }
        // data starts after the SYN's sequence number; offset 0 is relative sequence number 1
        final long offset = segment.relativeSeq() + (view.isSyn() ? 1 : 0) - 1;
        final int captured = Math.max(0, Math.min(view.payloadCapturedLength(), view.payloadLength()));
        stream.add(offset, view.bytes(), view.payloadOffset(), captured, view.payloadLength());
        enforceCap(flow);
    }

    private void enforceCap(final TraceFlow flow) throws IOException {
        while (pending(flow) > maxBufferedBytes) {
            final PayloadStream a = flow.payload(0);
            final PayloadStream b = flow.payload(1);
            final long pa = a == null ? 0 : a.pendingBytes();
            final long pb = b == null ? 0 : b.pendingBytes();
            (pa >= pb ? a : b).skipToBuffered();
        }
    }

    private static long pending(final TraceFlow flow) {
        long n = 0;
        for (int d = 0; d < 2; d++) {
            if (flow.payload(d) != null) {
                n += flow.payload(d).pendingBytes();
            }
        }
        return n;
    }

    @Override
    public void onClose(final TraceFlow flow) throws IOException {
        for (int d = 0; d < 2; d++) {
            if (flow.payload(d) != null) {
                flow.payload(d).close();
            }
        }
    }
}
