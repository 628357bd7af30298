package io.pcapflow.trace;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpTracker;
import io.pcapflow.tcp.TrackerOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Traces one input: decodes each record, feeds TCP packets to a fresh {@link TcpTracker} whose
 * listener is the shared {@link FlowSplitter}, and counts what it skipped. Use one per input:
 * {@code reader.poll(tracer, n)} until the end, then {@link #finish}.
 */
public final class Tracer implements PacketHandler {
    private final FlowSplitter splitter;
    private final TcpTracker tracker;
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();
    private long packets;
    private long tcp;
    private long nonTcp;
    private long tcpFragments;
    private final FragmentHold held = new FragmentHold();

    /**
     * @param options  tracker settings
     * @param splitter the shared splitter
     * @param input    0-based input number
     */
    public Tracer(final TrackerOptions options, final FlowSplitter splitter, final int input) {
        this.splitter = splitter;
        this.tracker = new TcpTracker(options, splitter);
        splitter.input(input);
    }

    @Override
    public void onPacket(final CaptureRecord record) {
        packets++;
        if (decoder.decode(record, view) && view.hasTcp()) {
            tcp++;
            splitter.record(record, held.take(view));
            tracker.onPacket(view);
            held.unassign(splitter.unclaimedFragments());
        } else if (FragmentHold.isTcpFragment(view)) {
            tcpFragments++;
            if (view.isReassembled()) {
                // completed, but as no TCP segment (e.g. a bad TCP header): nothing to join
                held.unassign(held.take(view));
                held.unassign(List.of(record));
            } else {
                held.hold(record, view);
            }
        } else {
            nonTcp++;
        }
    }

    /** @return records seen */
    public long packets() {
        return packets;
    }

    /** @return TCP packets handed to the tracker */
    public long tcpPackets() {
        return tcp;
    }

    /**
     * Ends the input: closes every connection still open and adds the input's counts.
     *
     * @param reader  the input's reader (name, format, damage)
     * @param summary where the counts go
     * @throws IOException when output fails
     */
    public void finish(final CaptureReader reader, final TraceSummary summary) throws IOException {
        held.finish();
        try {
            tracker.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        summary.add(new TraceSummary.Input(reader.name(), reader.format().label(),
            packets, reader.damage() != null, tcpFragments, held.unassigned(), held.unassignedFrames()),
            tcp, nonTcp, decoder.anomalies());
        if (tracker.evictions() > 0) {
            summary.anomaly("tracker_evictions", tracker.evictions());
        }
    }
}
