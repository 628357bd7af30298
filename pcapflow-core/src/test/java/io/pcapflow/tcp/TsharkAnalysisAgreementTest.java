package io.pcapflow.tcp;

import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corpus agreement with tshark 4.0.17: for every capture with a reference
 * {@code .tcp_analysis.csv}, our reader, decoder and tracker must give the same stream index,
 * relative seq/ack, length and window for every TCP packet, and the same {@code tcp.analysis.*}
 * flags. Prints one agreement table per flag. Differences allowed here are listed (and explained
 * in {@code docs/TCP-ANALYSIS.md}).
 */
class TsharkAnalysisAgreementTest {
    /** CSV column name, and our flag mask that corresponds to it. */
    private static final String[] COLUMNS = {
        "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission", "tcp.analysis.spurious_retransmission",
        "tcp.analysis.out_of_order", "tcp.analysis.duplicate_ack", "tcp.analysis.zero_window",
        "tcp.analysis.window_full", "tcp.analysis.keep_alive", "tcp.analysis.lost_segment",
        "tcp.analysis.ack_lost_segment",
    };
    private static final int[] MASKS = {
        TcpAnalysis.RETRANSMISSION, TcpAnalysis.FAST_RETRANSMISSION, TcpAnalysis.SPURIOUS_RETRANSMISSION,
        TcpAnalysis.OUT_OF_ORDER, TcpAnalysis.DUPLICATE_ACK, TcpAnalysis.ZERO_WINDOW, TcpAnalysis.WINDOW_FULL,
        TcpAnalysis.KEEP_ALIVE, TcpAnalysis.LOST_SEGMENT, TcpAnalysis.ACKED_UNSEEN_SEGMENT,
    };
    private static final int FIELDS = 6;
    /**
     * Known, documented differences per flag of {@link #COLUMNS} (docs/TCP-ANALYSIS.md, "Remaining
     * differences"): {only-tshark, only-ours} caps. None remain; a flag with a cap of zero must have
     * equal totals and at least {@link #MIN_AGREEMENT} agreement per packet.
     */
    private static final long[][] ALLOWED = {
        {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0},
    };
    /** {only-tshark, only-ours} caps per flag of {@link TsharkFlags#MASKS}, explained in the docs. */
    private static final long[][] ALL_FLAGS_ALLOWED = {
        {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0},
        {0, 0}, {0, 0},
    };
    private static final double MIN_AGREEMENT = 0.995;
    private static final String[] FIELD_NAMES = {"present", "tcp.stream", "tcp.seq", "tcp.ack", "tcp.len",
        "tcp.window_size"};

    @Test
    void shouldAgreeWithTsharkOnEveryCorpusCapture() throws IOException {
        final Path corpus = Fixtures.requireCorpusOrSkip();
        final Path refs = corpus.getParent().resolve("captures-ref");
        final List<Path> csvs;
        try (Stream<Path> s = Files.walk(refs)) {
            csvs = s.filter(p -> p.toString().endsWith(".tcp_analysis.csv")
                || p.toString().endsWith(".tcp_analysis.partial.csv")).sorted().toList();
        }
        assertThat(csvs).isNotEmpty();
        final long[][] flagTotals = new long[MASKS.length][3];
        final long[] fieldMismatch = new long[FIELDS];
        final long[] irtt = new long[3];
        final List<String> problems = new ArrayList<>();
        long packets = 0;
        for (final Path csv : csvs) {
            final String rel = refs.relativize(csv).toString().replaceAll("\\.tcp_analysis(\\.partial)?\\.csv$", "");
            final CorpusRun run = CorpusRun.run(corpus.resolve(rel), TrackerOptions.defaults());
            packets += compare(rel, Files.readAllLines(csv, StandardCharsets.UTF_8), run, flagTotals, fieldMismatch,
                irtt, problems);
        }
        final StringBuilder table = new StringBuilder();
        table.append(String.format("%nTCP analysis agreement with tshark 4.0.17 over %d packets, %d files%n",
            packets, csvs.size()));
        table.append(String.format("%-34s %8s %8s %8s %8s %8s %8s%n", "flag", "tshark", "ours", "both",
            "only-ts", "only-us", "agree%"));
        for (int f = 0; f < MASKS.length; f++) {
            final long both = flagTotals[f][2];
            final long ts = flagTotals[f][0];
            final long us = flagTotals[f][1];
            final long union = ts + us - both;
            table.append(String.format("%-34s %8d %8d %8d %8d %8d %8.2f%n", COLUMNS[f], ts, us, both, ts - both,
                us - both, union == 0 ? 100.0 : 100.0 * both / union));
        }
        for (int i = 0; i < FIELDS; i++) {
            table.append(String.format("%-34s mismatches %d%n", FIELD_NAMES[i], fieldMismatch[i]));
        }
        table.append(String.format("tcp.analysis.initial_rtt            shown %d, ours equal %d, ours absent %d%n",
            irtt[0], irtt[1], irtt[2]));
        System.out.println(table);
        problems.stream().limit(60).forEach(System.out::println);
        for (int i = 0; i < FIELDS; i++) {
            assertThat(fieldMismatch[i]).as(FIELD_NAMES[i]).isZero();
        }
        assertFlagRule(COLUMNS, flagTotals, ALLOWED);
        assertThat(irtt[1]).as("initial_rtt equal where tshark shows it").isEqualTo(irtt[0]);
    }

