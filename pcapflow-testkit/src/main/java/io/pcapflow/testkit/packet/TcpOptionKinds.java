package io.pcapflow.testkit.packet;

/** TCP option kinds (IANA) used by the kit. */
public final class TcpOptionKinds {
    /** End of option list. */
    public static final int EOL = 0;
    /** No-operation. */
    public static final int NOP = 1;
    /** Maximum segment size. */
    public static final int MSS = 2;
    /** Window scale. */
    public static final int WINDOW_SCALE = 3;
    /** SACK permitted. */
    public static final int SACK_PERMITTED = 4;
    /** SACK blocks. */
    public static final int SACK = 5;
    /** Timestamps. */
    public static final int TIMESTAMPS = 8;

    private TcpOptionKinds() {
    }
}
