package io.pcapflow.testkit.blog;

import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapngWriter;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rebuilds the seed blog's lost {@code example-01.pcap} as a deterministic pcapng: one Ethernet
 * interface, nanosecond timestamps ({@code if_tsresol} 9), snapshot length {@value #SNAPLEN}.
 *
 * <p>What the blog prints holds for this capture: 22639 packets, all TCP/IPv4; 14975 of them in
 * 192.168.1.137:57080 ↔ 152.19.134.43:80, from #2585 (the SYN, 2018-09-26 15:51:02.883718124 UTC,
 * printed by the blog in local time IST as 21:21:02.883718124) to #22582 (the last ACK,
 * 15:52:04.324012912 UTC); and every ladder line of {@link BlogLadder} is the packet at its ordinal.
 * Both ends announce window scale 7, MSS 1460, SACK and timestamps. Frames longer than the snapshot
 * length (all data segments) keep their first {@value #SNAPLEN} bytes, headers included, with the
 * original length recorded; IP total lengths and TCP checksums are those of the full segments.
 *
 * <p>See {@link ConnectionPlan} for the layout of ordinals and times, and {@link OtherTraffic} for
 * the traffic around the connection. The output depends on nothing but this code: same bytes on
 * every run.
 */
public final class BlogCapture {
    /** Packets in the capture. */
    public static final int TOTAL_PACKETS = 22_639;
    /** Packets of the blog connection. */
    public static final int CONNECTION_PACKETS = 14_975;
    /** Ordinal (1-based) of the connection's SYN. */
    public static final int FIRST_ORDINAL = 2585;
    /** Ordinal of the connection's last packet. */
    public static final int LAST_ORDINAL = 22_582;
    /** Time of #2585: 2018-09-26 15:51:02.883718124 UTC, in epoch nanoseconds. */
    public static final long FIRST_EPOCH_NANOS = 1_537_977_062_883_718_124L;
    /** Time of #22582: 2018-09-26 15:52:04.324012912 UTC, in epoch nanoseconds. */
    public static final long LAST_EPOCH_NANOS = 1_537_977_124_324_012_912L;
    /** The client's address. */
    public static final String CLIENT_IP = "192.168.1.137";
    /** The client's port. */
    public static final int CLIENT_PORT = 57_080;
    /** The server's address. */
    public static final String SERVER_IP = "152.19.134.43";
    /** The server's port. */
    public static final int SERVER_PORT = 80;
    /** The client's initial sequence number (relative 0). */
    public static final long CLIENT_ISN = 0x2F9E_61B4L;
    /** The server's initial sequence number (relative 0). */
    public static final long SERVER_ISN = 0x7C1D_3A05L;
    /** Window scale shift announced by both ends. */
    public static final int WINDOW_SCALE = 7;
    /** Snapshot length of the interface: longer frames are cut to it. */
    public static final int SNAPLEN = 96;

    private BlogCapture() {
    }

    /**
     * Writes the capture, packet by packet, to a stream (which is flushed, not closed).
     *
     * @param out destination
     * @throws IOException when the stream fails
     */
    public static void write(OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        PcapngWriter w = new PcapngWriter(buffered).section(ByteOrder.LITTLE_ENDIAN);
        w.interfaceDescription(LinkTypes.ETHERNET).name("eth0").tsresol(9).snaplen(SNAPLEN).write();
        ConnectionPlan plan = new ConnectionPlan();
        BlogConnection connection = new BlogConnection();
        OtherTraffic other = new OtherTraffic(TOTAL_PACKETS - CONNECTION_PACKETS);
        for (int ordinal = 1; ordinal <= TOTAL_PACKETS; ordinal++) {
            Segment s = plan.segment(ordinal);
            long time = plan.time(ordinal);
            byte[] frame = s != null ? connection.frame(s, time - FIRST_EPOCH_NANOS) : other.next();
            byte[] captured = frame.length <= SNAPLEN ? frame : Arrays.copyOf(frame, SNAPLEN);
            w.enhancedPacketBuilder(0, time, captured).originalLength(frame.length).write();
        }
        buffered.flush();
    }

    /**
     * Writes the capture to a file.
     *
     * @param file destination, replaced if it exists
     * @throws IOException when writing fails
     */
    public static void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    /**
     * Returns the capture in memory (about 2.5 MB).
     *
     * @return the pcapng bytes
     */
    public static byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 22);
        try {
            write(out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }
}
