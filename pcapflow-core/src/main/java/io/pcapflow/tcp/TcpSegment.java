package io.pcapflow.tcp;

/**
 * Analysis of one TCP segment, handed to {@link TcpListener#onSegment}. One instance is reused for
 * every segment; read it during the callback only.
 */
public final class TcpSegment {
    int direction;
    long relativeSeq;
    long relativeAck;
    long nextRelativeSeq;
    long windowScaled;
    int windowScaleUsed;
    int analysis;
    int duplicateAckCount;
    long ackRttNanos;
    long initialRttNanos;
    boolean analysisTree;

    /** @return {@link TcpDirection#CLIENT_TO_SERVER} or {@link TcpDirection#SERVER_TO_CLIENT} */
    public int direction() {
        return direction;
    }

    /**
     * Sequence number relative to the sender's ISN (from its SYN) or to one before its first seen
     * sequence number, as Wireshark computes {@code tcp.seq}, but unwrapped to 64 bits: it keeps
     * counting past 2^32 and may be negative for data before the first segment seen.
     *
     * @return the relative sequence number
     */
    public long relativeSeq() {
        return relativeSeq;
    }

    /**
     * Acknowledgment number relative to the peer's ISN, unwrapped like {@link #relativeSeq()}. As in
     * tshark, when the ACK flag is clear the raw (absolute) field value is given instead.
     *
     * @return the relative acknowledgment number
     */
    public long relativeAck() {
        return relativeAck;
    }

    /** @return {@link #relativeSeq()} plus the payload length, plus one for SYN and for FIN */
    public long nextRelativeSeq() {
        return nextRelativeSeq;
    }

    /**
     * The window as tshark's {@code tcp.window_size}: shifted by the sender's window scale when that
     * is known, the raw field otherwise and always on SYN segments.
     *
     * @return the window in bytes
     */
    public long windowScaled() {
        return windowScaled;
    }

    /** @return the shift applied to the window, or -1 when none was applied */
    public int windowScaleUsed() {
        return windowScaleUsed;
    }

    /** @return bitmask of {@link TcpAnalysis} flags */
    public int analysis() {
        return analysis;
    }

    /**
     * Tests one flag.
     *
     * @param flag a {@link TcpAnalysis} flag
     * @return whether it is set
     */
    public boolean is(final int flag) {
        return (analysis & flag) != 0;
    }

    /** @return tshark's {@code tcp.analysis.duplicate_ack_num} when {@link TcpAnalysis#DUPLICATE_ACK}, else 0 */
    public int duplicateAckCount() {
        return duplicateAckCount;
    }

    /** @return tshark's {@code tcp.analysis.ack_rtt} when this segment acknowledges a segment, else -1 */
    public long ackRttNanos() {
        return ackRttNanos;
    }

    /** @return the connection's initial RTT (tshark {@code tcp.analysis.initial_rtt}) once known, else -1 */
    public long initialRttNanos() {
        return initialRttNanos;
    }

    /**
     * Whether tshark would show its SEQ/ACK analysis tree on this packet (flags, an acknowledged
     * segment or bytes in flight); tshark prints {@code tcp.analysis.initial_rtt} only then.
     *
     * @return whether tshark shows analysis fields on this packet
     */
    public boolean hasWiresharkAnalysisTree() {
        return analysisTree;
    }

    void clear() {
        direction = 0;
        relativeSeq = 0;
        relativeAck = 0;
        nextRelativeSeq = 0;
        windowScaled = 0;
        windowScaleUsed = -1;
        analysis = 0;
        duplicateAckCount = 0;
        ackRttNanos = -1;
        initialRttNanos = -1;
        analysisTree = false;
    }
}
