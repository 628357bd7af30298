package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.option.FormatOptions;
import io.pcapflow.correlate.CorrelationListener;
import io.pcapflow.correlate.Correlator;
import io.pcapflow.correlate.CorrelatorOptions;
import io.pcapflow.correlate.Leg;
import io.pcapflow.correlate.LegConnection;
import io.pcapflow.correlate.LegSelector;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.export.RecordWriter;
import io.pcapflow.tcp.TrackerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code pcapflow conntrack}: the seed's NAT connection tracker as a streaming job. One record per
 * inside connection when it ends, with the box's outside address and port learnt from the other
 * leg, from capture files or live from the box's interfaces through tcpdump.
 */
@Command(name = "conntrack", sortOptions = false,
    description = {"The seed NAT tracker: one record per connection through the box when it ends (FIN, RST,",
        "expired by a new SYN on its key, idle, end of capture) with client, nathost:nport learnt from the",
        "outside leg, remote, bytes sent and received. From --inside/--outside files, one capture with",
        "both legs, or --live on the box (runs tcpdump -i any). Text lines, --csv or --jsonl; --output",
        "appends and flushes per record."})
public final class ConntrackCommand implements Callable<Integer> {
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@+-]{1,15}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");
    private static final int QUEUE = 8192;
    private static final Pattern DROPS = Pattern.compile("(\\d+) packets? dropped by kernel");

    @Mixin
    private LegInputs inputs;

    @Mixin
    private FormatOptions formats;

    @Option(names = "--live", description = "Capture live on --inside-if and --outside-if (interface names).")
    private boolean live;

    @Option(names = "--tcpdump", paramLabel = "PATH", defaultValue = "tcpdump",
        description = "tcpdump to run for --live (default: tcpdump on the PATH).")
    private String tcpdump;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "256",
        description = "Bytes captured per packet in --live (default 256: headers and the first payload bytes).")
    private int snaplen;

    @Option(names = "--output", paramLabel = "FILE", description = "Append records to FILE, flushed one by one.")
    private Path output;

    @Option(names = "--rotate", paramLabel = "SIZE",
        description = "With --output: move FILE to FILE.1 (and so on, 9 kept) when it reaches SIZE (e.g. 10M).")
    private String rotate;

    @Option(names = "--status", paramLabel = "SECONDS", defaultValue = "10",
        description = "--live: a status line on stderr this often (0: never; default 10).")
    private double status;

    private final Console console;

    /**
     * @param console where output and problems go
     */
    public ConntrackCommand(final Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        final String usage = checkUsage();
        if (usage != null) {
            console.problem(usage, ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        final RecordWriter.Format format = formats.format();
        final long rotateBytes = rotate == null ? 0 : size(rotate);
        final TrackerOptions tracker = inputs.trackerOptions();
        final CorrelatorOptions options = new CorrelatorOptions().trackerOptions(tracker);
        if (!live && !inputs.prepare(console, options)) {
            return console.exitCode();
        }
        try (ConntrackLog log = new ConntrackLog(console.out(), output, rotateBytes, format, live ? 6 : 9)) {
            final Correlator correlator = new Correlator(options, new CorrelationListener() {
                @Override
                public void onConnectionEnd(final LegConnection c) {
                    if (c.leg() == Leg.INSIDE) {
                        try {
                            log.write(c);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            });
            if (live) {
                new Live(correlator, log).run();
            } else {
                inputs.run(console, correlator);
                correlator.finish();
            }
        } catch (IOException | UncheckedIOException e) {
            console.problem((output != null ? output + ": " : "") + "write error: " + e.getMessage(),
                ExitCode.INPUT_ERROR);
        }
        console.out().flush();
        return console.exitCode();
    }

    private String checkUsage() {
        try {
            formats.format();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (rotate != null && (output == null || !SIZE.matcher(rotate).matches() || size(rotate) <= 0)) {
            return output == null ? "--rotate needs --output FILE" : "--rotate " + rotate + ": give a size like 10M";
        }
        if (live) {
            if (inputs.both != null || inputs.insideFile != null || inputs.outsideFile != null) {
                return "--live reads the interfaces, not files";
            }
            if (inputs.insideIf == null || inputs.outsideIf == null) {
                return "--live needs --inside-if IF and --outside-if IF";
            }
            for (final String name : List.of(inputs.insideIf, inputs.outsideIf)) {
                if (!INTERFACE.matcher(name).matches()) {
                    return "--inside-if/--outside-if: '" + name + "' is not an interface name";
                }
            }
            if (snaplen < 96 || snaplen > 262144) {
                return "--snaplen " + snaplen + ": between 96 and 262144";
            }
            return null;
        }
        return inputs.checkUsage();
    }

    private static long size(final String text) {
        final java.util.regex.Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        final long n = Long.parseLong(m.group(1));
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k":
                return n << 10;
            case "m":
                return n << 20;
            case "g":
                return n << 30;
            default:
                return n;
        }
    }

    /** Live capture: tcpdump -i any on the box, legs told apart by the interface index SLL2 carries. */
    private final class Live {
        private final Correlator correlator;
        private final ConntrackLog log;
        private volatile boolean stop;
        private final CountDownLatch done = new CountDownLatch(1);

        Live(final Correlator correlator, final ConntrackLog log) {
            this.correlator = correlator;
            this.log = log;
        }

        private int ifindex(final String name) {
            try {
                return Integer.parseInt(Files.readString(Path.of("/sys/class/net", name, "ifindex")).trim());
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }

        void run() throws IOException {
            final int in = ifindex(inputs.insideIf);
            final int out = ifindex(inputs.outsideIf);
            if (in < 0 || out < 0) {
                console.problem("--live: no interface " + (in < 0 ? inputs.insideIf : inputs.outsideIf)
                    + " on this host", ExitCode.USAGE);
                return;
            }
            final List<String> command = List.of(tcpdump, "-i", "any", "-y", "LINUX_SLL2", "-n", "-U",
                "--immediate-mode", "-s", Integer.toString(snaplen), "-w", "-", "tcp");
            final Path errFile;
            final Process process;
            try {
                // tcpdump's messages go to a file, not a pipe: the JDK closes a child's pipes when it
                // exits, and the counts tcpdump prints last would be lost with them
                errFile = Files.createTempFile("pcapflow-tcpdump-", ".err");
                errFile.toFile().deleteOnExit();
                process = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
            } catch (IOException e) {
                console.problem("--live: cannot run " + tcpdump + " (" + e.getMessage()
                    + "); install tcpdump or give --tcpdump PATH", ExitCode.INPUT_ERROR);
                return;
            }
            final String ready = "pcapflow: conntrack: capturing on " + inputs.insideIf + " (ifindex " + in + ") and "
                + inputs.outsideIf + " (ifindex " + out + ")";
            final Thread errReader = new Thread(() -> awaitListening(process, errFile, ready), "tcpdump-stderr");
            errReader.setDaemon(true);
            errReader.start();
            final Thread hook = new Thread(() -> {
                stop = true;
                process.destroy();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "conntrack-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                loop(process, new LegSelector(Integer.toString(in), Integer.toString(out)), errFile);
            } finally {
                // after SIGTERM tcpdump closes its output before it prints its counts: a second
                // signal then would cut them off
                if (!stop) {
                    process.destroy();
                }
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    errReader.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // the counts tcpdump prints when it ends, one per line (those asked for on the way
                // are single lines starting with its name)
                for (final String line : tail(errFile).split("\n")) {
                    if (!line.isEmpty() && Character.isDigit(line.charAt(0)) && line.contains("packets")) {
                        console.err().println("pcapflow: tcpdump: " + line.trim());
                    }
                }
                try {
                    Files.deleteIfExists(errFile);
                } catch (IOException e) {
                    // a temporary file; deleteOnExit tries again
                }
                console.err().flush();
                done.countDown();
                if (!stop) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // shutting down already
                    }
                }
            }
        }

        /** tcpdump prints its counts on SIGUSR1 (Linux); they are read at the next status line. */
        private void requestCounts(final Process process) {
            try {
                new ProcessBuilder("kill", "-USR1", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                // no counts then; the status line says nothing about drops
            }
        }

        private String kernelDrops(final Path errFile) {
            final java.util.regex.Matcher m = DROPS.matcher(tail(errFile));
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            return last == null ? "" : ", " + last + " dropped by the kernel (tcpdump)";
        }

        /** The end of tcpdump's messages, which grow by a line per status request. */
        private String tail(final Path errFile) {
            try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(errFile)) {
                final long size = ch.size();
                final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(size, 4096));
                ch.position(size - buf.capacity());
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill
                }
                return new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        private int exitValue(final Process process) {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        private String messages(final Path errFile) {
            try {
                final byte[] bytes = Files.readAllBytes(errFile);
                return new String(bytes, 0, Math.min(bytes.length, 65536), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        private void awaitListening(final Process process, final Path errFile, final String ready) {
            while (process.isAlive()) {
                if (messages(errFile).contains("listening on")) {
                    console.err().println(ready);
                    console.err().flush();
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void loop(final Process process, final LegSelector selector, final Path errFile)
            throws IOException {
            final LiveQueue queue = new LiveQueue(QUEUE, snaplen);
            final Thread reader = new Thread(() -> queue.fill(process), "tcpdump-reader");
            reader.setDaemon(true);
            reader.start();
            final PacketDecoder decoder = new PacketDecoder();
            final PacketView view = new PacketView();
            final long statusNanos = (long) (status * 1e9);
            long nextStatus = System.nanoTime() + statusNanos;
            long packets = 0;
            long lastPackets = 0;
            long lastPacketWall = 0;
            long lastPacketTime = 0;
            while (true) {
                final LiveQueue.Slot slot;
                try {
                    slot = queue.take(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (slot == LiveQueue.END) {
                    break;
                }
                if (slot != null) {
                    if (decoder.decode(slot.record, view)) {
                        final int leg = selector.legOf(slot.record, view);
                        if (leg >= 0) {
                            correlator.onPacket(leg, view);
                            packets++;
                            lastPacketTime = view.timestampNanos();
                            lastPacketWall = System.nanoTime();
                        }
                    }
                    queue.release(slot);
                } else if (lastPacketWall != 0) {
                    // silence: move capture time on with the wall clock, so idle connections end
                    correlator.advanceTo(lastPacketTime + (System.nanoTime() - lastPacketWall));
                }
                if (statusNanos > 0 && System.nanoTime() >= nextStatus) {
                    console.err().println(String.format(Locale.ROOT,
                        "pcapflow: conntrack: %d packets (%.0f/s), %d connections open, %d records logged%s",
                        packets, (packets - lastPackets) / status, correlator.tracker(Leg.INSIDE).openConnections(),
                        log.records(), kernelDrops(errFile)));
                    requestCounts(process);
                    console.err().flush();
                    lastPackets = packets;
                    nextStatus += statusNanos;
                }
            }
            correlator.finish();
            final String problem = queue.problem();
            if (!stop && packets == 0 && (problem != null || exitValue(process) != 0)) {
                final String messages = messages(errFile).trim();
                console.problem("--live: " + tcpdump + " ended with status " + process.exitValue() + ": "
                    + (messages.isEmpty() ? problem : messages.replace('\n', ' ')), ExitCode.INPUT_ERROR);
            }
        }
    }

    /** A bounded hand-over of copied records from the reader thread; slots are reused. */
    static final class LiveQueue {
        /** One copied record. */
        static final class Slot {
            final byte[] data;
            final io.pcapflow.bytes.Bytes bytes;
            final io.pcapflow.capture.CaptureRecord record = new io.pcapflow.capture.CaptureRecord();

            Slot(final int size) {
                data = new byte[size];
                bytes = new io.pcapflow.bytes.Bytes(data);
            }
        }

        static final Slot END = new Slot(0);

        private final java.util.concurrent.ArrayBlockingQueue<Slot> full;
        private final java.util.concurrent.ArrayBlockingQueue<Slot> free;
        private volatile String problem;

        LiveQueue(final int slots, final int snaplen) {
            full = new java.util.concurrent.ArrayBlockingQueue<>(slots + 1);
            free = new java.util.concurrent.ArrayBlockingQueue<>(slots);
            for (int i = 0; i < slots; i++) {
                free.add(new Slot(snaplen + 64));
            }
        }

        void fill(final Process process) {
            try (CaptureReader reader = Captures.open("tcpdump", process.getInputStream())) {
                while (reader.poll(r -> {
                    final Slot s;
                    try {
                        s = free.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    final int n = Math.min(r.capturedLength(), s.data.length);
                    r.bytes().copyTo(r.offset(), s.data, 0, n);
                    s.record.set(r.ordinal(), r.timestampNanos(), r.iface(), n, r.originalLength(), s.bytes, 0,
                        r.fileOffset());
                    full.add(s);
                }, 1) > 0) {
                    // one record at a time: live packets must not wait for a batch to fill
                }
                if (reader.damage() != null) {
                    problem = reader.damage().describe();
                }
            } catch (IOException e) {
                problem = e.getMessage();
            } finally {
                full.add(END);
            }
        }

        Slot take(final long millis) throws InterruptedException {
            return full.poll(millis, TimeUnit.MILLISECONDS);
        }

        void release(final Slot s) {
            free.add(s);
        }

        String problem() {
            return problem;
        }
    }
}
