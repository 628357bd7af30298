package io.pcapflow.corpus;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.NotACaptureException;
import io.pcapflow.decode.IpAddresses;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads every capture of the shared corpus and every project fixture twice, once with tshark and
 * once with pcapflow's readers and decoder, and compares them packet by packet: packet count and
 * how reading ended, frame number, timestamp (ns), frame and captured length, link type, outer IP
 * source and destination, TCP/UDP ports, raw TCP sequence and acknowledgement numbers, flags,
 * payload length and raw window. Every difference must match one of the {@link Known} rules, each
 * documented with its reason (see docs/TSHARK-AGREEMENT.md); anything else fails the test.
 */
class TsharkAgreementTest {
    /** Fields asked from tshark, in column order. */
    static final List<String> FIELDS = List.of("frame.number", "frame.time_epoch", "frame.len", "frame.cap_len",
        "frame.encap_type", "frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport",
        "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.len", "tcp.window_size_value",
        "udp.srcport", "udp.dstport");
    private static final int NUMBER = 0;
    private static final int TIME = 1;
    private static final int LEN = 2;
    private static final int CAP_LEN = 3;
    private static final int ENCAP = 4;
    private static final int PROTOCOLS = 5;
    private static final int IP_SRC = 6;
    private static final int IP_DST = 7;
    private static final int IPV6_SRC = 8;
    private static final int IPV6_DST = 9;
    private static final int TCP_SRC = 10;
    private static final int TCP_DST = 11;
    private static final int SEQ = 12;
    private static final int ACK = 13;
    private static final int FLAGS = 14;
    private static final int TCP_LEN = 15;
    private static final int WINDOW = 16;
    private static final int UDP_SRC = 17;
    private static final int UDP_DST = 18;
    private static final long NANOS = 1_000_000_000L;
    private static final int MAX_DETAILS = 40;

    /** Known, explained differences between tshark 4.0 and pcapflow; anything else is a failure. */
    enum Known {
        CUSTOM_BLOCK("tshark 4.0 shows pcapng Custom Blocks (0x00000BAD/0x40000BAD) as frames; they hold no packet,"
            + " capinfos and pcapflow skip them, so later frame numbers are shifted by the blocks before them"),
        SPB_NO_TIMESTAMP("pcapng Simple Packet Blocks carry no timestamp: tshark prints an empty frame.time_epoch,"
            + " pcapflow reports 0 (its 'unknown')"),
        ICMP_QUOTED("tshark decodes the TCP/UDP header quoted inside an ICMP/ICMPv6 error; pcapflow decodes the"
            + " outer header only and counts the packet as ICMP"),
        TUNNELLED("tshark decodes the transport header of a tunnelled packet (IP-in-IP, GRE, ...); pcapflow decodes"
            + " the outer IP header and stops at a protocol it does not decode");

        final String reason;

        Known(final String reason) {
            this.reason = reason;
        }
    }

    /** Our side of one packet, copied out of the reused record and view. */
    private record Ours(long ordinal, long timeNanos, long length, int capturedLength, int linkType, String src,
                        String dst, String transport, int sourcePort, int destinationPort, long seq, long ack,
                        int flags, int payloadLength, int window) {
    }

    /** How reading one file went, on either side, and the packets read. */
    private record OurRead(String status, List<Ours> packets) {
    }

    /** tshark's output for one file. */
    private record TheirRead(int exitCode, List<String[]> rows, String stderr) {
    }

    /** Per-file counters and the unexplained differences found. */
    static final class FileResult {
        final String name;
        int packets;
        int tcpPackets;
        long compared;
        final Map<String, Integer> mismatches = new TreeMap<>();
        final Map<Known, Integer> allowed = new EnumMap<>(Known.class);
        final List<String> unexplained = new ArrayList<>();
        String status = "";

        FileResult(final String name) {
            this.name = name;
        }

        void check(final String field, final long frame, final Object theirs, final Object ours, final Known rule) {
            compared++;
            if (theirs.equals(ours)) {
                return;
            }
            mismatches.merge(field, 1, Integer::sum);
            if (rule != null) {
                allowed.merge(rule, 1, Integer::sum);
            } else {
                unexplained.add(name + " frame " + frame + " " + field + ": tshark=" + theirs + " pcapflow=" + ours);
            }
        }
    }

