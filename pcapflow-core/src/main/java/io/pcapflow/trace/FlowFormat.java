package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;

/**
 * A file format for one flow (pcapkit's "dumper"): {@link FileSink} asks it for a {@link Dumper}
 * per flow and hands it the flow's packets. Implementations: {@link PcapFormat}, {@link PcapngFormat},
 * {@link JsonFormat}, {@link TextFormat};
 * add one to write another format.
 */
public interface FlowFormat {
    /** @return file name extension without the dot, e.g. {@code pcap} */
    String extension();

    /**
     * Starts a flow's file.
     *
     * @param flow  the flow
     * @param out   its file
     * @param first the flow's first packet (not yet written; {@link Dumper#packet} follows)
     * @return the dumper for this flow
     * @throws IOException when writing fails
     */
    Dumper open(TraceFlow flow, OutputFile out, CaptureRecord first) throws IOException;

    /** Writes the packets of one flow. */
    interface Dumper {
        /**
         * Writes one packet.
         *
         * @param record  the packet as read
         * @param view    the decoded packet
         * @param segment the tracker's analysis
         * @return false when the format cannot store this packet (it is counted, not written)
         * @throws IOException when writing fails
         */
        boolean packet(CaptureRecord record, PacketView view, TcpSegment segment) throws IOException;

        /**
         * Writes what ends the file; the caller completes the file afterwards.
         *
         * @throws IOException when writing fails
         */
        default void close() throws IOException {
        }
    }
}
