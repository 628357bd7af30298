package io.pcapflow.cli.command;

import io.pcapflow.correlate.ConnectionPair;
import io.pcapflow.correlate.Leg;
import io.pcapflow.correlate.LegConnection;
import io.pcapflow.correlate.Resolution;
import io.pcapflow.correlate.SegmentInfo;
import io.pcapflow.tcp.TcpAnalysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The two-column ladder of the seed's {@code pcap_flow.py}: client <-> box on the left
 * ({@code id seq len next} and {@code -->|} / {@code <--|}), box <-> server on the right
 * ({@code |-->} / {@code |<--}), one row per packet in time order, a packet and its counterpart on
 * the same row. Packets of the chosen direction show their relative sequence number, length and
 * next sequence number; packets of the other direction show, under {@code next}, the
 * acknowledgement (the next byte of the chosen direction they expect). {@code *} marks a sequence
 * or acknowledgement number out of line (gap, reordering, ACK of unseen data), {@code +} a
 * retransmission.
 */
final class NatLadder {
    private static final int ID = 7;
    private static final int SEQ = 11;
    private static final int LEN = 7;
    private static final int NEXT = 11;
    private static final int BLOCK = ID + SEQ + LEN + NEXT;
    private static final int WRONG = TcpAnalysis.OUT_OF_ORDER | TcpAnalysis.LOST_SEGMENT
        | TcpAnalysis.ACKED_UNSEEN_SEGMENT;
    private static final int RESENT = TcpAnalysis.RETRANSMISSION | TcpAnalysis.FAST_RETRANSMISSION
        | TcpAnalysis.SPURIOUS_RETRANSMISSION;

    private final long stream;
    private final int primary;
    private final List<Row> rows = new ArrayList<>();
    private ConnectionPair pair;
    private LegConnection alone;

    /**
     * One packet, or a packet and its counterpart. The note's time is relative to the ladder's first
     * row, which is known only once every row is in and sorted, so {@code text} leaves it out and
     * {@code timeAt} says where it goes.
     *
     * @param nanos  the earliest time of the packet(s), for ordering
     * @param order  arrival, to keep rows of equal time in the order the correlator gave them
     * @param time   the time the note shows: the inside packet's when there is one, so it can be later
     *               than {@code nanos} (a server->client packet reaches the outside leg first)
     * @param text   the row without its time
     * @param timeAt where in {@code text} the time goes
     */
    private record Row(long nanos, long order, long time, String text, int timeAt) {
    }

    NatLadder(final long stream, final int primary) {
        this.stream = stream;
        this.primary = primary;
    }

    void add(final Resolution r) {
        final ConnectionPair p = r.pair();
        if (p != null) {
            if (p.inside().stream() != stream) {
                return;
            }
            pair = p;
        } else if (r.connection().leg() != Leg.INSIDE || r.connection().stream() != stream) {
            return;
        } else {
            alone = r.connection();
        }
        rows.add(row(r));
    }

    private Row row(final Resolution r) {
        final StringBuilder sb = new StringBuilder(160);
        final SegmentInfo in = r.inside();
        final SegmentInfo out = r.outside();
        if (in != null) {
            block(sb, in);
            sb.append(mark(in)).append(' ').append(in.direction() == 0 ? "-->" : "<--");
        } else {
            spaces(sb, BLOCK + 5);
        }
        sb.append('|');
        if (out != null) {
            sb.append(out.direction() == 0 ? "-->" : "<--");
            block(sb, out);
            sb.append(mark(out));
        } else {
            spaces(sb, BLOCK + 4);
        }
        sb.append("      ");
        final int timeAt = sb.length();
        final SegmentInfo first = in != null ? in : out;
        sb.append(' ');
        LadderCommand.flags(sb, first.tcpFlags());
        switch (r.verdict()) {
            case MATCHED:
                sb.append(" transit ").append(NatCommand.seconds(r.transitNanos())).append('s');
                appendChanges(sb, r);
                break;
            default:
                sb.append(' ').append(r.verdict().label());
        }
        return new Row(r.nanos(), rows.size(), first.nanos(), sb.toString(), timeAt);
    }

