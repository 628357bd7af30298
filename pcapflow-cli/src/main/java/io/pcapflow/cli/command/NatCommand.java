package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.console.Progress;
import io.pcapflow.correlate.ClockOffset;
import io.pcapflow.correlate.ConnectionPair;
import io.pcapflow.correlate.CorrelationListener;
import io.pcapflow.correlate.Correlator;
import io.pcapflow.correlate.CorrelatorOptions;
import io.pcapflow.correlate.Leg;
import io.pcapflow.correlate.LegConnection;
import io.pcapflow.correlate.LegSelector;
import io.pcapflow.correlate.MappingRow;
import io.pcapflow.correlate.NatColumns;
import io.pcapflow.correlate.Resolution;
import io.pcapflow.correlate.TwoCaptureMerge;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.export.Column;
import io.pcapflow.export.RecordWriter;
import io.pcapflow.export.Times;
import io.pcapflow.tcp.TrackerOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code pcapflow nat}: lines up the inside and outside legs of connections through a NAT,
 * firewall or proxy (see docs/NAT.md).
 */
@Command(name = "nat", sortOptions = false,
    description = {"Line up both legs of connections through a NAT, firewall or proxy: which inside",
        "connection became which outside one, and per packet the transit time through the box and what",
        "it dropped, injected or changed. Inputs: --inside F --outside F, or one capture with both legs",
        "and --inside-if/--outside-if (interface name, pcapng interface number, or -i any ifindex)."})
