package io.pcapflow.capture;

import io.pcapflow.testkit.capture.PcapWriter;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.TcpFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapReaderTest {
    private static final long T0 = 1_537_977_062_883_718_124L;

    @TempDir
    Path dir;

    static Stream<Object[]> variants() {
        return Stream.of(new Object[] {ByteOrder.LITTLE_ENDIAN, false}, new Object[] {ByteOrder.BIG_ENDIAN, false},
            new Object[] {ByteOrder.LITTLE_ENDIAN, true}, new Object[] {ByteOrder.BIG_ENDIAN, true});
    }

    static byte[] frame(final int i, final int payload) {
        return Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("192.0.2.1", "198.51.100.2")
            .tcp(40000 + i, 80).seq(1000L * i).flags(TcpFlags.ACK).payload(new byte[payload]).build();
    }

    static byte[] capture(final ByteOrder order, final boolean nanos) {
        final PcapWriter w = PcapWriter.inMemory(order, nanos, 65535, 1);
        w.packet(T0, frame(1, 0));
        w.packet(T0 + 1_000, frame(2, 100));
        final byte[] big = frame(3, 1400);
        w.packet(T0 + 2_000_000_000L, java.util.Arrays.copyOf(big, 96), big.length);
        return w.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void shouldReadEveryByteOrderAndResolution(final ByteOrder order, final boolean nanos) throws IOException {
        final Path file = dir.resolve("f.pcap");
        Files.write(file, capture(order, nanos));
        final Read.Result r = Read.all(Captures.open(file.toString()));

        assertThat(r.damage()).isNull();
        assertThat(r.reader().format()).isEqualTo(nanos ? CaptureFormat.PCAP_NSEC : CaptureFormat.PCAP);
        assertThat(r.packets()).hasSize(3);
        final long resolutionLoss = nanos ? 0 : T0 % 1000;
        assertThat(r.packets().get(0).tsNanos()).isEqualTo(T0 - resolutionLoss);
        assertThat(r.packets().get(1).tsNanos()).isEqualTo(T0 + 1_000 - resolutionLoss);
        assertThat(r.packets().get(2).tsNanos()).isEqualTo(T0 + 2_000_000_000L - resolutionLoss);
        assertThat(r.packets()).extracting(Read.Packet::ordinal).containsExactly(1L, 2L, 3L);
        assertThat(r.packets().get(0).data()).isEqualTo(frame(1, 0));
        assertThat(r.packets().get(2).capturedLength()).isEqualTo(96);
        assertThat(r.packets().get(2).originalLength()).isEqualTo(frame(3, 1400).length);
        assertThat(r.packets().get(0).fileOffset()).isEqualTo(24);
        assertThat(r.packets().get(0).linkType()).isEqualTo(LinkType.ETHERNET);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void shouldReadTheSameFromFileStreamTrickleAndGzip(final ByteOrder order, final boolean nanos) throws IOException {
        final byte[] bytes = capture(order, nanos);
        final Path file = dir.resolve("g.pcap");
        Files.write(file, bytes);
        final List<Read.Packet> fromFile = Read.all(Captures.open(file.toString())).packets();

        assertThat(Read.stream(bytes).packets()).isEqualTo(fromFile);
        assertThat(Read.all(Captures.open("-", Read.trickle(bytes, 1))).packets()).isEqualTo(fromFile);
        final ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(bytes);
        }
        final Path gzFile = dir.resolve("g.pcap.gz");
        Files.write(gzFile, gz.toByteArray());
        final Read.Result unzipped = Read.all(Captures.open(gzFile.toString()));
        assertThat(unzipped.packets()).isEqualTo(fromFile);
        assertThat(unzipped.reader().isCompressed()).isTrue();
    }

    @Test
    void shouldStopAtTruncationAfterEveryCompleteRecordWhereverTheFileIsCut() throws IOException {
        final byte[] bytes = capture(ByteOrder.LITTLE_ENDIAN, false);
        final List<Read.Packet> whole = Read.stream(bytes).packets();
        final int[] ends = {24, 24 + 16 + frame(1, 0).length, 24 + 16 + frame(1, 0).length + 16 + frame(2, 100).length};
        for (int cut = 24; cut < bytes.length; cut++) {
            final Read.Result r = Read.stream(java.util.Arrays.copyOf(bytes, cut));
            int complete = 0;
            for (final int end : ends) {
                if (cut >= end) {
                    complete++;
                }
            }
            complete--;
            assertThat(r.packets()).as("cut at %d", cut).isEqualTo(whole.subList(0, complete));
            final boolean onBoundary = cut == ends[0] || cut == ends[1] || cut == ends[2];
            if (onBoundary) {
                assertThat(r.damage()).as("cut at %d", cut).isNull();
            } else {
                assertThat(r.damage()).as("cut at %d", cut).isNotNull();
                assertThat(r.damage().kind()).isEqualTo("truncated_record");
                assertThat(r.damage().byteOffset()).isEqualTo(ends[complete]);
                assertThat(r.damage().record()).isEqualTo(complete + 1);
            }
        }
    }

    @Test
    void shouldReportAnImpossibleCapturedLengthWithItsOffsetAndKeepEarlierRecords() throws IOException {
        final PcapWriter w = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        w.packet(T0, frame(1, 10));
        w.rawRecord(1, 2, 3_925_868_813L, 60, new byte[64]);
        final Read.Result r = Read.stream(w.toByteArray());

        assertThat(r.packets()).hasSize(1);
        assertThat(r.damage().kind()).isEqualTo("bad_record_length");
        assertThat(r.damage().byteOffset()).isEqualTo(24 + 16 + frame(1, 10).length);
        assertThat(r.damage().record()).isEqualTo(2);
        assertThat(r.damage().describe()).contains("3925868813");
    }

    @Test
    void shouldRejectWhatIsNotAPcapWithOneLine() throws IOException {
        final Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> Captures.open(empty.toString())).isInstanceOf(NotACaptureException.class)
            .hasMessageContaining("empty");
        final Path text = dir.resolve("text");
        Files.writeString(text, "hello, this is no capture\n");
        assertThatThrownBy(() -> Captures.open(text.toString())).isInstanceOf(NotACaptureException.class)
            .hasMessageContaining("not a pcap or pcapng capture");
        final byte[] v1 = PcapWriter.withHeader(null, ByteOrder.LITTLE_ENDIAN,
            PcapWriter.MAGIC_MICROS, 1, 0, 65535, 1).toByteArray();
        assertThatThrownBy(() -> Read.stream(v1)).isInstanceOf(NotACaptureException.class)
            .hasMessageContaining("version 1.0");
    }
}
