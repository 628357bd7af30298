package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.tcp.TcpConnection;
import io.pcapflow.tcp.TcpDirection;

import java.util.Arrays;

/**
 * One flow of a trace: a whole TCP connection (both directions), or one direction of it in
 * per-direction mode (pcapkit's split). Created by the {@link FlowSplitter} at the connection's
 * first packet, updated before the sinks see each packet, and complete when
 * {@link FlowSink#onClose} is called; sinks may then read it and record what they wrote.
 */
public final class TraceFlow {
    /** {@link #direction()} of a flow holding both directions. */
    public static final int BOTH = -1;

    private final int input;
    private final long streamIndex;
    private final int direction;
    private final int ipVersion;
    private final String client;
    private final String server;
    private final int clientPort;
    private final int serverPort;
    private final boolean clientGuessed;
    private final String baseName;
    private long[] frames = new long[8];
    private int frameCount;
    private final long[] packetsByDirection = new long[2];
    private long firstNanos;
    private long lastNanos;
    private int timeDigits;
    private String endReason;
    private String fileName;
    private long notWritten;
    private long fragments;
    private final PayloadStream[] payload = new PayloadStream[2];

    TraceFlow(final int input, final int inputDigits, final TcpConnection c, final int direction) {
        this.input = input;
        this.streamIndex = c.streamIndex();
        this.direction = direction;
        this.ipVersion = c.ipVersion();
        this.client = c.appendClientAddress(new StringBuilder()).toString();
        this.server = c.appendServerAddress(new StringBuilder()).toString();
        this.clientPort = c.clientPort();
        this.serverPort = c.serverPort();
        this.clientGuessed = c.isClientGuessed();
        this.baseName = baseName(inputDigits);
    }

    private String baseName(final int inputDigits) {
        final StringBuilder sb = new StringBuilder(96);
        if (inputDigits > 0) {
            final String n = Integer.toString(input);
            sb.append("in");
            for (int i = n.length(); i < inputDigits; i++) {
                sb.append('0');
            }
            sb.append(n).append('-');
        }
        final String digits = Long.toString(streamIndex);
        for (int i = digits.length(); i < 6; i++) {
            sb.append('0');
        }
        sb.append(digits);
        if (direction == TcpDirection.SERVER_TO_CLIENT) {
            sb.append("-s2c-");
            SafeNames.appendSanitized(sb, server).append('.').append(serverPort).append('-');
            SafeNames.appendSanitized(sb, client).append('.').append(clientPort);
        } else {
            sb.append(direction == BOTH ? "-" : "-c2s-");
            SafeNames.appendSanitized(sb, client).append('.').append(clientPort).append('-');
            SafeNames.appendSanitized(sb, server).append('.').append(serverPort);
        }
        return sb.toString();
    }

    void add(final CaptureRecord r, final int segmentDirection) {
        if (frameCount == 0) {
            firstNanos = r.timestampNanos();
            timeDigits = Math.max(0, Math.min(9, r.iface().fractionDigits()));
        }
        if (frameCount == frames.length) {
            frames = Arrays.copyOf(frames, frameCount * 2);
        }
        frames[frameCount++] = r.ordinal();
        lastNanos = r.timestampNanos();
        packetsByDirection[segmentDirection]++;
    }

    void addFragment(final CaptureRecord r, final int segmentDirection) {
        add(r, segmentDirection);
        fragments++;
    }

    /**
     * @return records of {@link #packets()} that are IPv4 fragments of a TCP datagram other than the
     *     one completing it (no TCP header; tshark counts no {@code tcp.stream} for them)
     */
    public long fragments() {
        return fragments;
    }

    void end(final String reason) {
        this.endReason = reason;
    }

    /** @return 0-based number of the input file the flow comes from */
    public int input() {
        return input;
    }

    /** @return the tracker's stream index (Wireshark's {@code tcp.stream}) within its input */
    public long streamIndex() {
        return streamIndex;
    }

    /** @return {@link #BOTH}, or the {@link TcpDirection} this flow holds in per-direction mode */
    public int direction() {
        return direction;
    }

    /** @return 4 or 6 */
    public int ipVersion() {
        return ipVersion;
    }

    /** @return client address as text */
    public String client() {
        return client;
    }

    /** @return server address as text */
    public String server() {
        return server;
    }

    /** @return client port */
    public int clientPort() {
        return clientPort;
    }

    /** @return server port */
    public int serverPort() {
        return serverPort;
    }

    /** @return whether the roles were guessed (no SYN seen) */
    public boolean isClientGuessed() {
        return clientGuessed;
    }

    /** @return safe file name stem: stream index (6 digits at least) and sanitised endpoints */
    public String baseName() {
        return baseName;
    }

    /**
     * pcapkit's flow label: {@code src_srcport-dst_dstport-firsttime}, the sender first in
     * per-direction mode, the client first otherwise; the time is epoch seconds.
     *
     * @return the label
     */
    public String label() {
        final boolean reversed = direction == TcpDirection.SERVER_TO_CLIENT;
        final StringBuilder sb = new StringBuilder(80);
        sb.append(reversed ? server : client).append('_').append(reversed ? serverPort : clientPort).append('-')
            .append(reversed ? client : server).append('_').append(reversed ? clientPort : serverPort).append('-');
        io.pcapflow.export.Times.appendEpoch(sb, firstNanos, timeDigits);
        return sb.toString();
    }

    /** @return packets in the flow */
    public int packets() {
        return frameCount;
    }

    /**
     * @param d a {@link TcpDirection}
     * @return packets sent in that direction
     */
    public long packets(final int d) {
        return packetsByDirection[d];
    }

    /**
     * @param i 0-based packet number within the flow
     * @return the input ordinal (frame number) of that packet
     */
    public long frame(final int i) {
        if (i < 0 || i >= frameCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return frames[i];
    }

    /** @return capture time of the first packet, epoch nanoseconds */
    public long firstNanos() {
        return firstNanos;
    }

    /** @return capture time of the last packet so far, epoch nanoseconds */
    public long lastNanos() {
        return lastNanos;
    }

    /** @return fraction digits of the first packet's timestamp resolution (6 for µs, 9 for ns) */
    public int timeDigits() {
        return timeDigits;
    }

    /** @return how the connection ended ({@code EndReason} label), {@code null} while open */
    public String endReason() {
        return endReason;
    }

    /** @return the file the packets were written to, or {@code null} */
    public String fileName() {
        return fileName;
    }

    /**
     * Records the file name; called by the sink that wrote it.
     *
     * @param name file name inside the output directory
     */
    public void fileName(final String name) {
        this.fileName = name;
    }

    /** @return packets the format could not store (see {@link FlowFormat.Dumper#packet}) */
    public long notWritten() {
        return notWritten;
    }

    /** Counts one packet the format could not store. */
    public void countNotWritten() {
        notWritten++;
    }

    /**
     * @param d a {@link TcpDirection}
     * @return the reassembled stream of that direction, or {@code null} when not reassembled
     */
    public PayloadStream payload(final int d) {
        return payload[d];
    }

    void payload(final int d, final PayloadStream stream) {
        payload[d] = stream;
    }
}
