package io.pcapflow.correlate;

/** The two sides of a middlebox. */
public final class Leg {
    /** The client side (where connections start). */
    public static final int INSIDE = 0;
    /** The server side (after translation). */
    public static final int OUTSIDE = 1;

    private Leg() {
    }

    /**
     * @param leg {@link #INSIDE} or {@link #OUTSIDE}
     * @return "inside" or "outside"
     */
    public static String label(final int leg) {
        return leg == INSIDE ? "inside" : "outside";
    }

    /**
     * Whether a packet on this leg in this direction is entering the box (as opposed to leaving it):
     * client-to-server packets enter on the inside, server-to-client packets on the outside.
     *
     * @param leg       the leg
     * @param direction {@link io.pcapflow.tcp.TcpDirection} value
     * @return true for a packet the box receives
     */
    public static boolean isIngress(final int leg, final int direction) {
        return (leg == INSIDE) == (direction == 0);
    }
}
