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
     * Whether the format writes records as read, so it can also hold the IPv4 fragments of a TCP
     * datagram that carry no TCP header; {@link Dumper#packet} is then called for them with a null
     * view and segment. Formats describing TCP segments (JSON, text) cannot: fragments are counted
     * as not written.
     *
     * @return true for pcap and pcapng
     */
    default boolean holdsFragments() {
        return false;
    }

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
         * @param view    the decoded packet; null for a fragment (see {@link #holdsFragments()})
         * @param segment the tracker's analysis; null for a fragment
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
