package io.pcapflow.capture;

/**
 * Packet direction relative to the capturing interface, where the format records it (pcapng
 * {@code epb_flags} bits 0-1, Linux SLL/SLL2 packet type). Plain {@code int} constants so the
 * per-packet path does not touch objects.
 */
public final class Direction {
    /** The capture does not say. */
    public static final int UNKNOWN = 0;
    /** Received by the capturing host ({@code In}; SLL types host, broadcast, multicast, other host). */
    public static final int INBOUND = 1;
    /** Sent by the capturing host ({@code Out}; SLL type outgoing). */
    public static final int OUTBOUND = 2;

    private Direction() {
    }

    /**
     * @param direction one of the constants
     * @return {@code "in"}, {@code "out"} or {@code ""}
     */
    public static String name(final int direction) {
        switch (direction) {
            case INBOUND:
                return "in";
            case OUTBOUND:
                return "out";
            default:
                return "";
        }
    }
}
