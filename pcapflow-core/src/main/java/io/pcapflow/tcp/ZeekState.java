package io.pcapflow.tcp;

/**
 * Zeek's per-endpoint TCP states and the {@code conn_state} / {@code history} rules of Zeek's
 * {@code base/protocols/conn/main.zeek}, driven by the tracker.
 */
final class ZeekState {
    static final int INACTIVE = 0;
    static final int SYN_SENT = 1;
    static final int SYN_ACK_SENT = 2;
    static final int PARTIAL = 3;
    static final int ESTABLISHED = 4;
    static final int CLOSED = 5;
    static final int RESET = 6;

    /** History letters in lower case; the client's are written in upper case. */
    static final String LETTERS = "shadfrtwqgi^";
    static final int S = 0;
    static final int H = 1;
    static final int A = 2;
    static final int D = 3;
    static final int F = 4;
    static final int R = 5;
    static final int T = 6;
    static final int W = 7;
    static final int Q = 8;
    static final int G = 9;
    static final int I = 10;

    private ZeekState() {
    }

    static boolean inactive(final int state) {
        return state == INACTIVE || state == PARTIAL;
    }

    /** Zeek's {@code conn_state} from the two endpoint states. */
    static String connState(final int os, final int rs, final long origBytes, final long respBytes,
                            final String history) {
        final boolean oInactive = inactive(os);
        final boolean rInactive = inactive(rs);
        if (rs == RESET) {
            if (os == SYN_SENT || os == SYN_ACK_SENT || (os == RESET && origBytes == 0 && respBytes == 0)) {
                return "REJ";
            }
            return oInactive ? "RSTRH" : "RSTR";
        }
        if (os == RESET) {
            if (rInactive && history.indexOf('S') >= 0 && history.indexOf('h') < 0) {
                return "RSTOS0";
            }
            return "RSTO";
        }
        if (rs == CLOSED && os == CLOSED) {
            return "SF";
        }
        if (os == CLOSED) {
            return rInactive ? "SH" : "S2";
        }
        if (rs == CLOSED) {
            return oInactive ? "SHR" : "S3";
        }
        if (os == SYN_SENT && rs == INACTIVE) {
            return "S0";
        }
        if (os == ESTABLISHED && rs == ESTABLISHED) {
            return "S1";
        }
        return "OTH";
    }

    /** Zeek's endpoint state machine and history letters for one segment from direction {@code d}. */
    static void update(final TcpConnection c, final int d, final int flags, final int len, final int rawWindow,
                       final int analysis, final boolean staleRst) {
        final TcpEndpoint fwd = c.endpoint(d);
        final TcpEndpoint rev = c.endpoint(1 - d);
        final boolean syn = (flags & WiresharkAnalysis.SYN) != 0;
        final boolean ack = (flags & WiresharkAnalysis.ACK) != 0;
        final boolean fin = (flags & WiresharkAnalysis.FIN) != 0;
        final boolean rst = (flags & WiresharkAnalysis.RST) != 0;
        if (fwd.packets == 1) {
            fwd.zeekZeroWindows = 0;
        }
        // Zeek's update_window, before the state machine: a zero window counts unless the packet is
        // a RST, the peer has closed or this side has reset
        final boolean zeroWindow = rawWindow == 0 && !rst && rev.zeekState != CLOSED && fwd.zeekState != RESET;
        if (syn) {
            letter(c, d, ack ? H : S);
            if (fin || rst) {
                letter(c, d, Q);
            }
            if (fwd.zeekState == INACTIVE || fwd.zeekState == PARTIAL || fwd.zeekState == SYN_SENT) {
                fwd.zeekState = ack ? SYN_ACK_SENT : SYN_SENT;
            }
        } else if (!rst && !fin) {
            if (fwd.zeekState == INACTIVE) {
                fwd.zeekState = PARTIAL;
            } else if (ack && (fwd.zeekState == SYN_SENT || fwd.zeekState == SYN_ACK_SENT)) {
                fwd.zeekState = ESTABLISHED;
                if (rev.zeekState == SYN_SENT || rev.zeekState == SYN_ACK_SENT) {
                    rev.zeekState = ESTABLISHED;
                }
            }
            if (ack && len == 0) {
                letter(c, d, A);
            }
        }
        if (len > 0) {
            letter(c, d, D);
        }
        if (fin) {
            letter(c, d, F);
            fwd.zeekState = CLOSED;
            if (c.firstFinBy == TcpDirection.NONE) {
                c.firstFinBy = d;
            }
        }
        if (rst) {
            letter(c, d, R);
            if (c.firstRstBy == TcpDirection.NONE) {
                c.firstRstBy = d;
            }
            if (!staleRst) {
                fwd.zeekState = RESET;
                c.finishedBy = EndReason.RST;
            }
        } else if (fwd.zeekState == CLOSED && rev.zeekState == CLOSED && c.finishedBy == null) {
            c.finishedBy = EndReason.FIN;
        }
        // counted in SegmentBookkeeping.count just before: retransmissions other than duplicate captures
        if ((analysis & TcpAnalysis.RETRANSMISSION) != 0 && (analysis & TcpAnalysis.DUPLICATE_CAPTURE) == 0) {
            scaledLetter(c, d, T, fwd.retransmissions);
        }
        if (zeroWindow) {
            scaledLetter(c, d, W, ++fwd.zeekZeroWindows);
        }
    }

    /**
     * Zeek's {@code Connection::ScaledHistoryEntry} with base 10: the letter is written when its count
     * reaches 1, 10, 100, 1000 ... (so {@code T} twice after 10 retransmissions, three times after 100).
     */
    static void scaledLetter(final TcpConnection c, final int d, final int letter, final long count) {
        if (!isPowerOfTen(count)) {
            return;
        }
        final char ch = LETTERS.charAt(letter);
        c.history.append(d == TcpDirection.CLIENT_TO_SERVER ? Character.toUpperCase(ch) : ch);
    }

    static boolean isPowerOfTen(final long n) {
        long p = 1;
        while (p < n && p <= Long.MAX_VALUE / 10) {
            p *= 10;
        }
        return p == n;
    }

    private static void letter(final TcpConnection c, final int d, final int letter) {
        final TcpEndpoint e = c.endpoint(d);
        final int bit = 1 << letter;
        if ((e.historySeen & bit) != 0) {
            return;
        }
        e.historySeen |= bit;
        final char ch = LETTERS.charAt(letter);
        c.history.append(d == TcpDirection.CLIENT_TO_SERVER ? Character.toUpperCase(ch) : ch);
    }
}
