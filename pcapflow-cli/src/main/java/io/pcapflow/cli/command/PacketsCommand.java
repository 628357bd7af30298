package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Direction;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.option.InputOptions;
import io.pcapflow.export.Times;
import io.pcapflow.decode.IpAddresses;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

/**
 * {@code pcapflow packets}: one line per packet, with the ordinal Wireshark shows. The line format
 * is a contract documented in docs/CLI.md; columns are separated by single spaces and never empty
 * ({@code -} stands for "unknown").
 */
@Command(name = "packets", sortOptions = false,
    description = {"One line per packet: ordinal, time, interface, direction, protocol, addresses and",
        "ports, then TCP flags, seq, ack, window, payload length and options (raw sequence numbers).",
        "Streams: constant memory."})
public final class PacketsCommand implements Callable<Integer> {
    /** How the time column is written. */
    enum TimeFormat { iso, epoch, relative }

    @Mixin
    private InputOptions inputs;

    @Option(names = "--host", paramLabel = "IP", description = "Only packets from or to this IPv4/IPv6 address.")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Only TCP/UDP packets from or to this port.")
    private Integer port;

    @Option(names = "--tcp-only", description = "Only packets with a decodable TCP header.")
    private boolean tcpOnly;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after printing N packets (per run).")
    private Long limit;

    @Option(names = "--time", paramLabel = "FORMAT", defaultValue = "iso",
        description = "Time column: iso (UTC, default), epoch (seconds) or relative (to the first packet).")
    private TimeFormat time;

    private final Console console;

    /**
     * @param console where output and problems go
     */
    public PacketsCommand(final Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        final Filter filter;
        try {
            filter = new Filter(host, port, tcpOnly);
        } catch (IllegalArgumentException e) {
            console.problem(e.getMessage(), ExitCode.USAGE);
            return ExitCode.USAGE;
        }
        final Printer printer = new Printer(filter, limit == null ? Long.MAX_VALUE : limit, time,
            inputs.files.size() > 1);
        for (final String file : inputs.files) {
            if (printer.remaining <= 0) {
                break;
            }
            printer.file = file;
            printer.firstNs = Long.MIN_VALUE;
            CaptureLoop.run(console, file, inputs, new CaptureLoop.Job() {
                @Override
                public PacketHandler start(final CaptureReader reader) {
                    return printer;
                }

                @Override
                public void finish(final CaptureReader reader) {
                    console.out().flush();
                }
            });
        }
        console.out().flush();
        return console.exitCode();
    }

    /** Address and port selection on primitives, so filtering allocates nothing per packet. */
    static final class Filter {
        private final int family;
        private final int v4;
        private final long v6High;
        private final long v6Low;
        private final int port;
        private final boolean tcpOnly;

        Filter(final String host, final Integer port, final boolean tcpOnly) {
            this.tcpOnly = tcpOnly;
            this.port = port == null ? -1 : port;
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("--port " + port + ": not a port number (0-65535)");
            }
            if (host == null) {
                family = 0;
                v4 = 0;
                v6High = 0;
                v6Low = 0;
                return;
            }
            if (!host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("--host " + host + ": not an IPv4 or IPv6 address");
            }
            final byte[] a;
            try {
                a = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--host " + host + ": not an IPv4 or IPv6 address", e);
            }
            final ByteBuffer b = ByteBuffer.wrap(a);
            if (a.length == 4) {
                family = 4;
                v4 = b.getInt();
                v6High = 0;
                v6Low = 0;
            } else {
                family = 6;
                v4 = 0;
                v6High = b.getLong();
                v6Low = b.getLong();
            }
        }

