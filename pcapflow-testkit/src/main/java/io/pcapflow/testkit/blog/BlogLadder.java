package io.pcapflow.testkit.blog;

import io.pcapflow.testkit.packet.TcpFlags;
import java.util.List;

/**
 * The 19 ladder lines the blog prints after its Step 7 (ordinals 2585…2594 and 22574…22582), as the
 * blog printed them, plus the sub-microsecond part this fixture chose for each relative time.
 *
 * <p>The blog prints {@code (ts - first) / 1e9} with Python's {@code {:>10.6f}}, i.e. rounded to the
 * nearest microsecond. The fixture's relative times are {@code micros * 1000 + f} with
 * {@code 0 <= f < 500} ns, so that rounding to the nearest microsecond and truncating to the
 * microsecond both print the blog's digits, except for #22582: its absolute time is fixed by the
 * blog's Step 5 output (2018-09-26 21:22:04.324012912 IST = 15:52:04.324012912 UTC), which makes its
 * relative time 61.440294788 s; only rounding to the nearest microsecond prints the blog's 61.440295.
 */
public final class BlogLadder {
    /** Relative time of #22582 in ns, forced by the blog's absolute last-packet timestamp. */
    static final long LAST_RELATIVE_NANOS = 61_440_294_788L;

    private static final List<Line> LINES = List.of(
        client(2585, 0L, "S", 0, 0, 0, 3_737_600),
        server(2586, 307_193L, "SA", 0, 1, 0, 1_853_440),
        client(2587, 307_242L, "A", 1, 1, 0, 29_312),
        client(2588, 307_359L, "PA", 1, 1, 174, 29_312),
        server(2589, 620_760L, "A", 1, 175, 0, 15_616),
        server(2590, 620_798L, "A", 1, 175, 2880, 15_616),
        client(2591, 620_823L, "A", 175, 2881, 0, 35_072),
        server(2592, 620_843L, "A", 2881, 175, 1440, 15_616),
        client(2593, 620_849L, "A", 175, 4321, 0, 37_888),
        server(2594, 620_870L, "A", 4321, 175, 5760, 15_616),
        client(22_574, 61_145_550L, "A", 175, 52_302_241, 0, 1_573_504),
        server(22_575, 61_145_725L, "A", 52_302_241, 175, 11_520, 15_616),
        client(22_576, 61_145_739L, "A", 175, 52_313_761, 0, 1_573_504),
        server(22_577, 61_145_751L, "A", 52_313_761, 175, 1440, 15_616),
        server(22_578, 61_147_645L, "PA", 52_315_201, 175, 13_483, 15_616),
        client(22_579, 61_147_676L, "A", 175, 52_328_684, 0, 1_573_504),
        client(22_580, 61_148_632L, "FA", 175, 52_328_684, 0, 1_573_504),
        server(22_581, 61_440_260L, "FA", 52_328_684, 176, 0, 15_616),
        client(22_582, 61_440_295L, "A", 176, 52_328_685, 0, 1_573_504));

    private BlogLadder() {
    }

    /**
     * Returns the blog's ladder lines in capture order.
     *
     * @return the 19 lines
     */
    public static List<Line> lines() {
        return LINES;
    }

    private static Line client(int ordinal, long micros, String flags, long seq, long ack, int len, long win) {
        return new Line(ordinal, true, micros, flags, seq, ack, len, win);
    }

    private static Line server(int ordinal, long micros, String flags, long seq, long ack, int len, long win) {
        return new Line(ordinal, false, micros, flags, seq, ack, len, win);
    }

    /**
     * Sub-microsecond part chosen for a line: 0 for the SYN, 1…499 ns otherwise (see the class comment).
     *
     * @param ordinal packet ordinal
     * @return nanoseconds added to the printed microseconds
     */
    static long subMicroNanos(int ordinal) {
        return ordinal == BlogCapture.FIRST_ORDINAL ? 0 : 1 + ordinal * 7919L % 499;
    }

    /**
     * One line of the blog's ladder.
     *
     * @param ordinal packet number in the capture, from 1
     * @param fromClient true for {@code -->} (client to server), false for {@code <--}
     * @param micros relative time as printed, in microseconds
     * @param flags flags as printed by scapy, e.g. {@code "PA"}
     * @param seq relative sequence number as printed
     * @param ack relative acknowledgment number as printed (0 without the ACK flag)
     * @param length TCP payload length as printed
     * @param window window as printed: the raw window shifted left by the window scale (7), on every
     *     segment including the SYN and SYN/ACK, where the shift does not apply
     */
    public record Line(int ordinal, boolean fromClient, long micros, String flags, long seq, long ack, int length,
        long window) {

        /**
         * Returns the relative time this fixture gives the packet.
         *
         * @return nanoseconds after the connection's first packet
         */
        public long relativeNanos() {
            if (ordinal == BlogCapture.LAST_ORDINAL) {
                return LAST_RELATIVE_NANOS;
            }
            return micros * 1000 + subMicroNanos(ordinal);
        }

        /**
         * Returns the window field written in the TCP header (the blog's value shifted right by 7).
         *
         * @return raw 16-bit window
         */
        public int rawWindow() {
            return (int) (window >> BlogCapture.WINDOW_SCALE);
        }

        /**
         * Tells whether the SYN flag is set (the blog wrongly scaled the window of these segments).
         *
         * @return true for the SYN and the SYN/ACK
         */
        public boolean isSyn() {
            return flags.indexOf('S') >= 0;
        }

        /**
         * Returns the correctly scaled window: the raw value on SYN segments (RFC 7323 2.2: the window
         * field of a SYN is never scaled), the blog's value otherwise.
         *
         * @return window in bytes, as tshark's {@code tcp.window_size} shows it
         */
        public long correctWindow() {
            return isSyn() ? rawWindow() : window;
        }

        /**
         * Returns the flags as {@link TcpFlags} bits.
         *
         * @return flag bits
         */
        public int flagBits() {
            int bits = 0;
            for (char c : flags.toCharArray()) {
                bits |= flagBit(c);
            }
            return bits;
        }

        private static int flagBit(char c) {
            switch (c) {
                case 'F':
                    return TcpFlags.FIN;
                case 'S':
                    return TcpFlags.SYN;
                case 'R':
                    return TcpFlags.RST;
                case 'P':
                    return TcpFlags.PSH;
                case 'A':
                    return TcpFlags.ACK;
                case 'U':
                    return TcpFlags.URG;
                case 'E':
                    return TcpFlags.ECE;
                case 'C':
                    return TcpFlags.CWR;
                default:
                    throw new IllegalArgumentException("flag " + c);
            }
        }
    }
}
