package io.pcapflow.corpus;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.NotACaptureException;
import io.pcapflow.decode.Anomaly;
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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
        "udp.srcport", "udp.dstport", "frame.interface_id", "frame.packet_flags_direction", "ieee8021ad.id",
        "vlan.id", "sll.pkttype", "ip.hdr_len", "ip.id", "ip.ttl", "ip.proto", "ip.flags.mf", "ip.frag_offset",
        "ipv6.hlim", "tcp.hdr_len", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm",
        "tcp.options.sack_le", "tcp.options.sack_re", "tcp.options.timestamp.tsval",
        "tcp.options.timestamp.tsecr", "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code", "sll.ifindex",
        "ip.len", "ipv6.plen", "udp.length");
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
    private static final int IFACE = 19;
    private static final int DIRECTION = 20;
    private static final int QINQ = 21;
    private static final int VLAN = 22;
    private static final int SLL_TYPE = 23;
    private static final int IP_HDR_LEN = 24;
    private static final int IP_ID = 25;
    private static final int IP_TTL = 26;
    private static final int IP_PROTO = 27;
    private static final int IP_MF = 28;
    private static final int IP_FRAG_OFFSET = 29;
    private static final int HOP_LIMIT = 30;
    private static final int TCP_HDR_LEN = 31;
    private static final int MSS = 32;
    private static final int WSCALE = 33;
    private static final int SACK_PERM = 34;
    private static final int SACK_LE = 35;
    private static final int SACK_RE = 36;
    private static final int TSVAL = 37;
    private static final int TSECR = 38;
    private static final int ICMP_TYPE = 39;
    private static final int ICMP_CODE = 40;
    private static final int ICMPV6_TYPE = 41;
    private static final int ICMPV6_CODE = 42;
    private static final int SLL_IFINDEX = 43;
    private static final int IP_LEN = 44;
    private static final int IPV6_PLEN = 45;
    private static final int UDP_LEN = 46;
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
        IPV4_REASSEMBLED("on the IPv4 fragment that completes a datagram both decode the reassembled TCP/UDP"
            + " segment; pcapflow's ip.len is then the reassembled datagram's, tshark's the last fragment's"),
        IP_LENGTH_USED("IP length field 0 or beyond the frame: tshark prints the field (and an expert warning),"
            + " pcapflow reports the length it used, the frame's (anomaly IP_TOTAL_LENGTH_EXCEEDS_FRAME/_ZERO);"
            + " the TCP payload lengths agree"),
        IPV6_REASSEMBLY("tshark reassembles IPv6 fragments and decodes the transport header on the fragment that"
            + " completes the datagram; pcapflow does not reassemble IPv6 (it counts the fragments)"),
        BAD_TCP_HEADER_LENGTH("TCP data offset below 5 or beyond the datagram: tshark shows the ports and flags"
            + " with an expert error, pcapflow does not count the packet as TCP (anomaly BAD_TCP_DATA_OFFSET)"),
        BAD_UDP_LENGTH("UDP length field below 8 or beyond the IP payload: tshark prints the field, pcapflow's"
            + " payload length comes from the IP length (anomaly BAD_UDP_LENGTH)"),
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
                        int flags, int payloadLength, int window, boolean reassembled, Anomaly anomaly,
                        Map<String, String> extra) {
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

    static List<String> printTable(final List<FileResult> results) {
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

    static FileResult compare(final Path tshark, final Path file, final String name) throws Exception {
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
        final Known rule = nested != null ? nested : o.anomaly() == Anomaly.BAD_TCP_DATA_OFFSET
            ? Known.BAD_TCP_HEADER_LENGTH : ipv6Reassembly(protocols, o);
        r.check("transport", frame, transport, o.transport(), rule);
        final Map<String, String> expected = extra(t, protocols, ip, transport.equals(o.transport())
            && nested == null ? transport : "");
        final Known length = o.reassembled() ? Known.IPV4_REASSEMBLED
            : o.anomaly() == Anomaly.IP_TOTAL_LENGTH_EXCEEDS_FRAME || o.anomaly() == Anomaly.IP_TOTAL_LENGTH_ZERO
            ? Known.IP_LENGTH_USED : null;
        expected.forEach((k, v) -> r.check(k, frame, v, o.extra().getOrDefault(k, ""),
            k.startsWith("icmp.") ? rule : "ip.len".equals(k) ? length
            : "udp.length".equals(k) && o.anomaly() == Anomaly.BAD_UDP_LENGTH ? Known.BAD_UDP_LENGTH : null));
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
     * tshark's side of the further fields: link layer always, IP fields for the outer IP version,
     * ICMP type and code when ICMP follows the outer IP, TCP header length and options when both
     * sides decoded the same TCP header.
     */
    private static Map<String, String> extra(final String[] t, final String[] protocols, final String ip,
                                             final String transport) {
        final Map<String, String> m = new LinkedHashMap<>();
        if (!t[IFACE].isEmpty()) {
            m.put("interface", t[IFACE]);
        }
        if (!t[DIRECTION].isEmpty()) {
            m.put("direction", String.valueOf(Integer.decode(t[DIRECTION]) & 3));
        }
        m.put("vlan", t[QINQ].isEmpty() ? t[VLAN] : t[VLAN].isEmpty() ? t[QINQ] : t[QINQ] + ";" + t[VLAN]);
        m.put("sll.pkttype", first(t[SLL_TYPE]));
        m.put("sll.ifindex", first(t[SLL_IFINDEX]));
        if ("ip".equals(ip)) {
            m.put("ip.hdr_len", first(t[IP_HDR_LEN]));
            m.put("ip.id", String.valueOf(Integer.decode(first(t[IP_ID]))));
            m.put("ip.ttl", first(t[IP_TTL]));
            m.put("ip.proto", first(t[IP_PROTO]));
            m.put("ip.flags.mf", first(t[IP_MF]));
            m.put("ip.frag_offset", first(t[IP_FRAG_OFFSET]));
            m.put("ip.len", first(t[IP_LEN]));
        } else if ("ipv6".equals(ip)) {
            m.put("ipv6.hlim", first(t[HOP_LIMIT]));
            m.put("ip.len", String.valueOf(40 + Integer.parseInt(first(t[IPV6_PLEN]))));
        }
        final String afterIp = afterIp(protocols, ip);
        if ("icmp".equals(afterIp) || "icmpv6".equals(afterIp)) {
            final boolean v4 = "icmp".equals(afterIp);
            m.put("icmp.type", first(t[v4 ? ICMP_TYPE : ICMPV6_TYPE]));
            m.put("icmp.code", first(t[v4 ? ICMP_CODE : ICMPV6_CODE]));
        }
        if ("udp".equals(transport)) {
            m.put("udp.length", first(t[UDP_LEN]));
        }
        if ("tcp".equals(transport)) {
            m.put("tcp.hdr_len", t[TCP_HDR_LEN]);
            m.put("tcp.mss", t[MSS]);
            m.put("tcp.wscale", t[WSCALE]);
            m.put("tcp.sack_perm", t[SACK_PERM].isEmpty() ? "" : "1");
            final StringBuilder sack = new StringBuilder();
            final String[] left = t[SACK_LE].split(";");
            final String[] right = t[SACK_RE].split(";");
            for (int i = 0; i < left.length && !left[i].isEmpty(); i++) {
                sack.append(sack.length() == 0 ? "" : ";").append(left[i]).append('-')
                    .append(i < right.length ? right[i] : "?");
            }
            m.put("tcp.sack", sack.toString());
            m.put("tcp.tsval", t[TSVAL]);
            m.put("tcp.tsecr", t[TSECR]);
        }
        return m;
    }

    /** Our side of the further fields, in tshark's notation; "" where a layer was not reached. */
    private static Map<String, String> extra(final CaptureRecord record, final PacketView v) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("interface", String.valueOf(record.interfaceId()));
        m.put("direction", String.valueOf(record.flags() & 3));
        final StringBuilder vlans = new StringBuilder();
        for (int i = 0; i < Math.min(v.vlanCount(), PacketView.MAX_VLANS); i++) {
            vlans.append(i == 0 ? "" : ";").append(v.vlanId(i));
        }
        m.put("vlan", vlans.toString());
        m.put("sll.pkttype", v.sllPacketType() < 0 ? "" : String.valueOf(v.sllPacketType()));
        m.put("sll.ifindex", v.sllInterfaceIndex() < 0 ? "" : String.valueOf(v.sllInterfaceIndex()));
        m.put("ip.len", v.ipVersion() == 0 ? "" : String.valueOf(v.ipTotalLength()));
        if (v.hasUdp()) {
            m.put("udp.length", String.valueOf(v.payloadLength() + 8));
        }
        if (v.ipVersion() == 4) {
            m.put("ip.hdr_len", String.valueOf(v.ipHeaderLength()));
            m.put("ip.id", String.valueOf(v.ipId()));
            m.put("ip.ttl", String.valueOf(v.ttl()));
            m.put("ip.proto", String.valueOf(v.protocol()));
            m.put("ip.flags.mf", v.isMoreFragments() ? "1" : "0");
            m.put("ip.frag_offset", String.valueOf(v.fragmentOffset() / 8));
        } else if (v.ipVersion() == 6) {
            m.put("ipv6.hlim", String.valueOf(v.ttl()));
        }
        if (v.isIcmp()) {
            m.put("icmp.type", String.valueOf(v.icmpType()));
            m.put("icmp.code", String.valueOf(v.icmpCode()));
        }
        if (v.hasTcp()) {
            m.put("tcp.hdr_len", String.valueOf(v.tcpHeaderLength()));
            m.put("tcp.mss", v.mss() < 0 ? "" : String.valueOf(v.mss()));
            m.put("tcp.wscale", v.windowScale() < 0 ? "" : String.valueOf(v.windowScale()));
            m.put("tcp.sack_perm", v.isSackPermitted() ? "1" : "");
            final StringBuilder sack = new StringBuilder();
            for (int i = 0; i < v.sackBlockCount(); i++) {
                sack.append(i == 0 ? "" : ";").append(v.sackLeft(i)).append('-').append(v.sackRight(i));
            }
            m.put("tcp.sack", sack.toString());
            m.put("tcp.tsval", v.hasTimestamps() ? String.valueOf(v.tsVal()) : "");
            m.put("tcp.tsecr", v.hasTimestamps() ? String.valueOf(v.tsEcr()) : "");
        }
        return m;
    }

    /** The protocol tshark dissected right after the outer IP header and its IPv6 extension headers. */
    private static String afterIp(final String[] protocols, final String ip) {
        boolean seen = false;
        for (final String p : protocols) {
            if (seen && !p.startsWith("ipv6.")) {
                return p;
            }
            seen |= p.equals(ip);
        }
        return "";
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

    /**
     * tshark reassembles IPv6 fragments and dissects the datagram on the fragment that completes it;
     * pcapflow does not reassemble IPv6 and stops at the Fragment header (atomic fragments aside).
     */
    private static Known ipv6Reassembly(final String[] protocols, final Ours o) {
        return Arrays.asList(protocols).contains("ipv6.fraghdr") && o.transport().isEmpty()
            && !o.extra().containsKey("icmp.type") ? Known.IPV6_REASSEMBLY : null;
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
            case 108:
                return "174";
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
            "-o", "tcp.relative_sequence_numbers:FALSE",
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
                    view.payloadLength(), view.window(), view.isReassembled(), view.anomaly(), extra(record, view)));
            }, 1024) > 0) {
                // read to the end
            }
        }
        final String status = reader.damage() == null ? "ok" : packets.isEmpty() ? "refused" : "damaged";
        return new OurRead(status, packets);
    }
}
