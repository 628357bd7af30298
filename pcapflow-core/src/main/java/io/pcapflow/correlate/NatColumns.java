package io.pcapflow.correlate;

import io.pcapflow.export.Column;
import io.pcapflow.export.ColumnType;
import io.pcapflow.export.FlowSummary;
import io.pcapflow.export.Times;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The records of {@code pcapflow nat}: the mapping table, the accounting log and the summary. Names,
 * order and meaning are a contract documented in docs/NAT.md; columns are only ever added, at the
 * end.
 */
public final class NatColumns {
    private static final String[] DIR = {"c2s", "s2c"};

    private NatColumns() {
    }

    /**
     * @param digits sub-second digits of times
     * @return columns of the mapping table
     */
    public static List<Column<MappingRow>> mapping(final int digits) {
        final List<Column<MappingRow>> c = new ArrayList<>();
        c.add(text("kind", "nat, isn-rewrite, proxy; unmatched when one leg only",
            r -> r.pair() == null ? "unmatched" : r.pair().kind().label()));
        c.add(text("leg", "both, or the only leg the connection was seen on",
            r -> r.pair() == null ? Leg.label(r.alone().leg()) : "both"));
        c.add(integer("inside_stream", "stream index on the inside leg", r -> stream(r.inside())));
        c.add(integer("outside_stream", "stream index on the outside leg", r -> stream(r.outside())));
        c.add(time("start", "first packet of the connection (inside clock), ISO-8601 UTC", digits,
            r -> r.any().firstNanos()));
        c.add(seconds("duration", "first to last packet over both legs", digits, r -> last(r) - r.any().firstNanos()));
        c.add(text("client_ip", "client address (inside leg)", r -> r.inside() == null ? null : r.inside().client()));
        c.add(integer("client_port", "client port", r -> r.inside() == null ? -1 : r.inside().clientPort()));
        c.add(text("inside_server_ip", "server address as the client sees it (the proxy's, for a proxy)",
            r -> r.inside() == null ? null : r.inside().server()));
        c.add(integer("inside_server_port", "server port as the client sees it",
            r -> r.inside() == null ? -1 : r.inside().serverPort()));
        c.add(text("nat_ip", "the box's address on the outside leg (nathost)",
            r -> r.outside() == null ? null : r.outside().client()));
        c.add(integer("nat_port", "the box's port on the outside leg (nport)",
            r -> r.outside() == null ? -1 : r.outside().clientPort()));
        c.add(text("server_ip", "server address (outside leg)",
            r -> r.outside() == null ? null : r.outside().server()));
        c.add(integer("server_port", "server port (outside leg)",
            r -> r.outside() == null ? -1 : r.outside().serverPort()));
        c.add(text("confidence", "high, medium, low", r -> r.pair() == null ? null : r.pair().confidence().label()));
        c.add(text("evidence", "what the mapping rests on", r -> r.pair() == null ? null : r.pair().evidence()));
        c.add(integer("matched", "packets seen on both legs", r -> sum(r, ConnectionPair::matched)));
        c.add(integer("dropped", "packets that entered the box and never left", r -> sum(r, ConnectionPair::dropped)));
        c.add(integer("injected", "packets that left the box without entering it",
            r -> sum(r, ConnectionPair::injected)));
        c.add(seconds("transit_p50", "median transit time through the box", digits,
            r -> r.pair() == null ? -1 : r.pair().transit().quantile(0.5)));
        c.add(seconds("transit_p99", "99th percentile transit time", digits,
            r -> r.pair() == null ? -1 : r.pair().transit().quantile(0.99)));
        c.add(seconds("transit_max", "largest transit time", digits,
            r -> r.pair() == null ? -1 : r.pair().transit().max()));
        for (int d = 0; d < 2; d++) {
            final int dir = d;
            final String p = DIR[d] + "_";
            c.add(integer(p + "matched", "packets matched, " + DIR[d], r -> pairValue(r, q -> q.matched(dir))));
            c.add(integer(p + "dropped", "dropped by the box, " + DIR[d], r -> pairValue(r, q -> q.dropped(dir))));
            c.add(integer(p + "injected", "injected by the box, " + DIR[d], r -> pairValue(r, q -> q.injected(dir))));
            c.add(integer(p + "terminated", "absorbed by a terminating proxy, " + DIR[d],
                r -> pairValue(r, q -> q.terminated(dir))));
            c.add(integer(p + "resegmented", "data crossing in differently cut segments, " + DIR[d],
                r -> pairValue(r, q -> q.resegmented(dir))));
            c.add(integer(p + "changed", "matched packets with a header field changed beyond the translation, "
                + DIR[d], r -> pairValue(r, q -> q.changed(dir))));
            c.add(integer(p + "seq_offset", "outside minus inside ISN of the " + (d == 0 ? "client" : "server")
                + " (mod 2^32); 0 through a plain NAT", r -> pairValue(r, q -> q.seqOffset(dir))));
        }
        c.add(text("changes", "header fields the box changed: ip_id ttl window mss flags tsval",
            r -> r.pair() == null ? null : changes(r.pair().changes())));
        c.add(text("inside_end_reason", "how the inside connection ended",
            r -> r.inside() == null ? null : r.inside().summary().endReason()));
        c.add(text("outside_end_reason", "how the outside connection ended",
            r -> r.outside() == null ? null : r.outside().summary().endReason()));
        c.add(integer("unmapped_packets", "packets of an unmatched connection",
            r -> r.pair() == null ? r.alone().unmappedPackets() : -1));
        return c;
    }

