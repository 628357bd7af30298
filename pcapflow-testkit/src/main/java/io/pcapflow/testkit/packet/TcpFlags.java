package io.pcapflow.testkit.packet;

/** TCP flag bits as a 9-bit value (bit 8 = NS/AE, in the low bit of header byte 12). */
public final class TcpFlags {
    /** FIN. */
    public static final int FIN = 0x01;
    /** SYN. */
    public static final int SYN = 0x02;
    /** RST. */
    public static final int RST = 0x04;
    /** PSH. */
    public static final int PSH = 0x08;
    /** ACK. */
    public static final int ACK = 0x10;
    /** URG. */
    public static final int URG = 0x20;
    /** ECE. */
    public static final int ECE = 0x40;
    /** CWR. */
    public static final int CWR = 0x80;
    /** NS (RFC 3540), now AE (accurate ECN). */
    public static final int NS = 0x100;
    /** Alias of {@link #NS}. */
    public static final int AE = NS;

    private TcpFlags() {
    }
}
