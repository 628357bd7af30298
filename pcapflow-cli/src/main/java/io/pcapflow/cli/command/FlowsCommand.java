package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.console.LineBuffer;
import io.pcapflow.cli.option.Endpoint;
import io.pcapflow.cli.option.FormatOptions;
import io.pcapflow.cli.option.InputOptions;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketPipeline;
import io.pcapflow.decode.PacketView;
import io.pcapflow.export.Column;
import io.pcapflow.export.ColumnType;
import io.pcapflow.export.FlowColumns;
import io.pcapflow.export.FlowSummary;
import io.pcapflow.export.RecordWriter;
import io.pcapflow.tcp.TcpConnection;
import io.pcapflow.tcp.TcpListener;
import io.pcapflow.tcp.TcpSegment;
import io.pcapflow.tcp.TcpTracker;
import io.pcapflow.tcp.TrackerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code pcapflow flows}: one row per TCP connection. Rows come out in stream order as soon as
 * every lower stream has ended, so memory holds only connections still open (or waiting for an
 * older one to end); {@code --sort} on another column holds every row until the end.
 */
@Command(name = "flows", sortOptions = false,
    description = {"One row per TCP connection: stream index (= Wireshark's tcp.stream), endpoints,",
        "Zeek conn_state and history, packets and bytes per direction, handshake and RTT times,",
        "negotiated options, retransmissions and other analysis counts, who ended it and how.",
        "Columns: docs/COLUMNS.md. --sort on a column other than stream keeps all rows in memory."})
public final class FlowsCommand implements Callable<Integer> {
    /** Decoded packets in flight between the reading and the tracking thread. */
    private static final int PIPELINE_VIEWS = 4096;

    @Mixin
    private InputOptions inputs;

    @Mixin
    private FormatOptions formats;

    @Option(names = "--host", paramLabel = "IP", description = "Only connections with this address on either side.")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Only connections with this port on either side.")
    private Integer port;

    @Option(names = "--client", paramLabel = "IP[:PORT]", description = "Only connections from this client.")
    private String client;

    @Option(names = "--server", paramLabel = "IP[:PORT]", description = "Only connections to this server.")
    private String server;

    @Option(names = "--sort", paramLabel = "COLUMN[:desc]", defaultValue = "stream",
        description = "Order rows by a column (default: stream); ':desc' reverses.")
    private String sort;

