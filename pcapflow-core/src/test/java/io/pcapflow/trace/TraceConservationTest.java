package io.pcapflow.trace;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Captures;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is lost: over the fixtures and the shared corpus, the per-connection files together hold
 * exactly the input's TCP packets and the IPv4 fragments of its TCP datagrams, byte for byte with
 * their timestamps, each once, except fragments listed as unassigned in the summary; and the TCP
 * packets per file (fragments aside) equal tshark's {@code tcp.stream} groups.
 */
class TraceConservationTest {
    @TempDir
    Path tmp;

    /** One input packet kept for comparison. */
    private record Packet(long nanos, long originalLength, byte[] bytes) {
    }

    @Test
    void shouldWriteEveryTcpPacketOfTheFixturesOnce() throws IOException, InterruptedException {
        final List<Path> inputs = new ArrayList<>(captures(Fixtures.fixture("captures")));
        inputs.addAll(captures(Fixtures.fixture("scenarios")));
        check(inputs, new PcapFormat(), 256);
    }

    @Test
    void shouldWriteEveryTcpPacketOnceAsPcapngWithThreeOpenFiles() throws IOException, InterruptedException {
        // the open-file limit forces writers to be closed and reopened in append mode all the time
        check(List.of(Fixtures.fixture("captures/nat/both.pcapng"), Fixtures.fixture("captures/nat/any.pcap"),
            Fixtures.fixture("captures/loss/drop-random-ipv6.pcap")), new PcapngFormat(), 3);
    }

    @Test
    void shouldWriteEveryTcpPacketOfTheCorpusOnce() throws IOException, InterruptedException {
        check(captures(Fixtures.requireCorpusOrSkip()), new PcapFormat(), 256);
    }