public final class NatCommand implements Callable<Integer> {
    private static final int BATCH = 4096;
    private static final int PRESCAN_PACKETS = 200_000;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "One capture holding both legs.")
    private String both;

    @Option(names = "--inside", paramLabel = "FILE", description = "Capture of the client-side leg.")
    private String insideFile;

    @Option(names = "--outside", paramLabel = "FILE", description = "Capture of the server-side leg.")
    private String outsideFile;

    @Option(names = "--inside-if", paramLabel = "IF", description = "Interface of the client-side leg in FILE.")
    private String insideIf;

    @Option(names = "--outside-if", paramLabel = "IF", description = "Interface of the server-side leg in FILE.")
    private String outsideIf;

    @ArgGroup(exclusive = true)
    private Mode mode = new Mode();

    /** What to print. */
    static final class Mode {
        @Option(names = "--mapping", description = "Table of inside <-> outside connections (default).")
        boolean mapping;

        @Option(names = "--ladder", paramLabel = "STREAM",
            description = "Two-column ladder of the pair whose inside stream index is STREAM.")
        Long ladder;

        @Option(names = "--log", description = "Accounting log: one record per inside connection when it ends.")
        boolean log;

        @Option(names = "--summary", description = "Packets, retransmissions and losses per leg and direction.")
        boolean summary;
    }

    @Option(names = "--direction", paramLabel = "c2s|s2c", defaultValue = "c2s",
        description = "Ladder: whose sequence numbers the columns show (default c2s).")
    private String direction;

    @Mixin
    private io.pcapflow.cli.option.FormatOptions formats;

    @Option(names = "--clock-offset", paramLabel = "SECONDS",
        description = "Outside clock minus inside clock; default: estimated from the handshakes.")
    private Double clockOffset;

    @Option(names = "--match-window", paramLabel = "SECONDS", defaultValue = "2",
        description = "How long a packet waits for its counterpart before it counts as dropped or injected.")
    private double matchWindow;

    @Option(names = "--mapping-window", paramLabel = "SECONDS", defaultValue = "10",
        description = "Largest time between two connections' SYNs or first payloads for a mapping.")
    private double mappingWindow;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "3600",
        description = "End a connection idle this long in capture time (default 3600).")
    private double idleTimeout;

    @Option(names = "--no-progress", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Draw a progress bar on stderr for large inputs when stderr is a terminal.")
    private boolean progress;

    private final Console console;

    /**
     * @param console where output and problems go
     */
    public NatCommand(final Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        final String usage = checkUsage();
        if (usage != null) {
            console.problem(usage, ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        final RecordWriter.Format format;
        try {
            format = formats.format();
        } catch (IllegalArgumentException e) {
            console.problem(e.getMessage(), ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        final TrackerOptions tracker = new TrackerOptions();
        if (idleTimeout > 0) {
            tracker.idleTimeoutNanos((long) (idleTimeout * 1e9));
        }
        final CorrelatorOptions options = new CorrelatorOptions()
            .matchWindowNanos((long) (matchWindow * 1e9)).mappingWindowNanos((long) (mappingWindow * 1e9))
            .trackerOptions(tracker);
        long offset = clockOffset == null ? 0 : Math.round(clockOffset * 1e9);
        if (both == null && clockOffset == null) {
            final Long estimated = estimateOffset(options);
            if (estimated == null) {
                return console.exitCode();
            }
            offset = estimated;
        }
        options.clockOffsetNanos(offset);
        final Output output = new Output(format);
        final Correlator correlator = new Correlator(options, output);
        output.correlator = correlator;
        try {
            if (both != null) {
                runBoth(correlator, output);
            } else {
                runTwo(correlator, output, offset);
            }
            correlator.finish();
            output.finish();
        } catch (UncheckedIOException e) {
            console.problem("write error: " + e.getCause().getMessage(), ExitCode.INPUT_ERROR);
        }
        if (both == null) {
            reportOffset(correlator);
        }
        console.out().flush();
        return console.exitCode();
    }

    private String checkUsage() {
        if (both != null && (insideFile != null || outsideFile != null)) {
            return "give either FILE with --inside-if/--outside-if, or --inside and --outside, not both";
        }
        if (both != null && (insideIf == null || outsideIf == null)) {
            return "FILE holds both legs: name them with --inside-if and --outside-if";
        }
        if (both == null && (insideFile == null || outsideFile == null)) {
            return "give --inside FILE and --outside FILE, or one FILE with --inside-if and --outside-if";
        }
        if (both == null && (insideIf != null || outsideIf != null)) {
            return "--inside-if/--outside-if select legs within one FILE; with --inside/--outside leave them out";
        }
        if (!"c2s".equals(direction) && !"s2c".equals(direction)) {
            return "--direction " + direction + ": use c2s or s2c";
        }
        if (matchWindow <= 0 || mappingWindow <= 0) {
            return "--match-window and --mapping-window must be positive";
        }
        return null;
    }

    private Long estimateOffset(final CorrelatorOptions options) {
        final ClockOffset coarse;
        try {
            coarse = withBoth((in, out) -> ClockOffset.estimate(in, out, PRESCAN_PACKETS));
            if (coarse == null) {
                return null;
            }
            if (coarse.samples() == 0) {
                console.problem("warning: no handshake seen in both captures' first " + PRESCAN_PACKETS
                    + " packets: clocks assumed equal (set --clock-offset if they are not)", ExitCode.OK);
                return 0L;
            }
            return withBoth((in, out) -> ClockOffset.refine(in, out, coarse.offsetNanos(), 2 * PRESCAN_PACKETS,
                options));
        } catch (IOException e) {
            console.problem("read error: " + e.getMessage(), ExitCode.INPUT_ERROR);
            return null;
        }
    }

    /** Work on freshly opened inside and outside captures. */
    private interface BothJob<T> {
        T run(CaptureReader in, CaptureReader out) throws IOException;
    }

    private <T> T withBoth(final BothJob<T> job) throws IOException {
        final CaptureReader in = CaptureLoop.open(console, insideFile);
        if (in == null) {
            return null;
        }
        final CaptureReader out = CaptureLoop.open(console, outsideFile);
        if (out == null) {
            close(in);
            return null;
        }
        try {
            return job.run(in, out);
        } finally {
            close(in);
            close(out);
        }
    }

    private void reportOffset(final Correlator correlator) {
        final long estimate = correlator.clockOffsetEstimate();
        if (estimate == Long.MIN_VALUE) {
            return;
        }
        console.err().println(String.format(Locale.ROOT,
            "clock offset (outside - inside): %+.6f s +/- %.6f s, from %d matched packets",
            estimate / 1e9, correlator.clockOffsetSpread() / 1e9, correlator.transitSamples()));
        console.err().flush();
    }

    private static void close(final CaptureReader r) {
        try {
            r.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    private void runBoth(final Correlator correlator, final Output output) {
        final LegSelector selector = new LegSelector(insideIf, outsideIf);
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final long[] skipped = new long[1];
        CaptureLoop.run(console, both, progress, new CaptureLoop.Job() {
            @Override
            public io.pcapflow.capture.PacketHandler start(final CaptureReader reader) {
                output.readers.add(reader);
                return (final CaptureRecord r) -> {
                    if (decoder.decode(r, view)) {
                        final int leg = selector.legOf(r, view);
                        if (leg >= 0) {
                            correlator.onPacket(leg, view);
                        } else {
                            skipped[0]++;
                        }
                    }
                };
            }

            @Override
            public void finish(final CaptureReader reader) {
                if (correlator.packets(Leg.INSIDE) == 0 || correlator.packets(Leg.OUTSIDE) == 0) {
                    final List<String> names = new ArrayList<>();
                    for (final InterfaceInfo i : reader.interfaces()) {
                        names.add(i.id() + (i.name() == null ? "" : "=" + i.name()));
                    }
                    console.problem("warning: " + both + ": no packet on the "
                        + (correlator.packets(Leg.INSIDE) == 0 ? "inside (" + insideIf + ")" : "outside ("
                            + outsideIf + ")")
                        + " interface; interfaces in the file: " + String.join(", ", names)
                        + " (for -i any captures use the interface index)", ExitCode.OK);
                }
            }
        });
    }

    private void runTwo(final Correlator correlator, final Output output, final long offset) {
        final CaptureReader in = CaptureLoop.open(console, insideFile);
        if (in == null) {
            return;
        }
        final CaptureReader out = CaptureLoop.open(console, outsideFile);
        if (out == null) {
            close(in);
            return;
        }
        output.readers.add(in);
        output.readers.add(out);
        final PacketDecoder[] decoders = {new PacketDecoder(), new PacketDecoder()};
        final PacketView view = new PacketView();
        final TwoCaptureMerge merge = new TwoCaptureMerge(in, out, offset);
        final Progress bar = new Progress(console, insideFile + " + " + outsideFile, merge.size(), progress);
        try {
            while (merge.poll((leg, r) -> {
                if (decoders[leg].decode(r, view)) {
                    correlator.onPacket(leg, view);
                }
            }, BATCH) > 0) {
                bar.update(merge.position());
            }
        } catch (IOException e) {
            console.problem("read error: " + e.getMessage(), ExitCode.INPUT_ERROR);
        } finally {
            bar.done();
            CaptureLoop.report(console, in);
            CaptureLoop.report(console, out);
            close(in);
            close(out);
        }
    }

    /** Turns the correlator's events into the chosen output. */
    private final class Output implements CorrelationListener {
        private final RecordWriter.Format format;
        private final List<CaptureReader> readers = new ArrayList<>();
        private Correlator correlator;
        private RecordWriter<MappingRow> mappingWriter;
        private RecordWriter<LegConnection> logWriter;
        private final NatLadder ladder;

        Output(final RecordWriter.Format format) {
            this.format = format;
            this.ladder = mode.ladder == null ? null : new NatLadder(mode.ladder, "s2c".equals(direction) ? 1 : 0);
        }

        private int digits() {
            int digits = 6;
            for (final CaptureReader r : readers) {
                for (final InterfaceInfo i : r.interfaces()) {
                    digits = Math.max(digits, Math.min(9, i.fractionDigits()));
                }
            }
            return digits;
        }

        private boolean mappingMode() {
            return mode.ladder == null && !mode.log && !mode.summary;
        }

        @Override
        public void onResolved(final Resolution resolution) {
            if (ladder != null) {
                ladder.add(resolution);
            }
        }

        @Override
        public void onConnectionEnd(final LegConnection connection) {
            if (mode.log && connection.leg() == Leg.INSIDE) {
                if (logWriter == null) {
                    logWriter = RecordWriter.of(format, NatColumns.log(digits()), console.out());
                }
                write(logWriter, connection);
            }
        }

        @Override
        public void onPairDone(final ConnectionPair pair) {
            mapping(new MappingRow(pair, null));
        }

        @Override
        public void onUnmatched(final LegConnection connection) {
            mapping(new MappingRow(null, connection));
        }

        private void mapping(final MappingRow row) {
            if (!mappingMode()) {
                return;
            }
            if (mappingWriter == null) {
                mappingWriter = RecordWriter.of(format, columns(), console.out());
            }
            write(mappingWriter, row);
        }

        private List<Column<MappingRow>> columns() {
            final List<Column<MappingRow>> all = NatColumns.mapping(digits());
            if (format != RecordWriter.Format.TABLE) {
                return all;
            }
            final List<String> names = List.of("kind", "inside_stream", "client_ip", "client_port", "nat_ip",
                "nat_port", "server_ip", "server_port", "confidence", "matched", "dropped", "injected",
                "transit_p50", "transit_p99");
            final List<Column<MappingRow>> picked = new ArrayList<>();
            for (final String n : names) {
                all.stream().filter(c -> c.name().equals(n)).findFirst().ifPresent(picked::add);
            }
            return picked;
        }

        private <T> void write(final RecordWriter<T> w, final T row) {
            try {
                w.write(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() {
            try {
                if (mappingMode() && mappingWriter == null) {
                    mappingWriter = RecordWriter.of(format, columns(), console.out());
                }
                if (mode.log && logWriter == null) {
                    logWriter = RecordWriter.of(format, NatColumns.log(digits()), console.out());
                }
                if (mappingWriter != null) {
                    mappingWriter.close();
                }
                if (logWriter != null) {
                    logWriter.close();
                }
                if (ladder != null) {
                    if (!ladder.print(console.out())) {
                        console.problem("no connection with inside stream " + mode.ladder, ExitCode.INPUT_ERROR);
                    }
                }
                if (mode.summary) {
                    final RecordWriter<Integer> w = RecordWriter.of(format, NatColumns.summary(correlator, digits()),
                        console.out());
                    w.write(0);
                    w.write(1);
                    w.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String seconds(final long nanos) {
        final StringBuilder sb = new StringBuilder();
        Times.appendSeconds(sb, nanos, 6);
        return sb.toString();
    }
}
