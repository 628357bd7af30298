package io.pcapflow.correlate;

import io.pcapflow.export.FlowSummary;
import io.pcapflow.tcp.TcpConnection;

/**
 * One connection as seen on one leg: identity, the facts the mapper compares (ISN, SYN timestamp,
 * first payload bytes), the packets still waiting for their counterpart, and, once the leg's
 * tracker ends it, its final summary.
 */
public final class LegConnection {
    static final int PREFIX = 64;

    final int leg;
    final long stream;
    final int ipVersion;
    final String client;
    final int clientPort;
    final String server;
    final int serverPort;
    final long serverHi;
    final long serverLo;
    final long firstNanos;
    long lastNanos;
    long isn = -1;
    long serverIsn = -1;
    long synNanos = -1;
    long synAckNanos = -1;
    long synTsVal = -1;
    int synMss = -1;
    /** The client's first payload bytes, gathered in sequence order; see the correlator. */
    byte[] prefix;
    /** Client payload bytes gathered so far into {@link #prefix}. */
    int prefixFill;
    /** The client's prefix is complete (PREFIX bytes, or fewer when the server answered first). */
    boolean prefixDone;
    /** Hash of the complete prefix, its key in the correlator's index. */
    long prefixHash;
    final PendingQueue[] pending = new PendingQueue[2];
    final long[] highestEnd = new long[2];
    ConnectionPair pair;
    boolean closed;
    long closedNanos;
    boolean finalized;
    boolean watched;
    boolean indexed;
    FlowSummary summary;
    long unmapped;
    boolean logged;
    boolean finished;
    long finishedNanos = -1;
    boolean logDeferred;
    String endReason;

    LegConnection(final int leg, final TcpConnection c, final long nanos, final long serverHi, final long serverLo) {
        this.leg = leg;
        this.stream = c.streamIndex();
        this.ipVersion = c.ipVersion();
        final StringBuilder sb = new StringBuilder(40);
        this.client = c.appendClientAddress(sb).toString();
        sb.setLength(0);
        this.server = c.appendServerAddress(sb).toString();
        this.clientPort = c.clientPort();
        this.serverPort = c.serverPort();
        this.serverHi = serverHi;
        this.serverLo = serverLo;
        this.firstNanos = nanos;
        this.lastNanos = nanos;
    }

    PendingQueue pending(final int direction) {
        PendingQueue q = pending[direction];
        if (q == null) {
            q = new PendingQueue();
            pending[direction] = q;
        }
        return q;
    }

    boolean hasPending() {
        return (pending[0] != null && pending[0].size() > 0) || (pending[1] != null && pending[1].size() > 0);
    }

    boolean sameServer(final LegConnection o) {
        return ipVersion == o.ipVersion && serverHi == o.serverHi && serverLo == o.serverLo
            && serverPort == o.serverPort;
    }

    /** @return {@link Leg#INSIDE} or {@link Leg#OUTSIDE} */
    public int leg() {
        return leg;
    }

    /** @return stream index within its leg (what {@code flows} on that leg alone would number it) */
    public long stream() {
        return stream;
    }

    /** @return client address text */
    public String client() {
        return client;
    }

    /** @return client port */
    public int clientPort() {
        return clientPort;
    }

    /** @return server address text */
    public String server() {
        return server;
    }

    /** @return server port */
    public int serverPort() {
        return serverPort;
    }

    /** @return time of the first packet on the inside clock */
    public long firstNanos() {
        return firstNanos;
    }

    /** @return time of the last packet on the inside clock */
    public long lastNanos() {
        return lastNanos;
    }

    /** @return the client's initial sequence number, -1 when no SYN was seen */
    public long isn() {
        return isn;
    }

    /** @return the pair this connection belongs to, or null when not mapped */
    public ConnectionPair pair() {
        return pair;
    }

    /** @return the leg tracker's final view, null until the connection ended */
    public FlowSummary summary() {
        return summary;
    }

    /**
     * @return how it ended as the seed tracker logs it: fin, rst, expired (key reused by a new SYN),
     *     idle, evicted, end_of_capture; null while open
     */
    public String endReason() {
        return endReason;
    }

    /** @return packets that never found a counterpart because the connection was never mapped */
    public long unmappedPackets() {
        return unmapped;
    }
}