    private static void appendChanges(final StringBuilder sb, final Resolution r) {
        final SegmentInfo in = r.inside();
        final SegmentInfo out = r.outside();
        final int c = r.changes();
        if (c == 0) {
            return;
        }
        if ((c & ConnectionPair.CHANGED_IP_ID) != 0) {
            sb.append(", ip.id changed");
        }
        if ((c & ConnectionPair.CHANGED_TTL) != 0) {
            sb.append(", ttl ").append(in.ttl()).append("->").append(out.ttl());
        }
        if ((c & ConnectionPair.CHANGED_WINDOW) != 0) {
            sb.append(", win ").append(in.window()).append("->").append(out.window());
        }
        if ((c & ConnectionPair.CHANGED_MSS) != 0) {
            sb.append(", mss ").append(in.mss()).append("->").append(out.mss());
        }
        if ((c & ConnectionPair.CHANGED_FLAGS) != 0) {
            sb.append(", flags changed");
        }
        if ((c & ConnectionPair.CHANGED_TSVAL) != 0) {
            sb.append(", tsval changed");
        }
    }

    private void block(final StringBuilder sb, final SegmentInfo s) {
        pad(sb, s.ipId() < 0 ? "-" : Integer.toString(s.ipId()), ID);
        if (s.direction() == primary) {
            pad(sb, Long.toString(s.relativeSeq()), SEQ);
            pad(sb, Integer.toString(s.length()), LEN);
            pad(sb, Long.toString(s.nextSeq()), NEXT);
        } else {
            spaces(sb, SEQ + LEN);
            pad(sb, s.relativeAck() < 0 ? "" : Long.toString(s.relativeAck()), NEXT);
        }
    }

    private static char mark(final SegmentInfo s) {
        if ((s.analysis() & RESENT) != 0) {
            return '+';
        }
        return (s.analysis() & WRONG) != 0 ? '*' : ' ';
    }

    private static void pad(final StringBuilder sb, final String v, final int width) {
        spaces(sb, width - v.length());
        sb.append(v);
    }

    private static void spaces(final StringBuilder sb, final int n) {
        for (int i = 0; i < n; i++) {
            sb.append(' ');
        }
    }

    /**
     * Prints the ladder.
     *
     * @param out destination
     * @return false when the stream never appeared
     */
    boolean print(final Appendable out) throws java.io.IOException {
        if (pair == null && alone == null) {
            return false;
        }
        rows.sort(Comparator.comparingLong(Row::nanos).thenComparingLong(Row::order));
        final long t0 = rows.isEmpty() ? 0 : rows.get(0).nanos();
        final StringBuilder sb = new StringBuilder();
        if (pair != null) {
            final LegConnection i = pair.inside();
            final LegConnection o = pair.outside();
            sb.append("inside stream ").append(i.stream()).append(": ").append(endpoint(i.client(), i.clientPort()))
                .append(" -> ").append(endpoint(i.server(), i.serverPort())).append("   outside stream ")
                .append(o.stream()).append(": ").append(endpoint(o.client(), o.clientPort())).append(" -> ")
                .append(endpoint(o.server(), o.serverPort())).append("   (").append(pair.kind().label()).append(", ")
                .append(pair.confidence().label()).append(": ").append(pair.evidence()).append(")\n");
        } else {
            sb.append("inside stream ").append(alone.stream()).append(": ")
                .append(endpoint(alone.client(), alone.clientPort())).append(" -> ")
                .append(endpoint(alone.server(), alone.serverPort())).append("   not mapped to the outside leg\n");
        }
        sb.append("columns: ").append(primary == 0 ? "client->server" : "server->client")
            .append(" sequence numbers, relative per leg; * seq/ack out of line, + retransmission\n");
        header(sb, "id", "seq", "len", "next");
        header(sb, "----", "----", "----", "----");
        out.append(sb);
        for (final Row row : rows) {
            final String text = row.text();
            out.append(text, 0, row.timeAt()).append(NatCommand.seconds(row.time() - t0)).append('s')
                .append(text, row.timeAt(), text.length()).append('\n');
        }
        return true;
    }

    private static void header(final StringBuilder sb, final String id, final String seq, final String len,
                               final String next) {
        final StringBuilder block = new StringBuilder();
        pad(block, id, ID);
        pad(block, seq, SEQ);
        pad(block, len, LEN);
        pad(block, next, NEXT);
        sb.append(block);
        spaces(sb, 9);
        sb.append(block).append('\n');
    }

    private static String endpoint(final String ip, final int port) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
