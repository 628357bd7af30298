package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpConnection;
import io.pcapflow.tcp.TcpListener;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The splitting listener: give it to a {@link io.pcapflow.tcp.TcpTracker}, call
 * {@link #record(CaptureRecord)} before each {@code tracker.onPacket(view)}, and every TCP packet
 * reaches the sinks with its {@link TraceFlow}: one per connection (the tracker's stream index, so
 * a reused port is another flow), or one per direction of each connection in per-direction mode.
 * Output failures surface as {@link UncheckedIOException} from the tracker's call.
 *
 * <p>Per packet: one identity-map lookup, the flow's counters and frame list, the sinks; nothing
 * else is allocated.
 */
public final class FlowSplitter implements TcpListener {
    private final boolean perDirection;
    private final int inputDigits;
    private final FlowSink[] sinks;
    private final IdentityHashMap<TcpConnection, TraceFlow[]> flows = new IdentityHashMap<>();
    private CaptureRecord record;
    private List<CaptureRecord> fragments;
    private int input;
    private long flowCount;
    private long packetsWritten;

    /**
     * @param perDirection   one flow per direction (pcapkit) instead of one per connection
     * @param multipleInputs whether several inputs are traced (file names then name the input)
     * @param sinks          receivers, called in this order
     */
    public FlowSplitter(final boolean perDirection, final boolean multipleInputs, final List<FlowSink> sinks) {
        this(perDirection, multipleInputs ? 2 : 1, sinks);
    }

    /**
     * @param perDirection one flow per direction (pcapkit) instead of one per connection
     * @param inputCount   inputs traced; with more than one, file names start with {@code in<N>-}, N
     *                     the input's 0-based position zero-padded to the digits of the last one
     *                     ({@code in07-} of 12 inputs), so names of different inputs never meet
     *                     and sort by input
     * @param sinks        receivers, called in this order
     */
    public FlowSplitter(final boolean perDirection, final int inputCount, final List<FlowSink> sinks) {
        this.perDirection = perDirection;
        this.inputDigits = inputCount > 1 ? Integer.toString(inputCount - 1).length() : 0;
        this.sinks = sinks.toArray(new FlowSink[0]);
    }

    /**
     * Starts the next input; stream indexes restart with its tracker.
     *
     * @param index 0-based input number
     */
    public void input(final int index) {
        this.input = index;
    }

    /**
     * The record about to be given to the tracker (its bytes are written from inside the tracker's
     * callback, while the record is still valid).
     *
     * @param current the record
     */
    public void record(final CaptureRecord current) {
        record(current, null);
    }

    /**
     * The record about to be given to the tracker, completing a fragmented IPv4 datagram whose
     * earlier fragments are written to the segment's flow before it.
     *
     * @param current        the record
     * @param heldFragments  copies of the datagram's earlier fragments in frame order, or null
     */
    public void record(final CaptureRecord current, final List<CaptureRecord> heldFragments) {
        this.record = current;
        this.fragments = heldFragments;
    }

    /**
     * @return the fragments given with the last record that reached no flow (the tracker did not
     *     present the segment), or null; cleared by the call
     */
    public List<CaptureRecord> unclaimedFragments() {
        final List<CaptureRecord> f = fragments;
        fragments = null;
        return f;
    }

    /** @return flows created */
    public long flows() {
        return flowCount;
    }

    /** @return packets handed to the sinks (each TCP packet once) */
    public long packets() {
        return packetsWritten;
    }

    @Override
    public void onSegment(final TcpConnection c, final PacketView view, final TcpSegment s) {
        TraceFlow[] f = flows.get(c);
        if (f == null) {
            f = new TraceFlow[perDirection ? 2 : 1];
            flows.put(c, f);
        }
        final int d = s.direction();
        final int slot = perDirection ? d : 0;
        TraceFlow flow = f[slot];
        if (flow == null) {
            flow = new TraceFlow(input, inputDigits, c, perDirection ? d : TraceFlow.BOTH);
            f[slot] = flow;
            flowCount++;
        }
        try {
            if (fragments != null) {
                for (final CaptureRecord r : fragments) {
                    flow.addFragment(r, d);
                    for (final FlowSink sink : sinks) {
                        sink.onFragment(flow, r);
                    }
                }
                fragments = null;
            }
            flow.add(record, d);
            packetsWritten++;
            for (final FlowSink sink : sinks) {
                sink.onPacket(flow, record, view, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onClose(final TcpConnection c) {
        final TraceFlow[] f = flows.remove(c);
        if (f == null) {
            return;
        }
        try {
            for (final TraceFlow flow : f) {
                if (flow != null) {
                    flow.end(c.endReason().label());
                    for (final FlowSink sink : sinks) {
                        sink.onClose(flow);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the run: call after every input's tracker finished.
     *
     * @param summary counts over the run, handed to the sinks
     * @throws IOException when output fails
     */
    public void finish(final TraceSummary summary) throws IOException {
        if (!flows.isEmpty()) {
            throw new IllegalStateException(flows.size() + " connections still open: finish the trackers first");
        }
        for (final FlowSink sink : sinks) {
            sink.finish(summary);
        }
    }
}