        boolean accepts(final PacketView v) {
            if (tcpOnly && !v.hasTcp()) {
                return false;
            }
            if (port >= 0 && !((v.hasTcp() || v.hasUdp())
                && (v.sourcePort() == port || v.destinationPort() == port))) {
                return false;
            }
            if (family == 4) {
                return v.ipVersion() == 4 && (v.ipv4Source() == v4 || v.ipv4Destination() == v4);
            }
            if (family == 6) {
                return v.ipVersion() == 6
                    && (v.ipv6SourceHigh() == v6High && v.ipv6SourceLow() == v6Low
                    || v.ipv6DestinationHigh() == v6High && v.ipv6DestinationLow() == v6Low);
            }
            return true;
        }
    }

    /** Formats accepted packets into one reused line buffer. */
    final class Printer implements PacketHandler {
        private final PacketDecoder decoder = new PacketDecoder();
        private final PacketView view = new PacketView();
        private final StringBuilder line = new StringBuilder(256);
        private final Filter filter;
        private final TimeFormat timeFormat;
        private final boolean withFile;
        private long remaining;
        private String file;
        private long firstNs;

        Printer(final Filter filter, final long limit, final TimeFormat timeFormat, final boolean withFile) {
            this.filter = filter;
            this.remaining = limit;
            this.timeFormat = timeFormat;
            this.withFile = withFile;
        }

        @Override
        public void onPacket(final CaptureRecord r) {
            if (firstNs == Long.MIN_VALUE) {
                firstNs = r.timestampNanos();
            }
            decoder.decode(r, view);
            if (!filter.accepts(view)) {
                return;
            }
            final StringBuilder sb = line;
            sb.setLength(0);
            if (withFile) {
                sb.append(file).append(' ');
            }
            sb.append(r.ordinal()).append(' ');
            final int digits = Math.min(9, Math.max(0, r.iface().fractionDigits()));
            switch (timeFormat) {
                case epoch:
                    Times.appendEpoch(sb, r.timestampNanos(), digits);
                    break;
                case relative:
                    Times.appendSeconds(sb, r.timestampNanos() - firstNs, digits);
                    break;
                default:
                    Times.appendIso(sb, r.timestampNanos(), digits);
            }
            sb.append(' ');
            appendInterface(sb, r);
            sb.append(' ');
            final int direction = r.direction() != Direction.UNKNOWN ? r.direction() : sllDirection();
            sb.append(direction == Direction.INBOUND ? "In" : direction == Direction.OUTBOUND ? "Out" : "-");
            sb.append(' ');
            PacketLine.append(sb, view);
            console.out().line(sb);
            if (--remaining <= 0) {
                throw new CaptureLoop.Stop();
            }
        }

        private int sllDirection() {
            final int type = view.sllPacketType();
            if (type < 0) {
                return Direction.UNKNOWN;
            }
            return type == 4 ? Direction.OUTBOUND : Direction.INBOUND;
        }

        private void appendInterface(final StringBuilder sb, final CaptureRecord r) {
            if (r.iface().name() != null) {
                sb.append(r.iface().name());
            } else if (view.sllInterfaceIndex() >= 0) {
                sb.append("if").append(view.sllInterfaceIndex());
            } else if (r.iface().globalId() > 0 || r.iface().section() > 0) {
                sb.append(r.iface().globalId());
            } else {
                sb.append('-');
            }
        }
    }

    /** The protocol part of a packet line, shared with later commands. */
    static final class PacketLine {
        private PacketLine() {
        }

        static void append(final StringBuilder sb, final PacketView v) {
            if (v.ipVersion() == 0) {
                sb.append("NONIP - > -:");
                if (v.etherType() > 0) {
                    sb.append(" ethertype 0x");
                    hex4(sb, v.etherType());
                }
                anomaly(sb, v);
                return;
            }
            final boolean ports = v.hasTcp() || v.hasUdp();
            if (v.hasTcp()) {
                sb.append("TCP ");
            } else if (v.hasUdp()) {
                sb.append("UDP ");
            } else if (v.isIcmp()) {
                sb.append(v.ipVersion() == 4 ? "ICMP " : "ICMPv6 ");
            } else if (v.isFragment()) {
                sb.append("FRAG ");
            } else {
                sb.append(v.ipVersion() == 4 ? "IPv4 " : "IPv6 ");
            }
            IpAddresses.appendSource(sb, v);
            if (ports) {
                sb.append('.').append(v.sourcePort());
            }
            sb.append(" > ");
            IpAddresses.appendDestination(sb, v);
            if (ports) {
                sb.append('.').append(v.destinationPort());
            }
            sb.append(':');
            if (v.hasTcp()) {
                tcp(sb, v);
            } else if (v.hasUdp()) {
                sb.append(" len ").append(v.payloadLength());
            } else if (v.isIcmp()) {
                sb.append(" type ").append(v.icmpType()).append(" code ").append(v.icmpCode());
            } else {
                sb.append(" proto ").append(v.protocol());
            }
            if (v.isFragment()) {
                sb.append(" fragment offset ").append(v.fragmentOffset());
            }
            if (v.isReassembled()) {
                sb.append(" reassembled");
            }
            anomaly(sb, v);
        }

        private static void tcp(final StringBuilder sb, final PacketView v) {
            sb.append(" [");
            flags(sb, v.tcpFlags());
            sb.append("] seq ").append(v.seqUnsigned()).append(" ack ").append(v.ackUnsigned())
                .append(" win ").append(v.window()).append(" len ").append(v.payloadLength());
            final int mark = sb.length();
            sb.append(" [");
            if (v.mss() >= 0) {
                sb.append("mss ").append(v.mss()).append(',');
            }
            if (v.windowScale() >= 0) {
                sb.append("wscale ").append(v.windowScale()).append(',');
            }
            if (v.isSackPermitted()) {
                sb.append("sackOK,");
            }
            for (int i = 0; i < v.sackBlockCount(); i++) {
                sb.append("sack ").append(v.sackLeft(i)).append(':').append(v.sackRight(i)).append(',');
            }
            if (v.hasTimestamps()) {
                sb.append("TS ").append(v.tsVal()).append(':').append(v.tsEcr()).append(',');
            }
            if (sb.length() == mark + 2) {
                sb.setLength(mark);
            } else {
                sb.setCharAt(sb.length() - 1, ']');
            }
        }

        /** tcpdump's flag letters, in its order: S F P R U W E, '.' for ACK, 'none' when no flag. */
        static void flags(final StringBuilder sb, final int f) {
            final int start = sb.length();
            if ((f & 0x02) != 0) {
                sb.append('S');
            }
            if ((f & 0x01) != 0) {
                sb.append('F');
            }
            if ((f & 0x08) != 0) {
                sb.append('P');
            }
            if ((f & 0x04) != 0) {
                sb.append('R');
            }
            if ((f & 0x20) != 0) {
                sb.append('U');
            }
            if ((f & 0x80) != 0) {
                sb.append('W');
            }
            if ((f & 0x40) != 0) {
                sb.append('E');
            }
            if ((f & 0x10) != 0) {
                sb.append('.');
            }
            if (sb.length() == start) {
                sb.append("none");
            }
        }

        private static void anomaly(final StringBuilder sb, final PacketView v) {
            if (v.isTruncated()) {
                sb.append(" [|truncated]");
            }
            if (v.anomaly() != null) {
                sb.append(" !").append(v.anomaly().label());
            }
        }

        private static void hex4(final StringBuilder sb, final int value) {
            for (int shift = 12; shift >= 0; shift -= 4) {
                sb.append(Character.forDigit((value >> shift) & 0xF, 16));
            }
        }
    }
}