    /**
     * Every Wireshark-compatible flag (including those the CSVs lack) and the duplicate-ACK number,
     * against tshark run here over the corpus captures and the scenario captures.
     */
    @Test
    void shouldAgreeWithTsharkOnEveryFlagOfCorpusAndScenarios() throws IOException, InterruptedException {
        final Path tshark = Fixtures.requireToolOrSkip("tshark");
        final Map<String, Path> files = new LinkedHashMap<>();
        final Path corpus = Fixtures.requireCorpusOrSkip();
        final Path refs = corpus.getParent().resolve("captures-ref");
        try (Stream<Path> s = Files.walk(refs)) {
            s.map(p -> refs.relativize(p).toString()).filter(p -> p.matches(".*\\.tcp_analysis(\\.partial)?\\.csv$"))
                .sorted().forEach(p -> {
                    final String rel = p.replaceAll("\\.tcp_analysis(\\.partial)?\\.csv$", "");
                    files.put(rel, corpus.resolve(rel));
                });
        }
        try (Stream<Path> s = Files.list(Fixtures.fixture("scenarios"))) {
            s.filter(p -> p.toString().endsWith(".pcap")).sorted()
                .forEach(p -> files.put("scenarios/" + p.getFileName(), p));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        final Map<String, Future<Map<Long, TsharkFlags.Frame>>> theirs = new LinkedHashMap<>();
        try {
            files.forEach((name, path) -> theirs.put(name, pool.submit(() -> TsharkFlags.run(tshark, path))));
            final int n = TsharkFlags.MASKS.length;
            final long[][] totals = new long[n][3];
            final long[] dupNum = new long[2];
            final List<String> problems = new ArrayList<>();
            long packets = 0;
            for (final Map.Entry<String, Path> e : files.entrySet()) {
                final CorpusRun run = CorpusRun.run(e.getValue(), TrackerOptions.defaults());
                final Map<Long, TsharkFlags.Frame> ts = theirs.get(e.getKey()).get();
                packets += ts.size();
                for (final Map.Entry<Long, TsharkFlags.Frame> f : new TreeMap<>(ts).entrySet()) {
                    final CorpusRun.Row row = run.rows.get(f.getKey());
                    final int ours = row == null ? 0 : row.flags();
                    final String where = e.getKey() + " #" + f.getKey();
                    for (int i = 0; i < n; i++) {
                        final boolean t = (f.getValue().flags() & TsharkFlags.MASKS[i]) != 0;
                        final boolean u = (ours & TsharkFlags.MASKS[i]) != 0;
                        totals[i][0] += t ? 1 : 0;
                        totals[i][1] += u ? 1 : 0;
                        totals[i][2] += t && u ? 1 : 0;
                        if (t != u) {
                            problems.add(where + " " + TsharkFlags.FIELDS[i] + " tshark " + t + " ours " + u);
                        }
                    }
                    if (f.getValue().dupAckNum() > 0 && (ours & TcpAnalysis.DUPLICATE_ACK) != 0) {
                        dupNum[0]++;
                        if (row.dupAckNum() != f.getValue().dupAckNum()) {
                            dupNum[1]++;
                            problems.add(where + " duplicate_ack_num tshark " + f.getValue().dupAckNum()
                                + " ours " + row.dupAckNum());
                        }
                    }
                }
            }
            System.out.println(flagTable(packets, files.size(), totals, dupNum));
            problems.stream().limit(100).forEach(System.out::println);
            assertFlagRule(TsharkFlags.FIELDS, totals, ALL_FLAGS_ALLOWED);
            assertThat(dupNum[1]).as("duplicate_ack_num differences").isZero();
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String flagTable(final long packets, final int files, final long[][] totals, final long[] dupNum) {
        final StringBuilder table = new StringBuilder();
        table.append(String.format("%nAll tcp.analysis flags against tshark over %d TCP packets, %d files%n",
            packets, files));
        table.append(String.format("%-36s %8s %8s %8s %8s %8s %8s%n", "flag", "tshark", "ours", "both",
            "only-ts", "only-us", "agree%"));
        for (int f = 0; f < totals.length; f++) {
            final long union = totals[f][0] + totals[f][1] - totals[f][2];
            table.append(String.format("%-36s %8d %8d %8d %8d %8d %8.2f%n", TsharkFlags.FIELDS[f], totals[f][0],
                totals[f][1], totals[f][2], totals[f][0] - totals[f][2], totals[f][1] - totals[f][2],
                union == 0 ? 100.0 : 100.0 * totals[f][2] / union));
        }
        table.append(String.format("%-36s compared %d, different %d%n", "tcp.analysis.duplicate_ack_num", dupNum[0],
            dupNum[1]));
        return table.toString();
    }

    /**
     * The rule for every flag: unless an explained difference is allowed, tshark's and our totals are
     * equal and agreement per packet (both / either) is at least 99.5 %; allowed differences are caps.
     */
    private static void assertFlagRule(final String[] names, final long[][] totals, final long[][] allowed) {
        for (int f = 0; f < totals.length; f++) {
            final String name = names[f];
            final long onlyTs = totals[f][0] - totals[f][2];
            final long onlyUs = totals[f][1] - totals[f][2];
            assertThat(onlyTs).as(name + " only tshark").isLessThanOrEqualTo(allowed[f][0]);
            assertThat(onlyUs).as(name + " only ours").isLessThanOrEqualTo(allowed[f][1]);
            if (allowed[f][0] == 0 && allowed[f][1] == 0) {
                assertThat(totals[f][1]).as(name + " total").isEqualTo(totals[f][0]);
                final long union = totals[f][0] + totals[f][1] - totals[f][2];
                assertThat(union == 0 ? 1.0 : (double) totals[f][2] / union).as(name + " agreement")
                    .isGreaterThanOrEqualTo(MIN_AGREEMENT);
            }
        }
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static long compare(final String file, final List<String> lines, final CorpusRun run,
                                final long[][] flagTotals, final long[] fieldMismatch, final long[] irtt,
                                final List<String> problems) {
        final String[] header = lines.get(0).split(",", -1);
        final Map<String, Integer> col = new TreeMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i], i);
        }
        long n = 0;
        for (final String line : lines.subList(1, lines.size())) {
            final String[] v = line.split(",", -1);
            final long frame = Long.parseLong(v[col.get("frame.number")]);
            n++;
            final CorpusRun.Row row = run.rows.get(frame);
            if (row == null) {
                fieldMismatch[0]++;
                problems.add(file + " #" + frame + " not tracked by us");
                continue;
            }
            final long[] theirs = {0, Long.parseLong(v[col.get("tcp.stream")]), Long.parseLong(v[col.get("tcp.seq")]),
                Long.parseLong(v[col.get("tcp.ack")]), Long.parseLong(v[col.get("tcp.len")]),
                Long.parseLong(v[col.get("tcp.window_size")])};
            final long[] ours = {0, row.stream(), row.seq() & 0xFFFF_FFFFL, row.ack() & 0xFFFF_FFFFL, row.len(),
                row.window()};
            for (int i = 1; i < FIELDS; i++) {
                if (theirs[i] != ours[i]) {
                    fieldMismatch[i]++;
                    problems.add(file + " #" + frame + " " + FIELD_NAMES[i] + " tshark " + theirs[i]
                        + " ours " + ours[i]);
                }
            }
            for (int f = 0; f < MASKS.length; f++) {
                final boolean ts = !v[col.get(COLUMNS[f])].isEmpty();
                final boolean us = (row.flags() & MASKS[f]) != 0;
                flagTotals[f][0] += ts ? 1 : 0;
                flagTotals[f][1] += us ? 1 : 0;
                flagTotals[f][2] += ts && us ? 1 : 0;
                if (ts != us) {
                    problems.add(file + " #" + frame + " " + COLUMNS[f] + " tshark " + ts + " ours " + us);
                }
            }
            final String rtt = v[col.get("tcp.analysis.initial_rtt")];
            if (!rtt.isEmpty()) {
                irtt[0]++;
                final long theirRtt = new java.math.BigDecimal(rtt).movePointRight(9).longValueExact();
                if (row.initialRtt() == theirRtt) {
                    irtt[1]++;
                } else {
                    problems.add(file + " #" + frame + " initial_rtt tshark " + theirRtt + " ours " + row.initialRtt());
                }
            } else if (row.initialRtt() >= 0 && !row.tree()) {
                irtt[2]++;
            }
        }
        return n;
    }
}