    /**
     * @param digits sub-second digits of times
     * @return columns of the accounting log (the seed NAT tracker's record), one row per inside connection
     */
    public static List<Column<LegConnection>> log(final int digits) {
        final List<Column<LegConnection>> c = new ArrayList<>();
        c.add(timeOf("start", "first packet, ISO-8601 UTC", digits, LegConnection::firstNanos));
        c.add(timeOf("end", "last packet, ISO-8601 UTC", digits, LegConnection::lastNanos));
        c.add(secondsOf("duration", "end minus start", digits, l -> l.lastNanos() - l.firstNanos()));
        c.add(textOf("client", "client address", LegConnection::client));
        c.add(integerOf("cport", "client port", l -> l.clientPort()));
        c.add(textOf("nathost", "the box's outside address",
            l -> l.pair() == null ? null : l.pair().outside().client()));
        c.add(integerOf("nport", "the box's outside port",
            l -> l.pair() == null ? -1 : l.pair().outside().clientPort()));
        c.add(textOf("remote", "server address", l -> l.pair() == null ? l.server() : l.pair().outside().server()));
        c.add(integerOf("rport", "server port",
            l -> l.pair() == null ? l.serverPort() : l.pair().outside().serverPort()));
        c.add(integerOf("sent", "unique payload bytes client to server",
            l -> l.summary().value(FlowSummary.C2S, FlowSummary.UNIQUE_BYTES)));
        c.add(integerOf("received", "unique payload bytes server to client",
            l -> l.summary().value(FlowSummary.S2C, FlowSummary.UNIQUE_BYTES)));
        c.add(integerOf("raw_sent", "payload bytes client to server, retransmissions included",
            l -> l.summary().value(FlowSummary.C2S, FlowSummary.BYTES)));
        c.add(integerOf("raw_received", "payload bytes server to client, retransmissions included",
            l -> l.summary().value(FlowSummary.S2C, FlowSummary.BYTES)));
        c.add(textOf("end_reason", "fin, rst, expired (a new SYN reused the key), idle, evicted, end_of_capture",
            LegConnection::endReason));
        c.add(textOf("kind", "how the connection crossed the box (empty when not mapped)",
            l -> l.pair() == null ? null : l.pair().kind().label()));
        c.add(integerOf("inside_stream", "stream index on the inside leg", LegConnection::stream));
        c.add(integerOf("outside_stream", "stream index on the outside leg",
            l -> l.pair() == null ? -1 : l.pair().outside().stream()));
        return c;
    }

    /**
     * @param k      the correlator, after {@link Correlator#finish()}
     * @param digits sub-second digits of times
     * @return columns of the summary; its rows are the directions, 0 (c2s) and 1 (s2c)
     */
    public static List<Column<Integer>> summary(final Correlator k, final int digits) {
        final List<Column<Integer>> c = new ArrayList<>();
        c.add(textOf("direction", "c2s (client to server) or s2c", d -> DIR[d]));
        c.add(textOf("ingress_leg", "the leg where this direction enters the box",
            d -> Leg.label(d == 0 ? Leg.INSIDE : Leg.OUTSIDE)));
        for (int leg = 0; leg < 2; leg++) {
            final int l = leg;
            final String p = Leg.label(leg) + "_";
            c.add(integerOf(p + "packets", "packets on the " + Leg.label(leg) + " leg",
                d -> k.legTotal(l, d, FlowSummary.PACKETS)));
            c.add(integerOf(p + "bytes", "payload bytes on the " + Leg.label(leg) + " leg",
                d -> k.legTotal(l, d, FlowSummary.BYTES)));
            c.add(integerOf(p + "retransmissions", "retransmissions seen on the " + Leg.label(leg) + " leg",
                d -> k.legTotal(l, d, FlowSummary.RETRANSMISSIONS)));
            c.add(integerOf(p + "lost_segments", "gaps (previous segment not captured) on the " + Leg.label(leg)
                + " leg", d -> k.legTotal(l, d, FlowSummary.LOST_SEGMENTS)));
        }
        c.add(integerOf("matched", "packets seen entering and leaving the box", d -> k.verdicts(Verdict.MATCHED, d)));
        c.add(integerOf("dropped_by_box", "packets that entered the box and never left",
            d -> k.verdicts(Verdict.DROPPED, d)));
        c.add(integerOf("injected_by_box", "packets that left the box without entering it",
            d -> k.verdicts(Verdict.INJECTED, d)));
        c.add(integerOf("terminated_by_box", "packets a terminating proxy absorbed",
            d -> k.verdicts(Verdict.TERMINATED, d)));
        c.add(integerOf("resegmented", "data packets that crossed cut differently",
            d -> k.verdicts(Verdict.RESEGMENTED, d)));
        c.add(integerOf("unmapped", "packets of connections never mapped", d -> k.verdicts(Verdict.UNMAPPED, d)));
        c.add(integerOf("loss_before_box", "gaps on the ingress leg: segments lost before reaching the box",
            d -> k.legTotal(d == 0 ? Leg.INSIDE : Leg.OUTSIDE, d, FlowSummary.LOST_SEGMENTS)));
        c.add(integerOf("loss_in_box", "packets the box dropped", d -> k.verdicts(Verdict.DROPPED, d)));
        c.add(integerOf("loss_after_box", "retransmissions of data the box had forwarded: lost after it (or spurious)",
            d -> k.lossAfterBox(d)));
        c.add(new Column<>("clock_offset", ColumnType.DECIMAL, "s", "outside clock minus inside clock implied by "
            + "the matched packets", (d, out) -> {
                final long v = k.clockOffsetEstimate();
                if (v == Long.MIN_VALUE) {
                    return false;
                }
                if (v < 0) {
                    out.append('-');
                }
                Times.appendSeconds(out, Math.abs(v), digits);
                return true;
            }));
        c.add(secondsOf("clock_offset_spread", "half the width of the interval the offset lies in", digits,
            d -> k.clockOffsetSpread()));
        return c;
    }

