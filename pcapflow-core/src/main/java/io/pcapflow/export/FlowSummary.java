package io.pcapflow.export;

import io.pcapflow.tcp.TcpConnection;

/**
 * An immutable copy of one finished connection, taken when the tracker reports it (the tracker
 * reuses its connection objects). One per connection, never per packet; the {@code flows}
 * command keeps them only as long as it needs to print them in order.
 *
 * @param stream          Wireshark-compatible stream index
 * @param clientGuessed   whether client and server were inferred without a SYN
 * @param ipVersion       4 or 6
 * @param client          client address text
 * @param clientPort      client port
 * @param server          server address text
 * @param serverPort      server port
 * @param firstFrame      ordinal of the first packet
 * @param lastFrame       ordinal of the last packet
 * @param startNanos      time of the first packet
 * @param lastNanos       time of the last packet
 * @param connState       Zeek conn_state
 * @param history         Zeek history
 * @param endReason       how the connection ended
 * @param perDirection    counters, {@link #C2S} and {@link #S2C} rows of {@link #COUNTERS} values
 * @param synToSynAckNanos SYN to SYN/ACK time, -1 when not seen
 * @param initialRttNanos tshark's tcp.analysis.initial_rtt, -1 when not known
 * @param rttMinNanos     smallest RTT sample, -1 when none
 * @param rttAvgNanos     mean RTT, -1 when none
 * @param rttMaxNanos     largest RTT sample, -1 when none
 * @param rttSamples      number of RTT samples
 * @param firstFinBy      direction of the first FIN's sender, -1 when none
 * @param firstRstBy      direction of the first RST's sender, -1 when none
 * @param synAckToAckNanos SYN/ACK to the client's ACK, -1 when not seen
 * @param tsRttMinNanos   smallest RTT from TCP timestamps (TSval echoed in TSecr), -1 when none
 * @param tsRttAvgNanos   mean timestamp RTT, -1 when none
 * @param tsRttMaxNanos   largest timestamp RTT, -1 when none
 * @param tsRttSamples    number of timestamp RTT samples
 */
public record FlowSummary(long stream, boolean clientGuessed, int ipVersion, String client, int clientPort,
                          String server, int serverPort, long firstFrame, long lastFrame, long startNanos,
                          long lastNanos, String connState, String history, String endReason,
                          long[][] perDirection, long synToSynAckNanos, long initialRttNanos, long rttMinNanos,
                          long rttAvgNanos, long rttMaxNanos, long rttSamples, int firstFinBy, int firstRstBy,
                          long synAckToAckNanos, long tsRttMinNanos, long tsRttAvgNanos, long tsRttMaxNanos,
                          long tsRttSamples) {
    /** Client to server. */
    public static final int C2S = 0;
    /** Server to client. */
    public static final int S2C = 1;

    /** Index of packets in a direction's counters. */
    public static final int PACKETS = 0;
    /** Index of payload bytes (all, including retransmissions). */
    public static final int BYTES = 1;
    /** Index of unique payload bytes. */
    public static final int UNIQUE_BYTES = 2;
    /** Index of bytes never seen (holes the receiver acknowledged). */
    public static final int MISSED_BYTES = 3;
    /** Index of retransmitted packets. */
    public static final int RETRANSMISSIONS = 4;
    /** Index of retransmitted bytes. */
    public static final int RETRANSMITTED_BYTES = 5;
    /** Index of fast retransmissions. */
    public static final int FAST_RETRANSMISSIONS = 6;
    /** Index of out-of-order segments. */
    public static final int OUT_OF_ORDER = 7;
    /** Index of duplicate ACKs. */
    public static final int DUPLICATE_ACKS = 8;
    /** Index of zero-window advertisements. */
    public static final int ZERO_WINDOWS = 9;
    /** Index of lost segments (previous segment not captured). */
    public static final int LOST_SEGMENTS = 10;
    /** Index of the MSS option value, -1 when absent. */
    public static final int MSS = 11;
    /** Index of the window scale shift, -1 when absent. */
    public static final int WINDOW_SCALE = 12;
    /** Index of SACK-permitted (1/0). */
    public static final int SACK_PERMITTED = 13;
    /** Index of timestamps option use (1/0). */
    public static final int TIMESTAMPS = 14;
    /** Number of per-direction values. */
    public static final int COUNTERS = 15;

    /**
     * Copies a connection's final state.
     *
     * @param c the connection, valid only during the tracker's callback
     * @return the copy
     */
    public static FlowSummary of(final TcpConnection c) {
        final StringBuilder sb = new StringBuilder(40);
        c.appendClientAddress(sb);
        final String client = sb.toString();
        sb.setLength(0);
        c.appendServerAddress(sb);
        final String server = sb.toString();
        final long[][] d = new long[2][COUNTERS];
        for (int dir = 0; dir < 2; dir++) {
            final long[] v = d[dir];
            v[PACKETS] = c.packets(dir);
            v[BYTES] = c.payloadBytes(dir);
            v[UNIQUE_BYTES] = c.uniqueBytes(dir);
            v[MISSED_BYTES] = c.missedBytes(dir);
            v[RETRANSMISSIONS] = c.retransmissions(dir);
            v[RETRANSMITTED_BYTES] = c.retransmittedBytes(dir);
            v[FAST_RETRANSMISSIONS] = c.fastRetransmissions(dir);
            v[OUT_OF_ORDER] = c.outOfOrder(dir);
            v[DUPLICATE_ACKS] = c.duplicateAcks(dir);
            v[ZERO_WINDOWS] = c.zeroWindows(dir);
            v[LOST_SEGMENTS] = c.lostSegments(dir);
            v[MSS] = c.mss(dir);
            v[WINDOW_SCALE] = c.windowScale(dir);
            v[SACK_PERMITTED] = c.sackPermitted(dir) ? 1 : 0;
            v[TIMESTAMPS] = c.timestamps(dir) ? 1 : 0;
        }
        return new FlowSummary(c.streamIndex(), c.isClientGuessed(), c.ipVersion(), client, c.clientPort(), server,
            c.serverPort(), c.firstFrame(), c.lastFrame(), c.startNanos(), c.lastNanos(), c.connState(),
            c.history(), endReason(c), d, c.synToSynAckNanos(), c.initialRttNanos(), c.rttMinNanos(),
            c.rttAvgNanos(), c.rttMaxNanos(), c.rttSamples(), c.firstFinBy(), c.firstRstBy(), c.synAckToAckNanos(),
            c.tsRttMinNanos(), c.tsRttAvgNanos(), c.tsRttMaxNanos(), c.tsRttSamples());
    }

    /** A connection still lingering after its FIN exchange or RST has no end reason yet. */
    private static String endReason(final TcpConnection c) {
        if (c.endReason() != null) {
            return c.endReason().label();
        }
        return c.finishedBy() != null ? c.finishedBy().label() : "";
    }

    /**
     * @param direction {@link #C2S} or {@link #S2C}
     * @param counter   one of the counter indices
     * @return the value
     */
    public long value(final int direction, final int counter) {
        return perDirection[direction][counter];
    }
}
