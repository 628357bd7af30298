package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.option.Endpoint;
import io.pcapflow.cli.option.InputOptions;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpAnalysis;
import io.pcapflow.tcp.TcpConnection;
import io.pcapflow.tcp.TcpListener;
import io.pcapflow.tcp.TcpSegment;
import io.pcapflow.tcp.TcpTracker;
import io.pcapflow.tcp.TrackerOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * {@code pcapflow ladder}: one connection as the seed blog prints it (its Step 7), with an
 * analysis marker column. One pass: lines are printed as the packets are read.
 */
@Command(name = "ladder", sortOptions = false,
    description = {"One TCP connection as a ladder: '-->' client to server on the left, '<--' server to",
        "client indented; [ordinal], seconds since the connection's first packet, flags, relative",
        "seq/ack, payload length, window with the scale applied (never to SYN segments), and the",
        "analysis events of the packet (retransmission, duplicate_ack, zero_window, ...)."})
public final class LadderCommand implements Callable<Integer> {
    private static final int SERVER_INDENT = 60;

    @Mixin
    private InputOptions inputs;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Selector selector;

    /** Exactly one way to pick the connection. */
    static final class Selector {
        @Option(names = "--stream", paramLabel = "N", description = "The connection with this stream index.")
        private Long stream;

        @ArgGroup(exclusive = false)
        private Ends ends;
    }

    /** Client and/or server endpoints. */
    static final class Ends {
        @Option(names = "--client", paramLabel = "IP:PORT", description = "The connection from this client.")
        private String client;

        @Option(names = "--server", paramLabel = "IP:PORT", description = "The connection to this server.")
        private String server;
    }

    @Option(names = "--absolute", description = "Raw sequence and acknowledgement numbers instead of relative ones.")
    private boolean absolute;

    @Option(names = "--utc", description = "Absolute times in the summary in UTC (default: local time zone).")
    private boolean utc;

    @Option(names = "--nanos", description = "Relative times with nanoseconds (default: microseconds, as the blog).")
    private boolean nanos;

    private final Console console;

