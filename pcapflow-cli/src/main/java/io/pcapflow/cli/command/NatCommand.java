package io.pcapflow.cli.command;

import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.correlate.ConnectionPair;
import io.pcapflow.correlate.CorrelationListener;
import io.pcapflow.correlate.Correlator;
import io.pcapflow.correlate.CorrelatorOptions;
import io.pcapflow.correlate.Leg;
import io.pcapflow.correlate.LegConnection;
import io.pcapflow.correlate.MappingRow;
import io.pcapflow.correlate.NatColumns;
import io.pcapflow.correlate.Resolution;
import io.pcapflow.export.Column;
import io.pcapflow.export.RecordWriter;
import io.pcapflow.export.Times;
import io.pcapflow.tcp.TrackerOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
    @Mixin
    private LegInputs inputs;

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

    @Option(names = "--match-window", paramLabel = "SECONDS", defaultValue = "2",
        description = "How long a packet waits for its counterpart before it counts as dropped or injected.")
    private double matchWindow;

    @Option(names = "--mapping-window", paramLabel = "SECONDS", defaultValue = "10",
        description = "Largest time between two connections' SYNs or first payloads for a mapping.")
    private double mappingWindow;

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
        final TrackerOptions tracker = inputs.trackerOptions();
        final CorrelatorOptions options = new CorrelatorOptions()
            .matchWindowNanos((long) (matchWindow * 1e9)).mappingWindowNanos((long) (mappingWindow * 1e9))
            .trackerOptions(tracker);
        if (!inputs.prepare(console, options)) {
            return console.exitCode();
        }
        final Output output = new Output(format);
        final Correlator correlator = new Correlator(options, output);
        output.correlator = correlator;
        try {
            inputs.run(console, correlator);
            correlator.finish();
            output.finish();
        } catch (UncheckedIOException e) {
            console.problem("write error: " + e.getCause().getMessage(), ExitCode.INPUT_ERROR);
        }
        inputs.reportOffset(console, correlator);
        console.out().flush();
        return console.exitCode();
    }

    private String checkUsage() {
        final String usage = inputs.checkUsage();
        if (usage != null) {
            return usage;
        }
        if (!"c2s".equals(direction) && !"s2c".equals(direction)) {
            return "--direction " + direction + ": use c2s or s2c";
        }
        if (matchWindow <= 0 || mappingWindow <= 0) {
            return "--match-window and --mapping-window must be positive";
        }
        return null;
    }

    /** Turns the correlator's events into the chosen output. */
    private final class Output implements CorrelationListener {
        private final RecordWriter.Format format;
        private Correlator correlator;
        private RecordWriter<MappingRow> mappingWriter;
        private RecordWriter<LegConnection> logWriter;
        private final NatLadder ladder;

        Output(final RecordWriter.Format format) {
            this.format = format;
            this.ladder = mode.ladder == null ? null : new NatLadder(mode.ladder, "s2c".equals(direction) ? 1 : 0);
        }

        private int digits() {
            return inputs.digits();
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