    @Test
    void shouldAgreeWithTsharkOnEveryPacketOfEveryCaptureAndFixture() throws Exception {
        final Path tshark = Fixtures.requireToolOrSkip("tshark");
        final Path corpus = Fixtures.requireCorpusOrSkip();
        final List<Path> files = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (final Path f : captures(corpus)) {
            files.add(f);
            names.add(corpus.relativize(f).toString());
        }
        final Path fixtures = Fixtures.fixture("captures");
        for (final Path f : captures(fixtures)) {
            files.add(f);
            names.add("fixtures/captures/" + fixtures.relativize(f));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(Math.max(2,
            Runtime.getRuntime().availableProcessors()));
        final List<FileResult> results = new ArrayList<>();
        try {
            final List<Future<FileResult>> futures = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                final Path file = files.get(i);
                final String name = names.get(i);
                futures.add(pool.submit(() -> compare(tshark, file, name)));
            }
            for (final Future<FileResult> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        final List<String> unexplained = printTable(results);
        assertThat(files).hasSizeGreaterThan(60);
        assertThat(unexplained).as("differences from tshark not in the allow-list").isEmpty();
    }

    private static List<Path> captures(final Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                .sorted().toList();
        }
    }

    private static List<String> printTable(final List<FileResult> results) {
        final List<String> unexplained = new ArrayList<>();
        final String format = "%-72s %-8s %7s %6s %8s  %s%n";
        System.out.printf(format, "file", "status", "packets", "tcp", "compared", "mismatches (allowed: rule)");
        int packets = 0;
        int tcp = 0;
        long compared = 0;
        final Map<Known, Integer> allowed = new EnumMap<>(Known.class);
        for (final FileResult r : results) {
            final StringBuilder m = new StringBuilder();
            r.mismatches.forEach((k, v) -> m.append(k).append('=').append(v).append(' '));
            if (!r.allowed.isEmpty()) {
                m.append("(allowed:");
                r.allowed.forEach((k, v) -> m.append(' ').append(k).append('=').append(v));
                m.append(')');
            }
            if (!r.unexplained.isEmpty()) {
                m.append(" UNEXPLAINED=").append(r.unexplained.size());
            }
            System.out.printf(format, r.name, r.status, r.packets, r.tcpPackets, r.compared,
                m.length() == 0 ? "0" : m.toString().trim());
            packets += r.packets;
            tcp += r.tcpPackets;
            compared += r.compared;
            r.allowed.forEach((k, v) -> allowed.merge(k, v, Integer::sum));
            unexplained.addAll(r.unexplained);
        }
        System.out.printf(format, "TOTAL " + results.size() + " files", "", packets, tcp, compared,
            unexplained.size() + " unexplained, allowed " + allowed);
        unexplained.stream().limit(MAX_DETAILS).forEach(System.out::println);
        return unexplained;
    }

    private static FileResult compare(final Path tshark, final Path file, final String name) throws Exception {
        final FileResult result = new FileResult(name);
        final TheirRead theirs = runTshark(tshark, file);
        final OurRead ours = readOurs(file);
        final List<String[]> packets = new ArrayList<>();
        int customBlocks = 0;
        final int[] shift = new int[theirs.rows().size()];
        for (final String[] row : theirs.rows()) {
            if (row[ENCAP].isEmpty()) {
                // A record that is no packet (pcapng custom block): no encapsulation, no timestamp.
                customBlocks++;
                result.check("frame", Long.parseLong(row[NUMBER]), "custom block", "no record", Known.CUSTOM_BLOCK);
            } else {
                shift[packets.size()] = customBlocks;
                packets.add(row);
            }
        }
        final String theirStatus = theirs.exitCode() == 0 ? "ok" : theirs.rows().isEmpty() ? "refused" : "damaged";
        result.status = theirStatus;
        result.packets = packets.size();
        result.check("status", 0, theirStatus, ours.status(), null);
        result.check("count", 0, packets.size(), ours.packets().size(), null);
        final int n = Math.min(packets.size(), ours.packets().size());
        for (int i = 0; i < n; i++) {
            comparePacket(result, packets.get(i), ours.packets().get(i), shift[i]);
        }
        if (!result.unexplained.isEmpty() && !theirs.stderr().isBlank()) {
            result.unexplained.add(name + " tshark stderr: " + theirs.stderr().strip());
        }
        return result;
    }

    private static void comparePacket(final FileResult r, final String[] t, final Ours o, final int shift) {
        final long frame = Long.parseLong(t[NUMBER]);
        r.check("frame.number", frame, frame, o.ordinal(), shift > 0 && frame - shift == o.ordinal()
            ? Known.CUSTOM_BLOCK : null);
        if (t[TIME].isEmpty()) {
            r.check("time", frame, "none", o.timeNanos(), o.timeNanos() == 0 ? Known.SPB_NO_TIMESTAMP : null);
        } else {
            r.check("time", frame, epochNanos(t[TIME]), o.timeNanos(), null);
        }
        r.check("frame.len", frame, Long.parseLong(t[LEN]), o.length(), null);
        r.check("frame.cap_len", frame, Integer.parseInt(t[CAP_LEN]), o.capturedLength(), null);
        r.check("link", frame, t[ENCAP], wiretapEncap(o.linkType()), null);
        final String[] protocols = t[PROTOCOLS].split(":");
        final String ip = first(protocols, "ip", "ipv6");
        final boolean v4 = "ip".equals(ip);
        r.check("ip.src", frame, canonical(first(t[v4 ? IP_SRC : IPV6_SRC])), canonical(o.src()), null);
        r.check("ip.dst", frame, canonical(first(t[v4 ? IP_DST : IPV6_DST])), canonical(o.dst()), null);
        // The text itself too: tshark prints RFC 5952 forms, and so must IpAddresses.
        r.check("ip.text", frame, first(t[v4 ? IP_SRC : IPV6_SRC]) + " " + first(t[v4 ? IP_DST : IPV6_DST]),
            o.src() + " " + o.dst(), null);
        final String transport = transport(protocols);
        final Known nested = nested(protocols, ip, transport);
        r.check("transport", frame, transport, o.transport(), nested);
        if (!transport.equals(o.transport()) || transport.isEmpty()) {
            return;
        }
        final boolean tcp = "tcp".equals(transport);
        if (tcp) {
            r.tcpPackets++;
        }
        r.check("port.src", frame, Integer.parseInt(first(t[tcp ? TCP_SRC : UDP_SRC])), o.sourcePort(), nested);
        r.check("port.dst", frame, Integer.parseInt(first(t[tcp ? TCP_DST : UDP_DST])), o.destinationPort(), nested);
        if (!tcp) {
            return;
        }
        r.check("tcp.seq_raw", frame, Long.parseLong(first(t[SEQ])), o.seq(), nested);
        r.check("tcp.ack_raw", frame, Long.parseLong(first(t[ACK])), o.ack(), nested);
        r.check("tcp.flags", frame, Integer.decode(first(t[FLAGS])), o.flags(), nested);
        r.check("tcp.len", frame, Integer.parseInt(first(t[TCP_LEN])), o.payloadLength(), nested);
        r.check("tcp.window", frame, Integer.parseInt(first(t[WINDOW])), o.window(), nested);
    }

    /**
     * Which allow-list rule explains a transport header tshark found below something pcapflow does
     * not decode: the first TCP/UDP of the frame comes after an ICMP header (quoted) or a second IP
     * or a tunnel protocol.
     */
    private static Known nested(final String[] protocols, final String ip, final String transport) {
        if (transport.isEmpty() || ip.isEmpty()) {
            return null;
        }
        boolean afterIp = false;
        for (final String p : protocols) {
            if (p.equals(transport)) {
                return null;
            }
            if (afterIp && (p.equals("icmp") || p.equals("icmpv6"))) {
                return Known.ICMP_QUOTED;
            }
            if (afterIp && !p.startsWith("ipv6.")) {
                return Known.TUNNELLED;
            }
            afterIp |= p.equals(ip);
        }
        return null;
    }

    /** The first transport protocol tshark dissected in the frame, or "". */
    private static String transport(final String[] protocols) {
        return first(protocols, "tcp", "udp");
    }

    private static String first(final String[] protocols, final String a, final String b) {
        for (final String p : protocols) {
            if (p.equals(a) || p.equals(b)) {
                return p;
            }
        }
        return "";
    }

    /** The first occurrence of a field printed with {@code -E occurrence=a -E aggregator=;}. */
    private static String first(final String cell) {
        final int semicolon = cell.indexOf(';');
        return semicolon < 0 ? cell : cell.substring(0, semicolon);
    }

    /** An address in canonical form (so 2001:DB8:0::1 equals 2001:db8::1), "" stays "". */
    private static String canonical(final String address) {
        if (address.isEmpty()) {
            return address;
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return "unparsable " + address;
        }
    }

    /** Parses tshark's {@code frame.time_epoch} (seconds with 9 decimals) to nanoseconds, exactly. */
    static long epochNanos(final String text) {
        final boolean negative = text.startsWith("-");
        final String digits = negative ? text.substring(1) : text;
        final int dot = digits.indexOf('.');
        final long seconds = Long.parseLong(dot < 0 ? digits : digits.substring(0, dot));
        final String fraction = dot < 0 ? "" : (digits.substring(dot + 1) + "000000000").substring(0, 9);
        final long nanos = seconds * NANOS + (fraction.isEmpty() ? 0 : Long.parseLong(fraction));
        return negative ? -nanos : nanos;
    }

    /** Wireshark's WTAP_ENCAP_ number for one of our LINKTYPE_ values, as tshark prints frame.encap_type. */
    static String wiretapEncap(final int linkType) {
        switch (linkType) {
            case 0:
                return "15";
            case 1:
                return "1";
            case 12:
            case 14:
            case 101:
                return "7";
            case 113:
                return "25";
            case 228:
                return "129";
            case 229:
                return "130";
            case 239:
                return "141";
            case 276:
                return "210";
            default:
                return "LINKTYPE_" + linkType;
        }
    }

    private static TheirRead runTshark(final Path tshark, final Path file) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", file.toString(),
            "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "tcp.analyze_sequence_numbers:FALSE",
            "-T", "fields", "-E", "header=n", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=;"));
        for (final String field : FIELDS) {
            command.add("-e");
            command.add(field);
        }
        final Path stderr = Files.createTempFile("tshark", ".err");
        try {
            final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tshark did not finish on " + file);
            }
            final List<String[]> rows = new ArrayList<>();
            for (final String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    final String[] cells = line.split("\t", -1);
                    assertThat(cells).as(line).hasSize(FIELDS.size());
                    rows.add(cells);
                }
            }
            return new TheirRead(process.exitValue(), rows, Files.readString(stderr)
                .replace("Running as user \"root\" and group \"root\". This could be dangerous.", ""));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static OurRead readOurs(final Path file) throws IOException {
        final List<Ours> packets = new ArrayList<>();
        final CaptureReader reader;
        try {
            reader = Captures.open(file.toString());
        } catch (NotACaptureException e) {
            return new OurRead("refused", packets);
        }
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final StringBuilder sb = new StringBuilder();
        try (reader) {
            while (reader.poll(record -> {
                decoder.decode(record, view);
                sb.setLength(0);
                final String src = IpAddresses.appendSource(sb, view).toString();
                sb.setLength(0);
                final String dst = IpAddresses.appendDestination(sb, view).toString();
                final String transport = view.hasTcp() ? "tcp" : view.hasUdp() ? "udp" : "";
                packets.add(new Ours(record.ordinal(), record.timestampNanos(), record.originalLength(),
                    record.capturedLength(), record.linkType(), src, dst, transport, view.sourcePort(),
                    view.destinationPort(), view.seqUnsigned(), view.ackUnsigned(), view.tcpFlags(),
                    view.payloadLength(), view.window()));
            }, 1024) > 0) {
                // read to the end
            }
        }
        final String status = reader.damage() == null ? "ok" : packets.isEmpty() ? "refused" : "damaged";
        return new OurRead(status, packets);
    }
}
