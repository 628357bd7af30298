package io.pcapflow.trace;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Captures;
import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapWriter;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.TcpFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fragments of a TCP datagram: the decoder presents the segment on the fragment completing it, so
 * the earlier fragments (no TCP header) are held and written to the segment's connection, before
 * it, in frame order; fragments whose datagram never completes are listed as unassigned.
 */
class TraceFragmentTest {
    private static final String CLIENT = "192.0.2.2";
    private static final String SERVER = "198.51.100.2";
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private byte[] capture() {
        final List<byte[]> frames = new ArrayList<>();
        frames.add(Frames.raw().ipv4(CLIENT, SERVER).id(1).tcp(40000, 80).seq(100).flags(TcpFlags.SYN).build());
        frames.add(Frames.raw().ipv4(SERVER, CLIENT).id(2).tcp(80, 40000).seq(500).ack(101)
            .flags(TcpFlags.SYN | TcpFlags.ACK).build());
        frames.add(Frames.raw().ipv4(CLIENT, SERVER).id(3).tcp(40000, 80).seq(101).ack(501)
            .flags(TcpFlags.ACK).build());
        final byte[] data = new byte[300];
        Arrays.fill(data, (byte) 'a');
        // frames 4-6: a data segment in three fragments, in order
        frames.addAll(Frames.raw().ipv4(CLIENT, SERVER).id(4).tcp(40000, 80).seq(101).ack(501)
            .flags(TcpFlags.ACK | TcpFlags.PSH).payload(data).buildFragments(48, 160));
        // frames 7-8: the server's reply in two fragments, last one first
        final List<byte[]> reply = new ArrayList<>(Frames.raw().ipv4(SERVER, CLIENT).id(5).tcp(80, 40000).seq(501)
            .ack(401).flags(TcpFlags.ACK | TcpFlags.PSH).payload(data).buildFragments(200));
        Collections.reverse(reply);
        frames.addAll(reply);
        // frame 9: the first fragment of a datagram that never completes
        frames.add(Frames.raw().ipv4(CLIENT, SERVER).id(6).tcp(40000, 80).seq(401).ack(801)
            .flags(TcpFlags.ACK).payload(data).buildFragments(64).get(0));
        // frame 10: a UDP fragment is no TCP packet: skipped
        frames.add(Frames.raw().ipv4(CLIENT, SERVER).id(7).udp(5000, 53).payload(data).buildFragments(64).get(0));
        frames.add(Frames.raw().ipv4(CLIENT, SERVER).id(8).tcp(40000, 80).seq(401).ack(801)
            .flags(TcpFlags.ACK | TcpFlags.FIN).build());
        frames.add(Frames.raw().ipv4(SERVER, CLIENT).id(9).tcp(80, 40000).seq(801).ack(402)
            .flags(TcpFlags.ACK | TcpFlags.FIN).build());
        frames.add(Frames.raw().ipv4(CLIENT, SERVER).id(10).tcp(40000, 80).seq(402).ack(802)
            .flags(TcpFlags.ACK).build());
        final PcapWriter w = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkTypes.RAW);
        for (int i = 0; i < frames.size(); i++) {
            w.packet(T0 + i * 1_000_000L, frames.get(i));
        }
        return w.toByteArray();
    }

    private static List<byte[]> read(final Path file) throws IOException {
        final List<byte[]> out = new ArrayList<>();
        try (CaptureReader reader = Captures.open(file.toString())) {
            while (reader.poll((CaptureRecord r) -> out.add(r.bytes().copy(r.offset(), r.capturedLength())), 64) > 0) {
                // all of it
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteEveryFragmentOfTheSegmentToItsConnectionInFrameOrder() throws IOException {
        final Path in = tmp.resolve("frag.pcap");
        Files.write(in, capture());
        final List<byte[]> input = read(in);
        final Map<String, Object> index = Traces.run(tmp.resolve("out"), new Traces.Options(), in);

        final List<Map<String, Object>> connections = Traces.connections(index);
        assertThat(connections).hasSize(1);
        final Map<String, Object> c = connections.get(0);
        assertThat((List<Object>) c.get("frames")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 11L, 12L, 13L);
        assertThat(c.get("fragments")).isEqualTo(3L);
        assertThat(c.get("packets")).isEqualTo(11L);
        final List<byte[]> written = read(tmp.resolve("out").resolve((String) c.get("file")));
        assertThat(written).hasSize(11);
        final List<Object> frames = (List<Object>) c.get("frames");
        for (int i = 0; i < written.size(); i++) {
            final int ordinal = (int) (long) (Long) frames.get(i);
            assertThat(written.get(i)).as("frame %d", ordinal).isEqualTo(input.get(ordinal - 1));
        }

        final Map<String, Object> summary = (Map<String, Object>) index.get("summary");
        assertThat(summary.get("tcp_packets")).isEqualTo(8L);
        assertThat(summary.get("tcp_fragments")).isEqualTo(4L);
        assertThat(summary.get("unassigned_fragments")).isEqualTo(1L);
        assertThat(summary.get("tcp_packets_written")).isEqualTo(11L);
        assertThat(summary.get("non_tcp_skipped")).isEqualTo(1L);
        final Map<String, Object> input0 = ((List<Map<String, Object>>) summary.get("inputs")).get(0);
        assertThat((List<Object>) input0.get("unassigned_fragment_frames")).containsExactly(9L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCountFragmentsAsNotWrittenInJson() throws IOException {
        final Path in = tmp.resolve("frag.pcap");
        Files.write(in, capture());
        final Map<String, Object> index = Traces.run(tmp.resolve("json"),
            new Traces.Options().format(new JsonFormat()), in);
        final Map<String, Object> c = Traces.connections(index).get(0);
        assertThat(c.get("fragments")).isEqualTo(3L);
        assertThat(c.get("not_written")).isEqualTo(3L);
        final List<String> lines = Files.readAllLines(tmp.resolve("json").resolve((String) c.get("file")));
        assertThat(lines).hasSize(8);
        final Map<String, Object> summary = (Map<String, Object>) index.get("summary");
        assertThat(summary.get("tcp_packets_written")).isEqualTo(8L);
    }
}
