package io.pcapflow.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

import static io.pcapflow.export.FlowSummary.C2S;
import static io.pcapflow.export.FlowSummary.S2C;

/**
 * The {@code flows} record: one row per TCP connection. Column names, order and meaning are a
 * contract documented in docs/COLUMNS.md; columns are only ever added, at the end.
 */
public final class FlowColumns {
    private static final String[] SIDE = {"client", "server"};

    private FlowColumns() {
    }

    /**
     * @param fractionDigits digits of sub-second precision for times (6 for µs captures, 9 for ns)
     * @return the columns in output order
     */
    public static List<Column<FlowSummary>> all(final int fractionDigits) {
        final List<Column<FlowSummary>> c = new ArrayList<>();
        c.add(integer("stream", "", "stream index, equal to Wireshark's tcp.stream", FlowSummary::stream));
        c.add(integer("first_frame", "", "ordinal of the connection's first packet", FlowSummary::firstFrame));
        c.add(integer("last_frame", "", "ordinal of the connection's last packet", FlowSummary::lastFrame));
        c.add(new Column<>("start", ColumnType.TIME, "", "time of the first packet, ISO-8601 UTC", (r, out) -> {
            Times.appendIso(out, r.startNanos(), fractionDigits);
            return true;
        }));
        c.add(seconds("duration", "time from the first to the last packet", fractionDigits,
            r -> r.lastNanos() - r.startNanos()));
        c.add(text("client_ip", "client address (SYN sender; see client_guessed)", FlowSummary::client));
        c.add(integer("client_port", "", "client port", r -> r.clientPort()));
        c.add(text("server_ip", "server address", FlowSummary::server));
        c.add(integer("server_port", "", "server port", r -> r.serverPort()));
        c.add(new Column<>("client_guessed", ColumnType.BOOLEAN, "",
            "true when no SYN was seen and the roles come from the heuristic", (r, out) -> {
                out.append(r.clientGuessed());
                return true;
            }));
        c.add(text("conn_state", "Zeek conn_state (S0, S1, SF, REJ, RSTO, RSTR, ...)", FlowSummary::connState));
        c.add(text("history", "Zeek history letters, upper case client, lower case server", FlowSummary::history));
        directional(c, "packets", "packets", "packets sent", FlowSummary.PACKETS);
        directional(c, "bytes", "bytes", "TCP payload bytes sent, retransmissions included", FlowSummary.BYTES);
        directional(c, "unique_bytes", "bytes", "distinct payload bytes sent (sequence space covered)",
            FlowSummary.UNIQUE_BYTES);
        directional(c, "missed_bytes", "bytes", "payload bytes acknowledged but never captured",
            FlowSummary.MISSED_BYTES);
        c.add(seconds("syn_synack", "SYN to SYN/ACK time", fractionDigits, FlowSummary::synToSynAckNanos));
        c.add(seconds("initial_rtt", "SYN to the ACK of the SYN/ACK (tshark tcp.analysis.initial_rtt)",
            fractionDigits, FlowSummary::initialRttNanos));
        c.add(seconds("rtt_min", "smallest data-to-ACK RTT sample (Karn's rule)", fractionDigits,
            FlowSummary::rttMinNanos));
        c.add(seconds("rtt_avg", "mean RTT sample", fractionDigits, FlowSummary::rttAvgNanos));
        c.add(seconds("rtt_max", "largest RTT sample", fractionDigits, FlowSummary::rttMaxNanos));
        c.add(integer("rtt_samples", "", "number of RTT samples", FlowSummary::rttSamples));
        sided(c, "mss", "MSS option in the SYN, absent when not sent", FlowSummary.MSS, false);
        sided(c, "wscale", "window scale shift in the SYN, absent when not sent", FlowSummary.WINDOW_SCALE, false);
        sided(c, "sack", "SACK-permitted in the SYN", FlowSummary.SACK_PERMITTED, true);
        sided(c, "ts", "TCP timestamps in the SYN", FlowSummary.TIMESTAMPS, true);
        directional(c, "retrans", "packets", "retransmitted segments (tcp.analysis.retransmission and its kinds)",
            FlowSummary.RETRANSMISSIONS);
        directional(c, "retrans_bytes", "bytes", "payload bytes retransmitted", FlowSummary.RETRANSMITTED_BYTES);
        directional(c, "fast_retrans", "packets", "fast retransmissions", FlowSummary.FAST_RETRANSMISSIONS);
        directional(c, "out_of_order", "packets", "out-of-order segments", FlowSummary.OUT_OF_ORDER);
        directional(c, "dup_acks", "packets", "duplicate ACKs sent", FlowSummary.DUPLICATE_ACKS);
        directional(c, "zero_windows", "packets", "zero-window advertisements sent", FlowSummary.ZERO_WINDOWS);
        directional(c, "lost_segments", "packets", "segments sent before a capture gap (previous segment not "
            + "captured)", FlowSummary.LOST_SEGMENTS);
        c.add(side("first_fin_by", "who sent the first FIN: client, server, or absent", FlowSummary::firstFinBy));
        c.add(side("first_rst_by", "who sent the first RST: client, server, or absent", FlowSummary::firstRstBy));
        c.add(text("end_reason", "fin, rst, reused, idle, evicted or end_of_capture", FlowSummary::endReason));
        c.add(seconds("synack_ack", "SYN/ACK to the client's ACK of it", fractionDigits,
            FlowSummary::synAckToAckNanos));
        c.add(seconds("ts_rtt_min", "smallest RTT from TCP timestamps (a TSval until its echo in TSecr)",
            fractionDigits, FlowSummary::tsRttMinNanos));
        c.add(seconds("ts_rtt_avg", "mean RTT from TCP timestamps", fractionDigits, FlowSummary::tsRttAvgNanos));
        c.add(seconds("ts_rtt_max", "largest RTT from TCP timestamps", fractionDigits, FlowSummary::tsRttMaxNanos));
        c.add(integer("ts_rtt_samples", "", "number of RTT samples from TCP timestamps", FlowSummary::tsRttSamples));
        return Collections.unmodifiableList(c);
    }

