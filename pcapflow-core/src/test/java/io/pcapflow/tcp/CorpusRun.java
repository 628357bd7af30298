package io.pcapflow.tcp;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs reader, decoder and tracker over one capture and keeps what each TCP packet got. */
final class CorpusRun implements TcpListener {
    /** What the tracker said about one packet. */
    record Row(long frame, long stream, long seq, long ack, int len, long window, int flags, int dupAckNum,
               long initialRtt, boolean tree, int direction) {
    }

    final Map<Long, Row> rows = new HashMap<>();
    final List<String> closed = new ArrayList<>();
    final Map<Long, long[]> packetsPerStream = new HashMap<>();
    final TcpTracker tracker;

    CorpusRun(final TrackerOptions options) {
        tracker = new TcpTracker(options, this);
    }

    static CorpusRun run(final Path file, final TrackerOptions options) throws IOException {
        final CorpusRun run = new CorpusRun(options);
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        try (CaptureReader reader = Captures.open(file.toString())) {
            while (reader.poll(r -> {
                if (decoder.decode(r, view)) {
                    run.tracker.onPacket(view);
                }
            }, 4096) > 0) {
                // keep polling
            }
        }
        run.tracker.finish();
        return run;
    }

    @Override
    public void onSegment(final TcpConnection connection, final PacketView view, final TcpSegment segment) {
        rows.put(view.ordinal(), new Row(view.ordinal(), connection.streamIndex(), segment.relativeSeq(),
            segment.relativeAck(), view.payloadLength(), segment.windowScaled(), segment.analysis(),
            segment.duplicateAckCount(), segment.initialRttNanos(), segment.hasWiresharkAnalysisTree(),
            segment.direction()));
    }

    @Override
    public void onClose(final TcpConnection c) {
        packetsPerStream.put(c.streamIndex(), new long[] {c.packets(0), c.packets(1)});
        closed.add(c.streamIndex() + " " + c.connState() + " " + c.history() + " " + c.endReason().label());
    }
}
