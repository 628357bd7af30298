package io.pcapflow.tcp;

/**
 * Analysis flags of one segment, as a bitmask. The Wireshark-compatible flags follow tshark 4.0's
 * {@code tcp.analysis.*} definitions exactly (see {@code docs/TCP-ANALYSIS.md}); their
 * {@link #name} is the tshark field name without the {@code tcp.analysis.} prefix. Like tshark's
 * {@code tcp.analysis.retransmission} field, {@link #RETRANSMISSION} is also set on fast and
 * spurious retransmissions. Our own improvements ({@link #DUPLICATE_CAPTURE},
 * {@link #SACK_REORDER}) are separate flags and never change the Wireshark-compatible ones.
 */
public final class TcpAnalysis {
    /** Any retransmission (tshark {@code retransmission}; also set with fast and spurious). */
    public static final int RETRANSMISSION = 1;
    /** Retransmission within 20 ms of the second duplicate ACK for this seq. */
    public static final int FAST_RETRANSMISSION = 1 << 1;
    /** Retransmission of data the receiver had already acknowledged. */
    public static final int SPURIOUS_RETRANSMISSION = 1 << 2;
    /** Fills a hole within the out-of-order threshold (the initial RTT, or 3 ms). */
    public static final int OUT_OF_ORDER = 1 << 3;
    /** Starts beyond the next expected seq: the previous segment was not captured. */
    public static final int LOST_SEGMENT = 1 << 4;
    /** Acknowledges data not seen in the capture (tshark {@code ack_lost_segment}). */
    public static final int ACKED_UNSEEN_SEGMENT = 1 << 5;
    /** Same seq, ack and window as the previous segment, no data. */
    public static final int DUPLICATE_ACK = 1 << 6;
    /** Advertises a zero receive window. */
    public static final int ZERO_WINDOW = 1 << 7;
    /** One byte at the next seq while the peer's window is zero. */
    public static final int ZERO_WINDOW_PROBE = 1 << 8;
    /** Reply to a zero-window probe. */
    public static final int ZERO_WINDOW_PROBE_ACK = 1 << 9;
    /** Data up to the right edge of the peer's advertised window. */
    public static final int WINDOW_FULL = 1 << 10;
    /** No data, same seq and ack, new window. */
    public static final int WINDOW_UPDATE = 1 << 11;
    /** Zero or one byte at next seq minus one. */
    public static final int KEEP_ALIVE = 1 << 12;
    /** Reply to a keep-alive. */
    public static final int KEEP_ALIVE_ACK = 1 << 13;
    /** SYN (a new connection starts) or SYN/ACK (same stream) with a new ISN on a 4-tuple already used. */
    public static final int REUSED_PORTS = 1 << 14;
    /** Ours: the same packet captured twice (same IP id, seq, ack, length, flags, window). */
    public static final int DUPLICATE_CAPTURE = 1 << 15;
    /** Ours: fills a hole with data never captured before, with no SACK evidence of loss. */
    public static final int SACK_REORDER = 1 << 16;

    /** Mask of the flags with a tshark {@code tcp.analysis.*} counterpart. */
    public static final int WIRESHARK_FLAGS = (1 << 15) - 1;
    /** Number of flags defined. */
    public static final int COUNT = 17;

    private static final String[] NAMES = {
        "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "lost_segment",
        "ack_lost_segment", "duplicate_ack", "zero_window", "zero_window_probe", "zero_window_probe_ack",
        "window_full", "window_update", "keep_alive", "keep_alive_ack", "reused_ports", "duplicate_capture",
        "sack_reorder",
    };

    private TcpAnalysis() {
    }

    /**
     * Name of one flag.
     *
     * @param singleFlag exactly one flag bit
     * @return the tshark field name without prefix (ours for our own flags)
     * @throws IllegalArgumentException when not exactly one known flag
     */
    public static String name(final int singleFlag) {
        if (Integer.bitCount(singleFlag) != 1 || Integer.numberOfTrailingZeros(singleFlag) >= COUNT) {
            throw new IllegalArgumentException("not a single analysis flag: " + singleFlag);
        }
        return NAMES[Integer.numberOfTrailingZeros(singleFlag)];
    }

    /**
     * Appends the names of the flags in a mask, in bit order, separated.
     *
     * @param sb        destination
     * @param mask      flags
     * @param separator put between names
     */
    public static void appendNames(final StringBuilder sb, final int mask, final char separator) {
        boolean first = true;
        for (int bit = 0; bit < COUNT; bit++) {
            if ((mask & (1 << bit)) != 0) {
                if (!first) {
                    sb.append(separator);
                }
                sb.append(NAMES[bit]);
                first = false;
            }
        }
    }
}
