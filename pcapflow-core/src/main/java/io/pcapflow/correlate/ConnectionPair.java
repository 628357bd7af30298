package io.pcapflow.correlate;

/**
 * An inside connection and the outside connection it became, with what correlating their packets
 * showed, per direction ({@link io.pcapflow.tcp.TcpDirection}): packets matched, dropped by the
 * box, injected by it, changed in transit, and the transit times.
 */
public final class ConnectionPair {
    /** Bit of {@link #changes()}: IPv4 identification differs. */
    public static final int CHANGED_IP_ID = 1;
    /** TTL/hop limit went down by other than 1. */
    public static final int CHANGED_TTL = 1 << 1;
    /** Window field differs. */
    public static final int CHANGED_WINDOW = 1 << 2;
    /** MSS option differs. */
    public static final int CHANGED_MSS = 1 << 3;
    /** TCP flags (e.g. ECN bits) differ. */
    public static final int CHANGED_FLAGS = 1 << 4;
    /** TCP timestamp value differs. */
    public static final int CHANGED_TSVAL = 1 << 5;

    final long index;
    final LegConnection inside;
    final LegConnection outside;
    final MatchKind kind;
    final Confidence confidence;
    final String evidence;
    final long[] matched = new long[2];
    final long[] dropped = new long[2];
    final long[] injected = new long[2];
    final long[] terminated = new long[2];
    final long[] resegmented = new long[2];
    final long[] changed = new long[2];
    final long[] lossAfterBox = new long[2];
    final long[] forwardedEnd = new long[2];
    int changes;
    final TransitHistogram transit = new TransitHistogram();

    ConnectionPair(final long index, final LegConnection inside, final LegConnection outside, final MatchKind kind,
                   final Confidence confidence, final String evidence) {
        this.index = index;
        this.inside = inside;
        this.outside = outside;
        this.kind = kind;
        this.confidence = confidence;
        this.evidence = evidence;
    }

    LegConnection other(final LegConnection c) {
        return c == inside ? outside : inside;
    }

    /** @return order in which the pair was mapped, from 0 */
    public long index() {
        return index;
    }

    /** @return the client-side connection */
    public LegConnection inside() {
        return inside;
    }

    /** @return the server-side connection */
    public LegConnection outside() {
        return outside;
    }

    /** @return how the box handles it */
    public MatchKind kind() {
        return kind;
    }

    /** @return how sure the mapping is */
    public Confidence confidence() {
        return confidence;
    }

    /** @return what the mapping rests on, for people */
    public String evidence() {
        return evidence;
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return packets seen on both legs
     */
    public long matched(final int direction) {
        return matched[direction];
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return packets that entered the box and never left it
     */
    public long dropped(final int direction) {
        return dropped[direction];
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return packets that left the box without having entered it (a proxy's own ACKs)
     */
    public long injected(final int direction) {
        return injected[direction];
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return packets a terminating proxy absorbed (its peer's handshake and ACKs)
     */
    public long terminated(final int direction) {
        return terminated[direction];
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return data packets whose bytes crossed the box in differently cut segments
     */
    public long resegmented(final int direction) {
        return resegmented[direction];
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return matched packets with a header field changed beyond the translation
     */
    public long changed(final int direction) {
        return changed[direction];
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return retransmissions entering the box of data it had already forwarded (lost after it)
     */
    public long lossAfterBox(final int direction) {
        return lossAfterBox[direction];
    }

    /** @return union of the {@code CHANGED_*} bits seen */
    public int changes() {
        return changes;
    }

    /** @return transit times of matched packets, both directions */
    public TransitHistogram transit() {
        return transit;
    }

    /**
     * @param direction 0 client-to-server, 1 server-to-client
     * @return outside sequence number minus inside one for that direction's sender (mod 2^32), 0 for
     *     plain NAT, -1 when unknown
     */
    public long seqOffset(final int direction) {
        final long in = direction == 0 ? inside.isn : inside.serverIsn;
        final long out = direction == 0 ? outside.isn : outside.serverIsn;
        return in < 0 || out < 0 ? -1 : (out - in) & 0xFFFF_FFFFL;
    }
}
