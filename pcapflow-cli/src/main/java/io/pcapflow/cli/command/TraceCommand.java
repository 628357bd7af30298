package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.option.InputOptions;
import io.pcapflow.tcp.TrackerOptions;
import io.pcapflow.trace.FileSink;
import io.pcapflow.trace.FlowFormat;
import io.pcapflow.trace.FlowSink;
import io.pcapflow.trace.FlowSplitter;
import io.pcapflow.trace.IndexSink;
import io.pcapflow.trace.JsonFormat;
import io.pcapflow.trace.OutputDirectory;
import io.pcapflow.trace.PayloadSink;
import io.pcapflow.trace.PcapFormat;
import io.pcapflow.trace.PcapngFormat;
import io.pcapflow.trace.TextFormat;
import io.pcapflow.trace.TraceSummary;
import io.pcapflow.trace.Tracer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pcapflow trace}: one file per TCP connection plus {@code index.json}, optionally the
 * reassembled byte streams; see docs/TRACE.md.
 */
@Command(name = "trace", sortOptions = false,
    description = {"Split captures into one file per TCP connection (both directions; a reused port is",
        "another connection), with DIR/index.json listing label, stream index, endpoints, times,",
        "frame numbers, file and end of each. Files appear only when complete; index.json last."})
public final class TraceCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { pcap, pcapng, json, text }

    @Mixin
    private InputOptions inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
        description = "Output directory (created; must be empty unless --force).")
    private Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pcap",
        description = "pcap (default), pcapng, json (JSON Lines, one object per packet) or text (ladder).")
    private Format format;

    @Option(names = "--per-direction", description = "One file per direction of each connection (pcapkit's split).")
    private boolean perDirection;

    @Option(names = "--payload",
        description = "Also write each direction's reassembled byte stream (<name>.c2s.payload, .s2c.payload).")
    private boolean payload;

    @Option(names = "--payload-buffer", paramLabel = "BYTES", defaultValue = "4194304",
        description = "Out-of-order bytes held per connection before a gap is declared (default: 4 MiB).")
    private long payloadBuffer;

    @Option(names = "--max-open-files", paramLabel = "N", defaultValue = "256",
        description = "Files kept open at once; others are closed and reopened for appending (default: 256).")
    private int maxOpenFiles;

    @Option(names = "--force", description = "Write into a non-empty directory (same-named files are replaced).")
    private boolean force;

    private final Console console;

    /**
     * @param console where output and problems go
     */
    public TraceCommand(final Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (maxOpenFiles < 1 || payloadBuffer < 0) {
            console.problem("--max-open-files must be at least 1 and --payload-buffer at least 0", ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        final OutputDirectory dir;
        try {
            dir = OutputDirectory.prepare(output, force, maxOpenFiles);
        } catch (IOException e) {
            console.problem(e.getMessage(), ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        final FlowFormat flowFormat = flowFormat();
        final List<FlowSink> sinks = new ArrayList<>();
        sinks.add(new FileSink(dir, flowFormat));
        if (payload) {
            sinks.add(new PayloadSink(dir, payloadBuffer));
        }
        sinks.add(new IndexSink(dir, format.name(), perDirection));
        final FlowSplitter splitter = new FlowSplitter(perDirection, inputs.files.size(), sinks);
        final TraceSummary summary = new TraceSummary();
        try {
            for (int i = 0; i < inputs.files.size(); i++) {
                traceOne(inputs.files.get(i), i, splitter, summary);
            }
            splitter.finish(summary);
            dir.close();
        } catch (IOException | UncheckedIOException e) {
            final Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            console.problem(output + ": cannot write: " + cause.getMessage() + " (incomplete files left in "
                + output.resolve(OutputDirectory.PARTIAL) + ", no index.json)", ExitCode.INPUT_ERROR);
            return console.exitCode();
        }
        console.out().line(summary.flows() + " flows, " + summary.tcpPacketsWritten() + " TCP packets written to "
            + output + " (" + summary.nonTcpPackets() + " other packets skipped"
            + (summary.notWritten() > 0 ? ", " + summary.notWritten() + " not storable as " + format
            + ": see index.json" : "")
            + (summary.unassignedFragments() > 0 ? ", " + summary.unassignedFragments()
            + " IPv4 fragments of TCP datagrams that never completed: listed in index.json" : "") + ")");
        console.out().flush();
        return console.exitCode();
    }

    private FlowFormat flowFormat() {
        switch (format) {
            case pcapng:
                return new PcapngFormat();
            case json:
                return new JsonFormat();
            case text:
                return new TextFormat();
            default:
                return new PcapFormat();
        }
    }

    private void traceOne(final String file, final int index, final FlowSplitter splitter,
                          final TraceSummary summary) {
        final boolean opened = CaptureLoop.run(console, file, inputs, new CaptureLoop.Job() {
            private Tracer tracer;

            @Override
            public PacketHandler start(final CaptureReader reader) {
                tracer = new Tracer(TrackerOptions.defaults(), splitter, index);
                return tracer;
            }

            @Override
            public void finish(final CaptureReader reader) {
                try {
                    tracer.finish(reader, summary);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (reader.issueCount() > 0) {
                    summary.anomaly("capture_issues", reader.issueCount());
                }
            }
        });
        if (!opened) {
            // keeps summary.inputs[i] the i-th input given, as a connection's "input" and in<i>- name it
            summary.unreadable(file);
        }
    }
}
