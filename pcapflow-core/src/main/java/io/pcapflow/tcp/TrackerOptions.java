package io.pcapflow.tcp;

/**
 * Tracker settings, chained setters over defaults that reproduce Wireshark's {@code tcp.stream}
 * numbering: VLAN ids ignored, a generous idle timeout.
 */
public final class TrackerOptions {
    /** Default idle timeout: one hour of packet time. */
    public static final long DEFAULT_IDLE_TIMEOUT_NANOS = 3_600_000_000_000L;
    /** Default time a closed (FIN or RST) connection keeps absorbing late packets: two minutes. */
    public static final long DEFAULT_CLOSED_LINGER_NANOS = 120_000_000_000L;
    /** Default limit of connections held at once. */
    public static final int DEFAULT_MAX_OPEN_CONNECTIONS = 1 << 20;

    /**
     * Default limit of closed connections kept whole while they linger; beyond it the oldest is
     * reported and only a tombstone of it is kept. 4 096 whole connections (about 5 MB) stay warm
     * in the caches; with 32 768 (the earlier default) each new connection reused a cold one and
     * {@code flows} took ~30 % longer on a capture with 2 800 closes per second, whose output is the
     * same either way (all its late packets come within 4 096 closes).
     */
    public static final int DEFAULT_MAX_LINGERING_CONNECTIONS = 1 << 12;

    private long idleTimeoutNanos = DEFAULT_IDLE_TIMEOUT_NANOS;
    private int maxLingeringConnections = DEFAULT_MAX_LINGERING_CONNECTIONS;
    private long closedLingerNanos = DEFAULT_CLOSED_LINGER_NANOS;
    private int maxOpenConnections = DEFAULT_MAX_OPEN_CONNECTIONS;
    private boolean vlanAware;

    /** @return new options with the defaults */
    public static TrackerOptions defaults() {
        return new TrackerOptions();
    }

    /**
     * Sets the idle timeout: a connection without packets for longer ends with
     * {@link EndReason#IDLE}. Zero or negative disables it.
     *
     * @param nanos timeout in nanoseconds of packet time
     * @return this
     */
    public TrackerOptions idleTimeoutNanos(final long nanos) {
        this.idleTimeoutNanos = nanos;
        return this;
    }

    /** @return the idle timeout in nanoseconds, 0 or less when disabled */
    public long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    /**
     * Sets how long a connection that ended with FIN or RST keeps its slot, so that late packets
     * (the last ACK, a retransmitted FIN) still belong to it. It is reported when this runs out, when
     * a new connection reuses the key, or at the end of the input.
     *
     * @param nanos linger time in nanoseconds of packet time; 0 reports at the closing packet
     * @return this
     */
    public TrackerOptions closedLingerNanos(final long nanos) {
        this.closedLingerNanos = nanos;
        return this;
    }

    /** @return the closed-connection linger time in nanoseconds */
    public long closedLingerNanos() {
        return closedLingerNanos;
    }

    /**
     * Sets the most connections held at once; when a new one would exceed it, the least recently
     * active one is evicted (counted in {@link TcpTracker#evictions()}).
     *
     * @param max at least 1
     * @return this
     */
    public TrackerOptions maxOpenConnections(final int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxOpenConnections must be at least 1: " + max);
        }
        this.maxOpenConnections = max;
        return this;
    }

    /** @return the most connections held at once */
    public int maxOpenConnections() {
        return maxOpenConnections;
    }

    /**
     * Sets the most closed connections kept whole while they linger. When one more closes, the one
     * closed connection that has been quiet longest is reported at once, and only a tombstone of it
     * (key, stream index, sequence bases, window scales, initial RTT and a few Wireshark analysis
     * values) stays until its linger time runs out. A late packet that finds the tombstone keeps the
     * stream index and relative numbers it would have had; it is passed to
     * {@link TcpListener#onSegment} but, since the row is already out, counted only in
     * {@link TcpTracker#latePackets()}. This bounds memory on captures with many connections.
     *
     * @param max at least 0 (0 reports every closed connection at once, keeping only tombstones)
     * @return this
     */
    public TrackerOptions maxLingeringConnections(final int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxLingeringConnections must not be negative: " + max);
        }
        this.maxLingeringConnections = max;
        return this;
    }

    /** @return the most closed connections kept whole while they linger */
    public int maxLingeringConnections() {
        return maxLingeringConnections;
    }

    /**
     * Makes the outer VLAN id part of the connection key, so that the two legs of a connection
     * captured on two VLANs stay apart. Off by default, like Wireshark's {@code tcp.stream}.
     *
     * @param aware whether VLAN ids separate connections
     * @return this
     */
    public TrackerOptions vlanAware(final boolean aware) {
        this.vlanAware = aware;
        return this;
    }

    /** @return whether VLAN ids separate connections */
    public boolean vlanAware() {
        return vlanAware;
    }
}
