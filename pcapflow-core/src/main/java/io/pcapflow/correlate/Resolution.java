package io.pcapflow.correlate;

/**
 * The outcome for one packet, or for one packet and its counterpart: reused for every event, valid
 * only during {@link CorrelationListener#onResolved}.
 */
public final class Resolution {
    Verdict verdict;
    ConnectionPair pair;
    LegConnection connection;
    final SegmentInfo inside = new SegmentInfo();
    final SegmentInfo outside = new SegmentInfo();
    boolean hasInside;
    boolean hasOutside;
    long transitNanos;
    int changes;

    /** @return what happened */
    public Verdict verdict() {
        return verdict;
    }

    /** @return the pair, null when the connection is not mapped */
    public ConnectionPair pair() {
        return pair;
    }

    /** @return the leg connection of the packet (the inside one for matched packets) */
    public LegConnection connection() {
        return connection;
    }

    /** @return the inside packet, or null */
    public SegmentInfo inside() {
        return hasInside ? inside : null;
    }

    /** @return the outside packet, or null */
    public SegmentInfo outside() {
        return hasOutside ? outside : null;
    }

    /** @return egress time minus ingress time for matched packets, else -1 */
    public long transitNanos() {
        return transitNanos;
    }

    /** @return {@code ConnectionPair.CHANGED_*} bits of this match */
    public int changes() {
        return changes;
    }

    /** @return the earliest time of the packet(s), for ordering */
    public long nanos() {
        if (hasInside && hasOutside) {
            return Math.min(inside.nanos, outside.nanos);
        }
        return hasInside ? inside.nanos : outside.nanos;
    }
}
