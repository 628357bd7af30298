package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.console.Progress;
import io.pcapflow.cli.option.InputFormatOptions;
import io.pcapflow.correlate.ClockOffset;
import io.pcapflow.correlate.Correlator;
import io.pcapflow.correlate.CorrelatorOptions;
import io.pcapflow.correlate.Leg;
import io.pcapflow.correlate.LegSelector;
import io.pcapflow.correlate.TwoCaptureMerge;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The inputs of the two-leg commands ({@code nat}, {@code conntrack}): two captures, one per leg,
 * or one capture with both legs told apart by interface; and how to feed them to a correlator.
 */
final class LegInputs {
    private static final int BATCH = 4096;
    private static final int PRESCAN_PACKETS = 200_000;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "One capture holding both legs.")
    String both;

    @Option(names = "--inside", paramLabel = "FILE", description = "Capture of the client-side leg.")
    String insideFile;

    @Option(names = "--outside", paramLabel = "FILE", description = "Capture of the server-side leg.")
    String outsideFile;

    @Option(names = "--inside-if", paramLabel = "IF",
        description = "Client-side interface: name or number in FILE (ifindex for -i any captures).")
    String insideIf;

    @Option(names = "--outside-if", paramLabel = "IF",
        description = "Server-side interface: name or number in FILE (ifindex for -i any captures).")
    String outsideIf;

    @Mixin
    InputFormatOptions formatOptions = new InputFormatOptions();

    @Option(names = "--clock-offset", paramLabel = "SECONDS",
        description = "Outside clock minus inside clock; default: estimated from the packets.")
    Double clockOffset;

    @Option(names = "--no-progress", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Draw a progress bar on stderr for large inputs when stderr is a terminal.")
    boolean progress;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "3600",
        description = "End (and log as idle) a connection silent this long in capture time (default 3600).")
    double idleTimeout;

    /** @return both legs' tracker settings */
    io.pcapflow.tcp.TrackerOptions trackerOptions() {
        final io.pcapflow.tcp.TrackerOptions tracker = new io.pcapflow.tcp.TrackerOptions();
        if (idleTimeout > 0) {
            tracker.idleTimeoutNanos((long) (idleTimeout * 1e9));
        }
        return tracker;
    }

    /** Readers opened for the main pass, for their interfaces' time resolution. */
    final List<CaptureReader> readers = new ArrayList<>();

    /** @return a usage problem, or null */
    String checkUsage() {
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
        return null;
    }

    /** @return sub-second digits of the inputs' timestamps (6 or 9) */
    int digits() {
        int digits = 6;
        for (final CaptureReader r : readers) {
            for (final InterfaceInfo i : r.interfaces()) {
                digits = Math.max(digits, Math.min(9, i.fractionDigits()));
            }
        }
        return digits;
    }

    /**
     * Sets the clock offset into {@code options}: given, estimated for two captures, 0 for one.
     *
     * @return false when an input could not be read (reported)
     */
    boolean prepare(final Console console, final CorrelatorOptions options) {
        long offset = clockOffset == null ? 0 : Math.round(clockOffset * 1e9);
        if (both == null && clockOffset == null) {
            final Long estimated = estimateOffset(console, options);
            if (estimated == null) {
                return false;
            }
            offset = estimated;
        }
        options.clockOffsetNanos(offset);
        return true;
    }

    /** Feeds every packet of the inputs to the correlator (not {@link Correlator#finish()}). */
    void run(final Console console, final Correlator correlator) {
        if (both != null) {
            runBoth(console, correlator);
        } else {
            runTwo(console, correlator, correlator.options().clockOffsetNanos());
        }
    }

    /** Prints on stderr the offset the matched packets imply, for two captures. */
    void reportOffset(final Console console, final Correlator correlator) {
        final long estimate = correlator.clockOffsetEstimate();
        if (both != null || estimate == Long.MIN_VALUE) {
            return;
        }
        console.err().println(String.format(Locale.ROOT,
            "clock offset (outside - inside): %+.6f s +/- %.6f s, from %d matched packets",
            estimate / 1e9, correlator.clockOffsetSpread() / 1e9, correlator.transitSamples()));
        console.err().flush();
    }

    private Long estimateOffset(final Console console, final CorrelatorOptions options) {
        try {
            final ClockOffset coarse = withBoth(console, (in, out) -> ClockOffset.estimate(in, out, PRESCAN_PACKETS));
            if (coarse == null) {
                return null;
            }
            final long start = coarse.samples() > 0 ? coarse.offsetNanos() : 0;
            final ClockOffset refined = withBoth(console, (in, out) -> ClockOffset.refine(in, out, start,
                2 * PRESCAN_PACKETS, options));
            if (refined == null) {
                return null;
            }
            if (refined.samples() == 0 && coarse.samples() == 0) {
                console.problem("warning: no packet matched across the captures' first " + PRESCAN_PACKETS
                    + " packets: clocks assumed equal (set --clock-offset if they are not)", ExitCode.OK);
            }
            return refined.samples() > 0 ? refined.offsetNanos() : start;
        } catch (IOException e) {
            console.problem("read error: " + e.getMessage(), ExitCode.INPUT_ERROR);
            return null;
        }
    }

    /** Work on freshly opened inside and outside captures. */
    private interface BothJob<T> {
        T run(CaptureReader in, CaptureReader out) throws IOException;
    }

    private <T> T withBoth(final Console console, final BothJob<T> job) throws IOException {
        final CaptureReader in = CaptureLoop.open(console, insideFile, formatOptions);
        if (in == null) {
            return null;
        }
        final CaptureReader out = CaptureLoop.open(console, outsideFile, formatOptions);
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

    static void close(final CaptureReader r) {
        try {
            r.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    private void runBoth(final Console console, final Correlator correlator) {
        final LegSelector selector = new LegSelector(insideIf, outsideIf);
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        CaptureLoop.run(console, both, progress, formatOptions, new CaptureLoop.Job() {
            @Override
            public PacketHandler start(final CaptureReader reader) {
                readers.add(reader);
                return (final CaptureRecord r) -> {
                    if (decoder.decode(r, view)) {
                        final int leg = selector.legOf(r, view);
                        if (leg >= 0) {
                            correlator.onPacket(leg, view);
                        }
                    }
                };
            }

            @Override
            public void finish(final CaptureReader reader) {
                warnIfEmpty(console, correlator, both, reader.interfaces());
            }
        });
    }

    /** Names the interfaces a file has when a chosen one shows no packet. */
    void warnIfEmpty(final Console console, final Correlator correlator, final String name,
                     final List<InterfaceInfo> interfaces) {
        if (correlator.packets(Leg.INSIDE) > 0 && correlator.packets(Leg.OUTSIDE) > 0) {
            return;
        }
        final List<String> names = new ArrayList<>();
        for (final InterfaceInfo i : interfaces) {
            names.add(i.id() + (i.name() == null ? "" : "=" + i.name()));
        }
        console.problem("warning: " + name + ": no packet on the "
            + (correlator.packets(Leg.INSIDE) == 0 ? "inside (" + insideIf + ")" : "outside (" + outsideIf + ")")
            + " interface; interfaces in the file: " + String.join(", ", names)
            + " (for -i any captures use the interface index)", ExitCode.OK);
    }

    private void runTwo(final Console console, final Correlator correlator, final long offset) {
        final CaptureReader in = CaptureLoop.open(console, insideFile, formatOptions);
        if (in == null) {
            return;
        }
        final CaptureReader out = CaptureLoop.open(console, outsideFile, formatOptions);
        if (out == null) {
            close(in);
            return;
        }
        readers.add(in);
        readers.add(out);
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
}
