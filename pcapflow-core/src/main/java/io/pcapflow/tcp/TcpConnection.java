package io.pcapflow.tcp;

import io.pcapflow.decode.IpAddresses;

/**
 * One TCP connection: addresses, roles, timing, per-direction counters and negotiated options,
 * Zeek-style state, RTTs. Read-only for users; pooled by the tracker, so read it during a
 * {@link TcpListener} callback (or copy what you need) and do not keep the reference.
 *
 * <p>Per-direction accessors take {@link TcpDirection#CLIENT_TO_SERVER} or
 * {@link TcpDirection#SERVER_TO_CLIENT}.
 */
public final class TcpConnection {
    // two fields, not an array: one object less between a connection and its state
    final TcpEndpoint c2s = new TcpEndpoint();
    final TcpEndpoint s2c = new TcpEndpoint();
    final StringBuilder history = new StringBuilder(16);
    final int slot;

    long streamIndex;
    boolean clientGuessed;
    boolean clientIsA;
    int ipVersion;
    int vlanKey;
    long clientHi;
    long clientLo;
    long serverHi;
    long serverLo;
    int clientPort;
    int serverPort;
    long firstFrame;
    long lastFrame;
    long startNanos;
    long lastNanos;
    EndReason endReason;
    EndReason finishedBy;
    int firstFinBy;
    int firstRstBy;

    long mruSynNanos;
    long synNanos;
    long synAckNanos;
    long synToSynAckNanos;
    long synAckToAckNanos;
    long initialRttNanos;
    long rttSamples;
    long rttSumNanos;
    long rttMinNanos;
    long rttMaxNanos;
    long tsRttSamples;
    long tsRttSumNanos;
    long tsRttMinNanos;
    long tsRttMaxNanos;

    boolean closing;
    /** Made for late packets of a connection already reported: tracked, never reported again. */
    boolean revived;

    /** A listener's own state for this connection; see {@link #attachment()}. */
    private Object attachment;

    TcpConnection(final int slot) {
        this.slot = slot;
    }

    /**
     * @return what a listener attached to this connection (null until it does; cleared when the
     *     pooled object starts another connection), so it finds its state without a map lookup
     */
    public Object attachment() {
        return attachment;
    }

    /**
     * @param value the listener's state for this connection
     */
    public void attach(final Object value) {
        this.attachment = value;
    }

    /**
     * @return whether this connection was made for late packets of one already reported (its
     *     lingering ended early, see {@link TrackerOptions#maxLingeringConnections(int)}): it keeps
     *     the old stream and numbers, and is never reported itself
     */
    public boolean isRevived() {
        return revived;
    }

    /** @return the state of direction {@code d}'s sender */
    TcpEndpoint endpoint(final int d) {
        return d == TcpDirection.CLIENT_TO_SERVER ? c2s : s2c;
    }

    void reset() {
        attachment = null;
        c2s.reset();
        s2c.reset();
        history.setLength(0);
        clientGuessed = false;
        endReason = null;
        finishedBy = null;
        firstFinBy = TcpDirection.NONE;
        firstRstBy = TcpDirection.NONE;
        mruSynNanos = Long.MIN_VALUE;
        synNanos = Long.MIN_VALUE;
        synAckNanos = Long.MIN_VALUE;
        synToSynAckNanos = -1;
        synAckToAckNanos = -1;
        initialRttNanos = -1;
        rttSamples = 0;
        rttSumNanos = 0;
        rttMinNanos = -1;
        rttMaxNanos = -1;
        tsRttSamples = 0;
        tsRttSumNanos = 0;
        tsRttMinNanos = -1;
        tsRttMaxNanos = -1;
        closing = false;
        revived = false;
    }

    void addRtt(final long nanos) {
        if (nanos < 0) {
            return;
        }
        rttSamples++;
        rttSumNanos += nanos;
        rttMinNanos = rttMinNanos < 0 ? nanos : Math.min(rttMinNanos, nanos);
        rttMaxNanos = Math.max(rttMaxNanos, nanos);
    }