    /**
     * @param console where output and problems go
     */
    public LadderCommand(final Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        final Endpoint client;
        final Endpoint server;
        try {
            client = selector.ends == null || selector.ends.client == null ? null
                : Endpoint.parse(selector.ends.client, "--client", true);
            server = selector.ends == null || selector.ends.server == null ? null
                : Endpoint.parse(selector.ends.server, "--server", true);
        } catch (IllegalArgumentException e) {
            console.problem(e.getMessage(), ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        for (final String file : inputs.files) {
            final Ladder ladder = new Ladder(selector.stream, client, server);
            CaptureLoop.run(console, file, inputs, new CaptureLoop.Job() {
                private TcpTracker tracker;

                @Override
                public PacketHandler start(final CaptureReader reader) {
                    tracker = new TcpTracker(new TrackerOptions(), ladder);
                    final PacketDecoder decoder = new PacketDecoder();
                    final PacketView view = new PacketView();
                    return (final CaptureRecord r) -> {
                        ladder.packets++;
                        if (decoder.decode(r, view)) {
                            tracker.onPacket(view);
                        }
                    };
                }

                @Override
                public void finish(final CaptureReader reader) {
                    tracker.finish();
                    int digits = 0;
                    for (final io.pcapflow.capture.InterfaceInfo i : reader.interfaces()) {
                        digits = Math.max(digits, Math.min(9, i.fractionDigits()));
                    }
                    ladder.summary(file, digits == 0 ? 6 : digits);
                }
            });
            if (ladder.chosen < 0) {
                console.problem(file + ": no TCP connection matches the selection", ExitCode.INPUT_ERROR);
            }
        }
        console.out().flush();
        return console.exitCode();
    }

    /** Prints the chosen connection's packets as they arrive. */
    private final class Ladder implements TcpListener {
        private final Long stream;
        private final Endpoint client;
        private final Endpoint server;
        private final StringBuilder line = new StringBuilder(160);
        private final StringBuilder scratch = new StringBuilder(48);
        private long chosen = -1;
        private long packets;
        private long connectionPackets;
        private long firstFrame;
        private long firstNanos;
        private long lastFrame;
        private long lastNanos;

        Ladder(final Long stream, final Endpoint client, final Endpoint server) {
            this.stream = stream;
            this.client = client;
            this.server = server;
        }

        private boolean selects(final TcpConnection c) {
            if (chosen >= 0) {
                return c.streamIndex() == chosen;
            }
            if (stream != null) {
                return c.streamIndex() == stream;
            }
            scratch.setLength(0);
            c.appendClientAddress(scratch);
            if (client != null && !client.matches(scratch.toString(), c.clientPort())) {
                return false;
            }
            scratch.setLength(0);
            c.appendServerAddress(scratch);
            return server == null || server.matches(scratch.toString(), c.serverPort());
        }

        @Override
        public void onSegment(final TcpConnection c, final PacketView v, final TcpSegment s) {
            if (!selects(c)) {
                return;
            }
            if (chosen < 0) {
                chosen = c.streamIndex();
                firstFrame = v.ordinal();
                firstNanos = v.timestampNanos();
                header(c);
            }
            connectionPackets++;
            lastFrame = v.ordinal();
            lastNanos = v.timestampNanos();
            row(v, s);
        }

        private void header(final TcpConnection c) {
            final String rule = "#".repeat(66);
            scratch.setLength(0);
            scratch.append("TCP session between client ");
            endpoint(scratch, c, true);
            scratch.append(" and server ");
            endpoint(scratch, c, false);
            if (c.isClientGuessed()) {
                scratch.append(" (roles guessed: no SYN seen)");
            }
            console.out().line(rule).line(scratch).line(rule);
        }

        private void endpoint(final StringBuilder sb, final TcpConnection c, final boolean isClient) {
            final boolean v6 = c.ipVersion() == 6;
            if (v6) {
                sb.append('[');
            }
            if (isClient) {
                c.appendClientAddress(sb);
            } else {
                c.appendServerAddress(sb);
            }
            if (v6) {
                sb.append(']');
            }
            sb.append(':').append(isClient ? c.clientPort() : c.serverPort());
        }

        private void row(final PacketView v, final TcpSegment s) {
            final StringBuilder sb = line;
            sb.setLength(0);
            if (s.direction() == 0) {
                sb.append("-->");
            } else {
                sb.append(" ".repeat(SERVER_INDENT - 3)).append("<--");
            }
            sb.append('[');
            pad(sb, Long.toString(v.ordinal()), 5, true);
            sb.append(']');
            scratch.setLength(0);
            appendRelative(scratch, v.timestampNanos() - firstNanos);
            pad(sb, scratch, 10, true);
            sb.append("s ");
            scratch.setLength(0);
            flags(scratch, v.tcpFlags());
            pad(sb, scratch, 3, false);
            sb.append(" seq=");
            pad(sb, Long.toString(absolute ? v.seqUnsigned() : s.relativeSeq()), 8, false);
            sb.append(" ack=");
            // like tshark and the blog: no ACK flag, no acknowledgement number
            final long ack = !v.isAck() ? 0 : absolute ? v.ackUnsigned() : s.relativeAck();
            pad(sb, Long.toString(ack), 8, false);
            sb.append(" len=");
            pad(sb, Integer.toString(v.payloadLength()), 6, false);
            sb.append(" win=");
            pad(sb, Long.toString(s.windowScaled()), 9, false);
            if (s.analysis() != 0) {
                sb.append(' ');
                markers(sb, s);
            }
            console.out().line(sb);
        }

        private void markers(final StringBuilder sb, final TcpSegment s) {
            final int mask = s.analysis();
            boolean first = true;
            for (int bit = 1; bit != 0 && bit <= mask; bit <<= 1) {
                if ((mask & bit) == 0) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(TcpAnalysis.name(bit));
                if (bit == TcpAnalysis.DUPLICATE_ACK) {
                    // tshark's tcp.analysis.duplicate_ack_num: the how-many-th duplicate of that ACK
                    sb.append('#').append(s.duplicateAckCount());
                }
            }
        }

        private void appendRelative(final StringBuilder sb, final long deltaNs) {
            if (nanos) {
                sb.append(deltaNs / 1_000_000_000L).append('.');
                pad(sb, Long.toString(deltaNs % 1_000_000_000L), 9, '0');
                return;
            }
            // the blog prints {:10.6f}: round to the microsecond
            final long micros = (deltaNs + 500) / 1000;
            sb.append(micros / 1_000_000L).append('.');
            pad(sb, Long.toString(micros % 1_000_000L), 6, '0');
        }

        void summary(final String file, final int digits) {
            if (chosen < 0) {
                return;
            }
            final StringBuilder sb = new StringBuilder();
            sb.append(file).append(" contains ").append(packets).append(" packets (").append(connectionPackets)
                .append(" interesting)");
            console.out().line(sb);
            console.out().line("First packet in connection: Packet #" + firstFrame + " "
                + absoluteTime(firstNanos, digits));
            console.out().line(" Last packet in connection: Packet #" + lastFrame + " "
                + absoluteTime(lastNanos, digits));
        }

        private String absoluteTime(final long epochNanos, final int digits) {
            final ZoneId zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
            final Instant t = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
            // the capture's own resolution: 6 digits for microsecond captures, 9 for nanosecond ones
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss." + "S".repeat(digits)).withZone(zone).format(t)
                + (utc ? " UTC" : "");
        }

        @Override
        public void onClose(final TcpConnection connection) {
            // the ladder ends with the capture: a reused port starts another stream
        }
    }

    /** scapy's flag letters, in its order: F S R P A U E C N. */
    static void flags(final StringBuilder sb, final int f) {
        final String letters = "FSRPAUECN";
        for (int bit = 0; bit < letters.length(); bit++) {
            if ((f & (1 << bit)) != 0) {
                sb.append(letters.charAt(bit));
            }
        }
    }

    private static void pad(final StringBuilder sb, final CharSequence value, final int width, final boolean right) {
        final int pad = Math.max(0, width - value.length());
        if (right) {
            sb.append(" ".repeat(pad)).append(value);
        } else {
            sb.append(value).append(" ".repeat(pad));
        }
    }

    private static void pad(final StringBuilder sb, final String digits, final int width, final char fill) {
        for (int i = digits.length(); i < width; i++) {
            sb.append(fill);
        }
        sb.append(digits);
    }
}