    @Option(names = "--columns", paramLabel = "LIST", split = ",",
        description = {"Columns to show, comma-separated, or 'all'. Default: all for --csv and --jsonl,",
            "a readable subset for the table."})
    private List<String> columnNames;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "3600",
        description = "End a connection idle this long in capture time (default 3600).")
    private double idleTimeoutSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1048576",
        description = "Connections held open at once before the least recently used is ended (default 1048576).")
    private int maxConnections;

    @Option(names = "--max-lingering", paramLabel = "N", defaultValue = "4096",
        description = {"Closed connections kept whole for late packets (default 4096); beyond it the one quiet",
            "longest is reported, and its later packets keep their stream but are not counted in its row."})
    private int maxLingering;

    @Option(names = "--threads", paramLabel = "N",
        description = {"1: everything on one thread. 2 or more: read, decode and write on one thread, track on",
            "another (default: 2 when the machine has 2 cores or more; output identical either way)."})
    private Integer threadsOption;
    private int threads;

    @Option(names = "--vlan-aware", description = "Keep connections on different VLANs apart (Wireshark merges them).")
    private boolean vlanAware;

    private final Console console;

    /**
     * @param console where output and problems go
     */
    public FlowsCommand(final Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        final Selection selection;
        final RecordWriter.Format format;
        threads = threadsOption != null ? threadsOption : Math.min(2, Runtime.getRuntime().availableProcessors());
        if (threads < 1) {
            console.problem("--threads " + threads + ": must be at least 1", ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        if (maxLingering < 0) {
            console.problem("--max-lingering " + maxLingering + ": must not be negative", ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        if (maxConnections < 1) {
            console.problem("--max-connections " + maxConnections + ": must be at least 1", ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        try {
            selection = new Selection(host == null ? null : Endpoint.parse(host, "--host", false),
                port == null ? -1 : port, client == null ? null : Endpoint.parse(client, "--client", true),
                server == null ? null : Endpoint.parse(server, "--server", true));
            format = formats.format();
        } catch (IllegalArgumentException e) {
            console.problem(e.getMessage(), ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        if (!"stream".equals(sort) || columnNames != null) {
            try {
                comparator("stream".equals(sort));
                columns(6, null);
            } catch (IllegalArgumentException e) {
                console.problem(e.getMessage(), ExitCode.USAGE);
                return ExitCode.USAGE;
            }
        }
        for (final String file : inputs.files) {
            final Emitter emitter = new Emitter(selection, format, inputs.files.size() > 1 ? file : null);
            CaptureLoop.run(console, file, inputs, new Job(file, emitter));
        }
        console.out().flush();
        return console.exitCode();
    }

    /**
     * Reads one input. On one thread: decode, track, format and write. On two: this thread reads,
     * decodes, formats and writes the rows, the other tracks (the heaviest part) and hands each
     * closed connection back as a {@link FlowSummary}.
     */
    private final class Job implements CaptureLoop.Job {
        /** Published packets between looks at the rows handed back. */
        private static final int DRAIN_EVERY = 256;

        private final String file;
        private final Emitter emitter;
        private TcpTracker tracker;
        private PacketPipeline pipeline;
        private int knownInterfaces = -1;
        private int digits;
        private int sinceDrain;

        Job(final String file, final Emitter emitter) {
            this.file = file;
            this.emitter = emitter;
        }

        @Override
        public PacketHandler start(final CaptureReader reader) {
            emitter.reader = reader;
            tracker = new TcpTracker(trackerOptions(), emitter);
            final PacketDecoder decoder = new PacketDecoder();
            if (threads == 1) {
                final PacketView view = new PacketView();
                return (final CaptureRecord r) -> {
                    if (decoder.decode(r, view)) {
                        tracker.onPacket(view);
                    }
                };
            }
            // the tracker's thread must not read the reader's interface list while this thread adds
            // to it: each packet carries the digits known when it was read
            emitter.handoff = new ConcurrentLinkedQueue<>();
            pipeline = new PacketPipeline(PIPELINE_VIEWS, "pcapflow-tracker", (view, known) -> {
                emitter.knownDigits = known;
                tracker.onPacket(view);
            });
            pipeline.whileWaiting(emitter::drain);
            // a view of the reader's list: its size follows the interfaces described so far
            final List<InterfaceInfo> interfaces = reader.interfaces();
            return (final CaptureRecord r) -> {
                final PacketView view = pipeline.claim();
                if (decoder.decode(r, view) && view.hasTcp()) {
                    if (interfaces.size() != knownInterfaces) {
                        knownInterfaces = interfaces.size();
                        digits = Emitter.digits(reader);
                    }
                    pipeline.publish(digits);
                    if (++sinceDrain == DRAIN_EVERY) {
                        sinceDrain = 0;
                        emitter.drain();
                    }
                }
            };
        }

        @Override
        public void finish(final CaptureReader reader) {
            if (pipeline != null) {
                pipeline.finish();
                emitter.drain();
                emitter.handoff = null;
                emitter.knownDigits = -1;
            }
            tracker.finish();
            emitter.finish();
            if (tracker.evictions() > 0) {
                console.problem("warning: " + file + ": " + tracker.evictions() + " connections ended early "
                    + "(end_reason evicted): more than " + maxConnections + " open at once; raise "
                    + "--max-connections", ExitCode.OK);
            }
            if (tracker.latePackets() > 0) {
                console.problem("warning: " + file + ": " + tracker.latePackets() + " packets came after their "
                    + "connection's row was written (more than " + maxLingering + " other connections had closed "
                    + "since); they kept their stream but are not counted in its row; raise --max-lingering",
                    ExitCode.OK);
            }
        }

        @Override
        public void end() {
            if (pipeline != null) {
                pipeline.close();
            }
        }
    }

    private TrackerOptions trackerOptions() {
        final TrackerOptions options = new TrackerOptions();
        options.vlanAware(vlanAware);
        options.maxOpenConnections(maxConnections);
        options.maxLingeringConnections(maxLingering);
        if (idleTimeoutSeconds > 0) {
            options.idleTimeoutNanos((long) (idleTimeoutSeconds * 1e9));
        }
        return options;
    }

    /** The table's default columns: what a person scans first. */
    private static final List<String> TABLE_COLUMNS = List.of("stream", "start", "duration", "client_ip",
        "client_port", "server_ip", "server_port", "conn_state", "history", "c2s_packets", "s2c_packets",
        "c2s_bytes", "s2c_bytes", "initial_rtt", "c2s_retrans", "s2c_retrans", "end_reason");

    private List<Column<FlowSummary>> columns(final int digits, final String file) {
        final List<Column<FlowSummary>> all = chosen(FlowColumns.all(digits));
        if (file == null) {
            return all;
        }
        final List<Column<FlowSummary>> withFile = new ArrayList<>();
        withFile.add(new Column<>("file", ColumnType.STRING, "", "input file", (r, out) -> {
            out.append(file);
            return true;
        }));
        withFile.addAll(all);
        return withFile;
    }

    private List<Column<FlowSummary>> chosen(final List<Column<FlowSummary>> all) {
        final List<String> names;
        if (columnNames != null && !(columnNames.size() == 1 && "all".equals(columnNames.get(0)))) {
            names = columnNames;
        } else if (columnNames == null && formats.format() == RecordWriter.Format.TABLE) {
            names = TABLE_COLUMNS;
        } else {
            return all;
        }
        final List<Column<FlowSummary>> picked = new ArrayList<>();
        for (final String name : names) {
            picked.add(all.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--columns: no column '" + name + "' (see docs/COLUMNS.md)")));
        }
        return picked;
    }

    private Comparator<FlowSummary> comparator(final boolean byStream) {
        final List<Column<FlowSummary>> columns = FlowColumns.all(9);
        final Comparator<FlowSummary> stream = Comparator.comparingLong(FlowSummary::stream);
        if (byStream) {
            return stream;
        }
        final boolean desc = sort.endsWith(":desc");
        final String name = desc ? sort.substring(0, sort.length() - 5) : sort;
        for (final Column<FlowSummary> c : columns) {
            if (c.name().equals(name)) {
                Comparator<FlowSummary> by = c.type() == ColumnType.INTEGER || c.type() == ColumnType.DECIMAL
                    ? Comparator.comparingDouble(r -> number(c, r)) : Comparator.comparing(r -> text(c, r));
                if (desc) {
                    by = by.reversed();
                }
                return by.thenComparing(stream);
            }
        }
        throw new IllegalArgumentException("--sort " + sort + ": no such column (see docs/COLUMNS.md)");
    }

    private static double number(final Column<FlowSummary> c, final FlowSummary r) {
        final StringBuilder sb = new StringBuilder();
        return c.cell().append(r, sb) ? Double.parseDouble(sb.toString()) : Double.NEGATIVE_INFINITY;
    }

    private static String text(final Column<FlowSummary> c, final FlowSummary r) {
        final StringBuilder sb = new StringBuilder();
        return c.cell().append(r, sb) ? sb.toString() : "";
    }

    /** Which connections to show. */
    private record Selection(Endpoint host, int port, Endpoint client, Endpoint server) {
        boolean accepts(final FlowSummary r) {
            if (host != null && !host.matches(r.client(), r.clientPort())
                && !host.matches(r.server(), r.serverPort())) {
                return false;
            }
            if (port >= 0 && r.clientPort() != port && r.serverPort() != port) {
                return false;
            }
            if (client != null && !client.matches(r.client(), r.clientPort())) {
                return false;
            }
            return server == null || server.matches(r.server(), r.serverPort());
        }
    }

    /**
     * Receives finished connections. In stream order (the default) a row is written as soon as
     * every lower stream index has been written or filtered out; otherwise rows are kept and
     * sorted at the end. The writer is created at the first row, when the capture's timestamp
     * resolution is known. From then on, in stream order and a line format (CSV, JSON Lines), a
     * row is formatted when its connection closes, while its data is still in the cache, and only
     * its bytes wait for the lower streams (formatting the rows later, cold, took a quarter of
     * the run on a large capture).
     */
    private final class Emitter implements TcpListener {
        private final Selection selection;
        private final RecordWriter.Format format;
        private final String file;
        private final boolean inOrder;
        private final boolean lineFormat;
        private final LineBuffer line = new LineBuffer();
        /**
         * Rows waiting for a lower stream, at {@code stream - nextStream} in a ring from {@code head}:
         * a {@link FlowSummary} (closed before the writer existed, or for the table), the row's
         * formatted bytes, or {@link #NONE} for a row filtered out.
         */
        private Object[] pending = new Object[1024];
        private int head;
        private final List<FlowSummary> sorted = new ArrayList<>();
        private CaptureReader reader;
        /**
         * With two threads: the digits known at the packet being tracked (tracker's thread), then at
         * the close of the row being handled (reading thread); -1 otherwise.
         */
        private int knownDigits = -1;
        /** With two threads: closed connections on their way from the tracker's thread, else null. */
        private volatile Queue<Closed> handoff;
        private RecordWriter<FlowSummary> writer;
        private List<Column<FlowSummary>> columns;
        private long nextStream;

        Emitter(final Selection selection, final RecordWriter.Format format, final String file) {
            this.selection = selection;
            this.format = format;
            this.file = file;
            this.inOrder = "stream".equals(sort);
            this.lineFormat = format != RecordWriter.Format.TABLE;
        }

        @Override
        public void onSegment(final TcpConnection connection, final PacketView view, final TcpSegment segment) {
            // the summary needs only the connection's final state
        }

        @Override
        public void onClose(final TcpConnection connection) {
            final FlowSummary row = FlowSummary.of(connection);
            final Queue<Closed> queue = handoff;
            if (queue != null) {
                queue.add(new Closed(row, knownDigits));
                return;
            }
            accept(row);
        }

        /** Handles the rows handed back by the tracker's thread (on the reading thread). */
        void drain() {
            Closed closed;
            while ((closed = handoff.poll()) != null) {
                knownDigits = closed.digits();
                accept(closed.row());
            }
        }

        private void accept(final FlowSummary row) {
            final boolean wanted = selection.accepts(row);
            if (!inOrder) {
                if (wanted) {
                    sorted.add(row);
                }
                return;
            }
            final long offset = row.stream() - nextStream;
            if (offset < 0 || offset >= Integer.MAX_VALUE / 2) {
                throw new IllegalStateException("stream " + row.stream() + " reported out of order");
            }
            if (offset == 0) {
                if (wanted) {
                    write(row);
                }
                nextStream++;
                head = (head + 1) & (pending.length - 1);
                release();
                return;
            }
            while (offset >= pending.length) {
                grow();
            }
            final Object held;
            if (!wanted) {
                held = NONE;
            } else if (writer != null && lineFormat) {
                held = format(row).toBytes();
            } else {
                held = row;
            }
            pending[(head + (int) offset) & (pending.length - 1)] = held;
        }

        /** Writes the rows that no longer wait for a lower stream. */
        private void release() {
            while (pending[head] != null) {
                final Object next = pending[head];
                pending[head] = null;
                head = (head + 1) & (pending.length - 1);
                if (next instanceof byte[]) {
                    final byte[] bytes = (byte[]) next;
                    console.out().write(bytes, 0, bytes.length);
                } else if (next != NONE) {
                    write((FlowSummary) next);
                }
                nextStream++;
            }
        }

        private void grow() {
            final Object[] bigger = new Object[pending.length * 2];
            for (int i = 0; i < pending.length; i++) {
                bigger[i] = pending[(head + i) & (pending.length - 1)];
            }
            pending = bigger;
            head = 0;
        }

        void finish() {
            if (!inOrder) {
                sorted.sort(comparator(false));
                sorted.forEach(this::write);
            }
            // streams whose lower neighbours never closed cannot exist after finish(); this is a guard
            for (int i = 0; i < pending.length; i++) {
                final Object r = pending[(head + i) & (pending.length - 1)];
                if (r instanceof byte[]) {
                    final byte[] bytes = (byte[]) r;
                    console.out().write(bytes, 0, bytes.length);
                } else if (r != null && r != NONE) {
                    write((FlowSummary) r);
                }
            }
            Arrays.fill(pending, null);
            try {
                if (writer == null) {
                    create();
                }
                line.clear();
                writer.close();
                if (lineFormat) {
                    line.writeTo(console.out());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private List<Column<FlowSummary>> columns() {
            if (columns == null) {
                columns = FlowsCommand.this.columns(knownDigits >= 0 ? knownDigits : digits(reader), file);
            }
            return columns;
        }

        /** Fraction digits for times: the finest resolution among the interfaces described so far. */
        static int digits(final CaptureReader reader) {
            int digits = 6;
            for (final InterfaceInfo i : reader.interfaces()) {
                digits = Math.max(digits, Math.min(9, i.fractionDigits()));
            }
            return digits;
        }

        /** The writer: a line format writes into {@link #line}, so that a row can be kept as bytes. */
        private void create() {
            writer = RecordWriter.of(format, columns(), lineFormat ? line : console.out());
            line.clear();
        }

        private LineBuffer format(final FlowSummary row) {
            try {
                line.clear();
                writer.write(row);
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void write(final FlowSummary row) {
            try {
                if (writer == null) {
                    create();
                }
                if (lineFormat) {
                    format(row).writeTo(console.out());
                } else {
                    writer.write(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A connection's row and the timestamp digits known when it closed. */
    private record Closed(FlowSummary row, int digits) {
    }

    private static final FlowSummary NONE = new FlowSummary(-1, false, 0, "", 0, "", 0, 0, 0, 0, 0, "", "", "",
        new long[2][FlowSummary.COUNTERS], -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1, 0);
}
