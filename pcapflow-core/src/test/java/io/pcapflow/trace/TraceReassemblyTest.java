package io.pcapflow.trace;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapWriter;
import io.pcapflow.testkit.packet.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** "Follow TCP stream": real HTTP downloads, and crafted retransmissions, overlaps and holes. */
class TraceReassemblyTest {
    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;

    @TempDir
    Path tmp;

    @Test
    void shouldReassembleEveryHttpDownloadOfTheNatCapture() throws IOException {
        final Map<String, Object> index = Traces.run(tmp.resolve("out"), new Traces.Options().payload(1 << 20),
            Fixtures.fixture("captures/nat/inside.pcap"));
        int checked = 0;
        for (final String line : Files.readAllLines(Fixtures.fixture("captures/nat/client-log.jsonl"))) {
            final long port = number(line, "local_port");
            final long received = number(line, "bytes_received");
            if (received <= 0) {
                continue;
            }
            final String path = text(line, "path");
            final int header = (int) number(line, "header_bytes");
            final Map<String, Object> c = Traces.connections(index).stream()
                .filter(e -> e.get("client_port").equals(port)).findFirst().orElseThrow();
            final Map<String, Object> s2c = direction(c, "s2c");
            final byte[] stream = Files.readAllBytes(tmp.resolve("out").resolve((String) s2c.get("file")));
            assertThat((List<?>) s2c.get("gaps")).as("%s: gaps", path).isEmpty();
            final byte[] body = Arrays.copyOfRange(stream, header, stream.length);
            final byte[] expected = body(path, body.length);
            assertThat(body).as("%s: body", path).isEqualTo(expected);
            if (line.contains("\"outcome\": \"complete\"")) {
                assertThat((long) stream.length).as("%s: length", path).isEqualTo(received);
                assertThat((long) body.length).isEqualTo(number(line, "body_bytes"));
            } else {
                // the client read part of it, more may have reached the wire before the reset
                assertThat(body.length).as("%s: aborted download is a prefix", path)
                    .isLessThan(Integer.parseInt(path.substring("/size/".length())));
                assertThat((long) stream.length).isGreaterThanOrEqualTo(received);
            }
            final byte[] request = Files.readAllBytes(tmp.resolve("out").resolve((String) direction(c, "c2s")
                .get("file")));
            assertThat(new String(request, StandardCharsets.ISO_8859_1)).startsWith("GET " + path + " HTTP/1.");
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @Test
    void shouldReassembleRetransmittedReorderedAndWrappingScenariosWithoutGaps() throws IOException {
        final Object[][] cases = {{"rto-retransmission", 2896L, 1448L}, {"fast-retransmission", 5000L, 0L},
            {"reordering-with-sack", 2000L, 0L}, {"sequence-wrap", 4000L, 0L}};
        for (final Object[] k : cases) {
            final Path out = tmp.resolve((String) k[0]);
            final Map<String, Object> c = Traces.connections(Traces.run(out, new Traces.Options().payload(1 << 20),
                Fixtures.fixture("scenarios/" + k[0] + ".pcap"))).get(0);
            final Map<String, Object> s2c = direction(c, "s2c");
            assertThat(s2c.get("bytes")).as("%s", k[0]).isEqualTo(k[1]);
            assertThat(s2c.get("stream_bytes")).as("%s", k[0]).isEqualTo(k[1]);
            assertThat(s2c.get("duplicate_bytes")).as("%s", k[0]).isEqualTo(k[2]);
            assertThat((List<?>) s2c.get("gaps")).as("%s", k[0]).isEmpty();
            assertThat(Files.size(out.resolve((String) s2c.get("file")))).isEqualTo(k[1]);
        }
    }

    @Test
    void shouldKeepTheFirstCopyOfEveryByteAndReportTheHoleExactly() throws IOException {
        final Path out = tmp.resolve("out");
        final Map<String, Object> c = Traces.connections(Traces.run(out, new Traces.Options().payload(1 << 20),
            crafted())).get(0);
        final Map<String, Object> c2s = direction(c, "c2s");
        final byte[] expected = new byte[400];
        for (int i = 0; i < 300; i++) {
            expected[i] = truth(i);
        }
        // [150, 200) was first captured in the conflicting overlap: the first copy wins
        Arrays.fill(expected, 150, 200, (byte) 0xEE);
        for (int i = 400; i < 500; i++) {
            expected[i - 100] = truth(i);
        }
        assertThat(Files.readAllBytes(out.resolve((String) c2s.get("file")))).isEqualTo(expected);
        assertThat(c2s.get("gaps")).isEqualTo(List.of(Map.of("stream_offset", 300L, "length", 100L,
            "file_offset", 300L)));
        assertThat(c2s.get("missing_bytes")).isEqualTo(100L);
        // the whole retransmission of [0,100), [200,250) of the overlap, [150,200) of the late segment
        assertThat(c2s.get("duplicate_bytes")).isEqualTo(200L);
        assertThat(c2s.get("conflicting_bytes")).isEqualTo(100L);
        assertThat(c2s.get("stream_bytes")).isEqualTo(500L);
    }

    @Test
    void shouldDeclareAHoleWhenTheOutOfOrderBufferIsFull() throws IOException {
        final Path out = tmp.resolve("out");
        final Map<String, Object> c = Traces.connections(Traces.run(out, new Traces.Options().payload(0),
            crafted())).get(0);
        final Map<String, Object> c2s = direction(c, "c2s");
        // [200,300) could not wait for [100,200): gap at 100; [300,400) never came: gap at 300 - 100 in the file
        assertThat(c2s.get("gaps")).isEqualTo(List.of(
            Map.of("stream_offset", 100L, "length", 100L, "file_offset", 100L),
            Map.of("stream_offset", 300L, "length", 100L, "file_offset", 200L)));
        final byte[] data = Files.readAllBytes(out.resolve((String) c2s.get("file")));
        assertThat(data).hasSize(300);
        for (int i = 0; i < 100; i++) {
            assertThat(data[i]).isEqualTo(truth(i));
            assertThat(data[100 + i]).isEqualTo(truth(200 + i));
            assertThat(data[200 + i]).isEqualTo(truth(400 + i));
        }
    }

    /** Client data: in order, retransmitted, out of order, overlapping with other bytes, a hole. */
    private Path crafted() throws IOException {
        final PcapWriter pcap = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkTypes.ETHERNET);
        final long c = 1000;
        final long s = 5000;
        long t = 1_700_000_000_000_000_000L;
        pcap.packet(t++, seg(true, SYN, c, 0, null));
        pcap.packet(t++, seg(false, SYN | ACK, s, c + 1, null));
        pcap.packet(t++, seg(true, ACK, c + 1, s + 1, null));
        pcap.packet(t++, seg(true, ACK | PSH, c + 1, s + 1, data(0, 100, false)));
        pcap.packet(t++, seg(true, ACK | PSH, c + 1, s + 1, data(0, 100, true)));
        pcap.packet(t++, seg(true, ACK | PSH, c + 1 + 200, s + 1, data(200, 300, false)));
        pcap.packet(t++, seg(true, ACK | PSH, c + 1 + 150, s + 1, data(150, 250, true)));
        pcap.packet(t++, seg(true, ACK | PSH, c + 1 + 100, s + 1, data(100, 200, false)));
        pcap.packet(t++, seg(true, ACK | PSH, c + 1 + 400, s + 1, data(400, 500, false)));
        pcap.packet(t++, seg(true, ACK | FIN, c + 1 + 500, s + 1, null));
        pcap.packet(t++, seg(false, ACK | FIN, s + 1, c + 502, null));
        pcap.packet(t, seg(true, ACK, c + 502, s + 2, null));
        final Path file = tmp.resolve("crafted.pcap");
        Files.write(file, pcap.toByteArray());
        return file;
    }

    private static byte[] seg(final boolean fromClient, final int flags, final long seq, final long ack,
                              final byte[] payload) {
        final String a = "192.0.2.10";
        final String b = "198.51.100.20";
        return Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4(fromClient ? a : b, fromClient ? b : a)
            .tcp(fromClient ? 40000 : 80, fromClient ? 80 : 40000).seq(seq).ack(ack).flags(flags).window(65535)
            .payload(payload == null ? new byte[0] : payload).build();
    }

    private static byte[] data(final int from, final int to, final boolean other) {
        final byte[] d = new byte[to - from];
        for (int i = from; i < to; i++) {
            d[i - from] = other ? (byte) 0xEE : truth(i);
        }
        return d;
    }

    private static byte truth(final int offset) {
        return (byte) (offset * 7 + 3);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> direction(final Map<String, Object> c, final String d) {
        return (Map<String, Object>) ((Map<String, Object>) c.get("payload")).get(d);
    }

    /** scripts/captures/body.py: sha256(path) || sha256(that) || ... cut to the size. */
    static byte[] body(final String path, final int size) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            final byte[] out = new byte[size];
            byte[] block = sha.digest(path.getBytes(StandardCharsets.UTF_8));
            for (int at = 0; at < size; at += block.length) {
                System.arraycopy(block, 0, out, at, Math.min(block.length, size - at));
                block = sha.digest(block);
            }
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long number(final String json, final String key) {
        final Matcher m = Pattern.compile("\"" + key + "\": (-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String text(final String json, final String key) {
        final Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