    private static List<Path> captures(final Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$")).sorted()
                .collect(Collectors.toList());
        }
    }

    private void check(final List<Path> inputs, final FlowFormat format, final int maxOpenFiles)
        throws IOException, InterruptedException {
        final StringBuilder table = new StringBuilder(String.format("%-60s %8s %8s %6s %-6s %s%n", "file", "packets",
            "tcp", "flows", "format", "tshark tcp.stream groups"));
        int n = 0;
        for (final Path input : inputs) {
            final Map<Long, Packet> tcp = new HashMap<>();
            final long read;
            try {
                read = readTcp(input, tcp);
            } catch (IOException e) {
                table.append(String.format("%-60s unreadable by us: %s%n", name(input), e.getMessage()));
                continue;
            }
            Path out = tmp.resolve("out" + n++);
            Map<String, Object> index = Traces.run(out,
                new Traces.Options().format(format).maxOpenFiles(maxOpenFiles), input);
            String used = format.extension();
            if ((Long) ((Map<?, ?>) index.get("summary")).get("not_written") > 0) {
                // classic pcap cannot hold these packets (link types, times): pcapng must
                out = tmp.resolve("out" + n++);
                index = Traces.run(out, new Traces.Options().format(new PcapngFormat()), input);
                used = "pcapng";
            }
            final Map<Long, Long> perStream = verify(out, index, tcp);
            final Map<Long, Long> tshark = tsharkStreams(input);
            final String agreement = tshark == null ? "tshark cannot read it"
                : tshark.equals(perStream) ? "equal (" + tshark.size() + ")" : "DIFFER";
            table.append(String.format("%-60s %8d %8d %6d %-6s %s%n", name(input), read, tcp.size(),
                Traces.connections(index).size(), used, agreement));
            if (tshark != null) {
                assertThat(perStream).as("%s: packets per tcp.stream", input).isEqualTo(tshark);
            }
        }
        Files.writeString(tmp.getParent().resolve("trace-conservation-" + inputs.size() + ".txt"), table);
        System.out.print(table);
    }

    private static String name(final Path p) {
        final String s = p.toString();
        return s.length() > 60 ? "..." + s.substring(s.length() - 57) : s;
    }

    private static long readTcp(final Path input, final Map<Long, Packet> tcp) throws IOException {
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        try (CaptureReader reader = Captures.open(input.toString())) {
            while (reader.poll((CaptureRecord r) -> {
                final boolean tcpPacket = decoder.decode(r, view) && view.hasTcp();
                // an IPv4 fragment of a TCP datagram that does not complete it has no TCP header
                final boolean tcpFragment = !tcpPacket && view.ipVersion() == 4 && view.isFragment()
                    && view.protocol() == 6;
                if (tcpPacket || tcpFragment) {
                    tcp.put(r.ordinal(), new Packet(r.timestampNanos(), r.originalLength(),
                        r.bytes().copy(r.offset(), r.capturedLength())));
                }
            }, 4096) > 0) {
                // all of it
            }
            return reader.records();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Long> verify(final Path out, final Map<String, Object> index,
                                          final Map<Long, Packet> tcp) throws IOException {
        final Map<Long, Long> seen = new HashMap<>();
        final Map<Long, Long> perStream = new TreeMap<>();
        for (final Map<String, Object> c : Traces.connections(index)) {
            final List<Object> frames = (List<Object>) c.get("frames");
            final long stream = (Long) c.get("stream");
            perStream.merge(stream, frames.size() - (Long) c.get("fragments"), Long::sum);
            final List<Packet> written = new ArrayList<>();
            try (CaptureReader reader = Captures.open(out.resolve((String) c.get("file")).toString())) {
                while (reader.poll((CaptureRecord r) -> written.add(new Packet(r.timestampNanos(),
                    r.originalLength(), r.bytes().copy(r.offset(), r.capturedLength()))), 4096) > 0) {
                    // all of it
                }
                assertThat(reader.damage()).as("%s", c.get("file")).isNull();
            }
            assertThat(written).as("%s", c.get("file")).hasSize(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                final long ordinal = (Long) frames.get(i);
                assertThat(seen.put(ordinal, stream)).as("frame %d written twice", ordinal).isNull();
                final Packet in = tcp.get(ordinal);
                assertThat(in).as("frame %d is no TCP packet of the input", ordinal).isNotNull();
                final Packet w = written.get(i);
                assertThat(w.nanos()).as("time of frame %d", ordinal).isEqualTo(in.nanos());
                assertThat(w.originalLength()).as("length of frame %d", ordinal).isEqualTo(in.originalLength());
                assertThat(Arrays.equals(w.bytes(), in.bytes())).as("bytes of frame %d", ordinal).isTrue();
            }
        }
        final Map<String, Object> summary = (Map<String, Object>) index.get("summary");
        final Set<Long> unassigned = new HashSet<>();
        for (final Map<String, Object> in : (List<Map<String, Object>>) summary.get("inputs")) {
            for (final Object f : (List<Object>) in.get("unassigned_fragment_frames")) {
                unassigned.add((Long) f);
                assertThat(seen).as("unassigned frame %s", f).doesNotContainKey((Long) f);
            }
        }
        assertThat(summary.get("unassigned_fragments")).isEqualTo((long) unassigned.size());
        final Set<Long> all = new HashSet<>(seen.keySet());
        all.addAll(unassigned);
        assertThat(all).as("every TCP packet and fragment written or listed").isEqualTo(tcp.keySet());
        assertThat(summary.get("tcp_packets_written")).isEqualTo((long) seen.size());
        return perStream;
    }

    /** tshark's packets per tcp.stream, or null when tshark cannot read the file. */
    private static Map<Long, Long> tsharkStreams(final Path input) throws IOException, InterruptedException {
        if (!Fixtures.toolAvailable("tshark")) {
            return null;
        }
        final Process p = new ProcessBuilder("tshark", "-n", "-r", input.toString(), "-Y", "tcp", "-T", "fields",
            "-e", "tcp.stream").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        final Map<Long, Long> counts = new TreeMap<>();
        for (final String line : text.split("\n")) {
            if (!line.isBlank()) {
                // an ICMP error quoting a TCP header matches -Y tcp without a stream of its own
                counts.merge(Long.parseLong(line.split(",")[0].trim()), 1L, Long::sum);
            }
        }
        return counts;
    }
}