    void addTsRtt(final long nanos) {
        if (nanos < 0) {
            return;
        }
        tsRttSamples++;
        tsRttSumNanos += nanos;
        tsRttMinNanos = tsRttMinNanos < 0 ? nanos : Math.min(tsRttMinNanos, nanos);
        tsRttMaxNanos = Math.max(tsRttMaxNanos, nanos);
    }

    /** @return the stream index, equal to Wireshark's {@code tcp.stream} with default settings */
    public long streamIndex() {
        return streamIndex;
    }

    /** @return whether client and server were guessed (no SYN from the client seen first) */
    public boolean isClientGuessed() {
        return clientGuessed;
    }

    /** @return 4 or 6 */
    public int ipVersion() {
        return ipVersion;
    }

    /**
     * Appends the client address in text form.
     *
     * @param sb destination
     * @return {@code sb}
     */
    public StringBuilder appendClientAddress(final StringBuilder sb) {
        return appendAddress(sb, clientHi, clientLo);
    }

    /**
     * Appends the server address in text form.
     *
     * @param sb destination
     * @return {@code sb}
     */
    public StringBuilder appendServerAddress(final StringBuilder sb) {
        return appendAddress(sb, serverHi, serverLo);
    }

    private StringBuilder appendAddress(final StringBuilder sb, final long hi, final long lo) {
        return ipVersion == 6 ? IpAddresses.appendIpv6(sb, hi, lo) : IpAddresses.appendIpv4(sb, (int) lo);
    }

    /** @return the client's port */
    public int clientPort() {
        return clientPort;
    }

    /** @return the server's port */
    public int serverPort() {
        return serverPort;
    }

    /** @return ordinal (frame number) of the first packet */
    public long firstFrame() {
        return firstFrame;
    }

    /** @return ordinal of the last packet so far */
    public long lastFrame() {
        return lastFrame;
    }

    /** @return time of the first packet, epoch nanoseconds */
    public long startNanos() {
        return startNanos;
    }

    /** @return time of the last packet so far, epoch nanoseconds */
    public long lastNanos() {
        return lastNanos;
    }

    /** @return Zeek's {@code conn_state}: S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0 RSTRH SH SHR OTH */
    public String connState() {
        final String h = history();
        return ZeekState.connState(c2s.zeekState, s2c.zeekState, c2s.payloadBytes,
            s2c.payloadBytes, h);
    }

    /** @return Zeek's {@code history} letters, upper case for the client, lower case for the server */
    public String history() {
        return history.toString();
    }

    /** @return why the connection ended, or {@code null} while it is open */
    public EndReason endReason() {
        return endReason;
    }

    /**
     * @return {@link EndReason#FIN} once both sides' FINs are acknowledged or {@link EndReason#RST}
     *     after a reset, while the connection may still linger to absorb late packets; null while
     *     it is open
     */
    public EndReason finishedBy() {
        return finishedBy;
    }

    /**
     * @param d direction
     * @return packets sent in that direction
     */
    public long packets(final int d) {
        return endpoint(d).packets;
    }

    /**
     * @param d direction
     * @return TCP payload bytes sent, retransmissions included
     */
    public long payloadBytes(final int d) {
        return endpoint(d).payloadBytes;
    }

    /**
     * @param d direction
     * @return payload bytes that advanced the highest sequence number (each byte once)
     */
    public long uniqueBytes(final int d) {
        return endpoint(d).uniqueBytes;
    }

    /**
     * @param d direction
     * @return bytes of sequence space skipped over (never captured) before the highest seq seen
     */
    public long missedBytes(final int d) {
        return endpoint(d).missedBytes;
    }

    /**
     * @param d direction
     * @return retransmitted segments (any kind), duplicate captures excluded
     */
    public long retransmissions(final int d) {
        return endpoint(d).retransmissions;
    }

