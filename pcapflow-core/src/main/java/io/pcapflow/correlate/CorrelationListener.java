package io.pcapflow.correlate;

/** Receives the correlator's results; every method has an empty default. */
public interface CorrelationListener {
    /**
     * A packet (or matched pair of packets) is resolved. Called when its counterpart arrives or
     * when the wait for one ends, so not in strict time order.
     *
     * @param resolution reused, valid only during the call
     */
    default void onResolved(Resolution resolution) {
    }

    /**
     * A connection ended: its FIN exchange completed, it was reset, a new SYN reused its key, it
     * was idle too long, evicted, or the input ended. Its {@link LegConnection#summary()} and
     * {@link LegConnection#endReason()} are set. For the inside leg this is the moment the seed NAT
     * tracker logs the connection.
     *
     * @param connection the connection
     */
    default void onConnectionEnd(LegConnection connection) {
    }

    /**
     * A pair is complete: both connections ended and every packet is resolved.
     *
     * @param pair the pair
     */
    default void onPairDone(ConnectionPair pair) {
    }

    /**
     * A connection ended without ever being mapped to the other leg.
     *
     * @param connection the connection
     */
    default void onUnmatched(LegConnection connection) {
    }
}
