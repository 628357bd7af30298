package io.pcapflow.tcp;

/** Direction of a segment within its connection, as used by every per-direction accessor. */
public final class TcpDirection {
    /** Sent by the client (the SYN sender, or the guessed client). */
    public static final int CLIENT_TO_SERVER = 0;
    /** Sent by the server. */
    public static final int SERVER_TO_CLIENT = 1;
    /** Marks "no direction" in accessors such as {@link TcpConnection#firstFinBy()}. */
    public static final int NONE = -1;

    private TcpDirection() {
    }

    /**
     * Short label for a direction.
     *
     * @param direction a direction constant
     * @return {@code "client"}, {@code "server"} or {@code "-"}
     */
    public static String label(final int direction) {
        if (direction == CLIENT_TO_SERVER) {
            return "client";
        }
        return direction == SERVER_TO_CLIENT ? "server" : "-";
    }
}