    /**
     * @param d direction
     * @return payload bytes of {@link #retransmissions}
     */
    public long retransmittedBytes(final int d) {
        return endpoint(d).retransmittedBytes;
    }

    /**
     * @param d direction
     * @return fast retransmissions
     */
    public long fastRetransmissions(final int d) {
        return endpoint(d).fastRetransmissions;
    }

    /**
     * @param d direction
     * @return out-of-order segments
     */
    public long outOfOrder(final int d) {
        return endpoint(d).outOfOrder;
    }

    /**
     * @param d direction
     * @return duplicate ACKs sent
     */
    public long duplicateAcks(final int d) {
        return endpoint(d).duplicateAcks;
    }

    /**
     * @param d direction
     * @return zero-window advertisements sent
     */
    public long zeroWindows(final int d) {
        return endpoint(d).zeroWindows;
    }

    /**
     * @param d direction
     * @return segments flagged as following an uncaptured one
     */
    public long lostSegments(final int d) {
        return endpoint(d).lostSegments;
    }

    /**
     * @param d direction
     * @return MSS option sent in that direction's SYN, or -1
     */
    public int mss(final int d) {
        return endpoint(d).mss;
    }

    /**
     * @param d direction
     * @return window scale shift announced in that direction's SYN (clamped to 14), or -1
     */
    public int windowScale(final int d) {
        return endpoint(d).rawWindowScale;
    }

    /**
     * @param d direction
     * @return whether that direction's SYN offered SACK
     */
    public boolean sackPermitted(final int d) {
        return endpoint(d).sackPermitted;
    }

    /**
     * @param d direction
     * @return whether that direction's SYN carried TCP timestamps
     */
    public boolean timestamps(final int d) {
        return endpoint(d).timestamps;
    }

    /** @return time from the last SYN before the first SYN/ACK to that SYN/ACK, or -1 */
    public long synToSynAckNanos() {
        return synToSynAckNanos;
    }

    /** @return time from the first SYN/ACK to the client's first ACK after it, or -1 */
    public long synAckToAckNanos() {
        return synAckToAckNanos;
    }

    /** @return tshark's {@code tcp.analysis.initial_rtt}: last SYN to first ACK, or -1 */
    public long initialRttNanos() {
        return initialRttNanos;
    }

    /** @return smallest data-to-ACK RTT sample (Karn's rule), or -1 */
    public long rttMinNanos() {
        return rttMinNanos;
    }

    /** @return mean data-to-ACK RTT, or -1 */
    public long rttAvgNanos() {
        return rttSamples == 0 ? -1 : rttSumNanos / rttSamples;
    }

    /** @return largest data-to-ACK RTT sample, or -1 */
    public long rttMaxNanos() {
        return rttMaxNanos;
    }

    /** @return number of data-to-ACK RTT samples */
    public long rttSamples() {
        return rttSamples;
    }

    /** @return smallest RTT sample from TCP timestamps (TSval sent to its first echo), or -1 */
    public long tsRttMinNanos() {
        return tsRttMinNanos;
    }

    /** @return mean RTT from TCP timestamps, or -1 */
    public long tsRttAvgNanos() {
        return tsRttSamples == 0 ? -1 : tsRttSumNanos / tsRttSamples;
    }

    /** @return largest RTT sample from TCP timestamps, or -1 */
    public long tsRttMaxNanos() {
        return tsRttMaxNanos;
    }

    /** @return number of RTT samples from TCP timestamps */
    public long tsRttSamples() {
        return tsRttSamples;
    }

    /** @return direction of the first FIN's sender, or {@link TcpDirection#NONE} */
    public int firstFinBy() {
        return firstFinBy;
    }

    /** @return direction of the first RST's sender, or {@link TcpDirection#NONE} */
    public int firstRstBy() {
        return firstRstBy;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("TcpConnection[").append(streamIndex).append(' ');
        appendClientAddress(sb).append(':').append(clientPort).append(" -> ");
        appendServerAddress(sb).append(':').append(serverPort).append(']');
        return sb.toString();
    }
}