    /**
     * @param endReason a tracker end reason label
     * @return the seed tracker's word for it
     */
    public static String logReason(final String endReason) {
        return "reused".equals(endReason) ? "expired" : endReason;
    }

    private static long stream(final LegConnection c) {
        return c == null ? -1 : c.stream();
    }

    private static long last(final MappingRow r) {
        long last = Long.MIN_VALUE;
        if (r.inside() != null) {
            last = r.inside().lastNanos();
        }
        if (r.outside() != null) {
            last = Math.max(last, r.outside().lastNanos());
        }
        return last;
    }

    private static long sum(final MappingRow r, final java.util.function.BiFunction<ConnectionPair, Integer, Long> f) {
        return r.pair() == null ? -1 : f.apply(r.pair(), 0) + f.apply(r.pair(), 1);
    }

    private static long pairValue(final MappingRow r, final ToLongFunction<ConnectionPair> f) {
        return r.pair() == null ? -1 : f.applyAsLong(r.pair());
    }

    /**
     * @param bits {@code ConnectionPair.CHANGED_*} bits
     * @return their names separated by spaces, null for none
     */
    public static String changes(final int bits) {
        if (bits == 0) {
            return null;
        }
        final String[] names = {"ip_id", "ttl", "window", "mss", "flags", "tsval"};
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(names[i]);
            }
        }
        return sb.toString();
    }

    private static Column<MappingRow> integer(final String name, final String doc, final ToLongFunction<MappingRow> f) {
        return integerOf(name, doc, f);
    }

    private static <T> Column<T> integerOf(final String name, final String doc, final ToLongFunction<T> f) {
        return new Column<>(name, ColumnType.INTEGER, "", doc, (r, out) -> {
            final long v = f.applyAsLong(r);
            if (v < 0) {
                return false;
            }
            out.append(v);
            return true;
        });
    }

    private static Column<MappingRow> text(final String name, final String doc, final Function<MappingRow, String> f) {
        return textOf(name, doc, f);
    }

    private static <T> Column<T> textOf(final String name, final String doc, final Function<T, String> f) {
        return new Column<>(name, ColumnType.STRING, "", doc, (r, out) -> {
            final String v = f.apply(r);
            if (v == null || v.isEmpty()) {
                return false;
            }
            out.append(v);
            return true;
        });
    }

    private static Column<MappingRow> seconds(final String name, final String doc, final int digits,
                                              final ToLongFunction<MappingRow> f) {
        return secondsOf(name, doc, digits, f);
    }

    private static <T> Column<T> secondsOf(final String name, final String doc, final int digits,
                                           final ToLongFunction<T> f) {
        return new Column<>(name, ColumnType.DECIMAL, "s", doc, (r, out) -> {
            final long v = f.applyAsLong(r);
            if (v < 0) {
                return false;
            }
            Times.appendSeconds(out, v, digits);
            return true;
        });
    }

    private static Column<MappingRow> time(final String name, final String doc, final int digits,
                                           final ToLongFunction<MappingRow> f) {
        return timeOf(name, doc, digits, f);
    }

    private static <T> Column<T> timeOf(final String name, final String doc, final int digits,
                                        final ToLongFunction<T> f) {
        return new Column<>(name, ColumnType.TIME, "", doc, (r, out) -> {
            Times.appendIso(out, f.applyAsLong(r), digits);
            return true;
        });
    }
}