    private static Column<FlowSummary> integer(final String name, final String unit, final String doc,
                                               final ToLongFunction<FlowSummary> value) {
        return new Column<>(name, ColumnType.INTEGER, unit, doc, (r, out) -> {
            out.append(value.applyAsLong(r));
            return true;
        });
    }

    private static Column<FlowSummary> text(final String name, final String doc,
                                            final java.util.function.Function<FlowSummary, String> value) {
        return new Column<>(name, ColumnType.STRING, "", doc, (r, out) -> {
            final String v = value.apply(r);
            if (v == null || v.isEmpty()) {
                return false;
            }
            out.append(v);
            return true;
        });
    }

    private static Column<FlowSummary> seconds(final String name, final String doc, final int digits,
                                               final ToLongFunction<FlowSummary> nanos) {
        return new Column<>(name, ColumnType.DECIMAL, "s", doc, (r, out) -> {
            final long v = nanos.applyAsLong(r);
            if (v < 0 && !"duration".equals(name)) {
                return false;
            }
            Times.appendSeconds(out, v, digits);
            return true;
        });
    }

    private static Column<FlowSummary> side(final String name, final String doc,
                                            final ToLongFunction<FlowSummary> direction) {
        return new Column<>(name, ColumnType.STRING, "", doc, (r, out) -> {
            final long d = direction.applyAsLong(r);
            if (d < 0) {
                return false;
            }
            out.append(SIDE[(int) d]);
            return true;
        });
    }

    private static void directional(final List<Column<FlowSummary>> c, final String name, final String unit,
                                    final String doc, final int counter) {
        c.add(integer("c2s_" + name, unit, doc + ", client to server", r -> r.value(C2S, counter)));
        c.add(integer("s2c_" + name, unit, doc + ", server to client", r -> r.value(S2C, counter)));
    }

    private static void sided(final List<Column<FlowSummary>> c, final String name, final String doc,
                              final int counter, final boolean flag) {
        for (int dir = 0; dir < 2; dir++) {
            final int d = dir;
            c.add(new Column<>(SIDE[dir] + "_" + name, flag ? ColumnType.BOOLEAN : ColumnType.INTEGER, "",
                doc + ", " + SIDE[dir] + " side", (r, out) -> {
                    final long v = r.value(d, counter);
                    if (flag) {
                        out.append(v != 0);
                        return true;
                    }
                    if (v < 0) {
                        return false;
                    }
                    out.append(v);
                    return true;
                }));
        }
    }
}
