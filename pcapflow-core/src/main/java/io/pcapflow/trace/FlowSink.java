package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;

/**
 * Receives the packets of every flow from a {@link FlowSplitter}: the place to add an output
 * without touching the tracker. Sinks are called in the order they were given; at a flow's close
 * the earlier sinks have recorded what they wrote in the {@link TraceFlow} before later ones (the
 * index) read it.
 */
public interface FlowSink {
    /**
     * One TCP packet of a flow.
     *
     * @param flow    the flow, already counting this packet
     * @param record  the packet as read, valid only during the call
     * @param view    the decoded packet, valid only during the call
     * @param segment the tracker's analysis, valid only during the call
     * @throws IOException when output fails
     */
    void onPacket(TraceFlow flow, CaptureRecord record, PacketView view, TcpSegment segment) throws IOException;

    /**
     * An IPv4 fragment of a TCP datagram of the flow that is not itself the segment: the decoder
     * presents a fragmented segment on the record completing it, and the flow receives the
     * datagram's earlier fragments just before that record, in frame order (see
     * {@code docs/TRACE.md}). The default ignores them.
     *
     * @param flow   the flow, already counting this record
     * @param record the fragment as read (a copy), valid only during the call
     * @throws IOException when output fails
     */
    default void onFragment(TraceFlow flow, CaptureRecord record) throws IOException {
    }

    /**
     * The flow ended (its connection closed, or the input ended).
     *
     * @param flow the complete flow
     * @throws IOException when output fails
     */
    void onClose(TraceFlow flow) throws IOException;

    /**
     * Every input is done and every flow closed.
     *
     * @param summary counts over the whole run
     * @throws IOException when output fails
     */
    default void finish(TraceSummary summary) throws IOException {
    }
}
