package io.pcapflow.capture;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.capture.PcapWriter;
import io.pcapflow.testkit.capture.PcapngWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's real captures, read every way a user can feed them: from the file, as a stream in
 * random-sized pieces, cut at every byte of their first 4 KiB, and rewritten in the other byte
 * order and timestamp resolution. The packets must always be the same.
 */
class FixtureRoundTripTest {
    private static final String[] FIXTURES = {"captures/nat/inside.pcap", "captures/nat/outside.pcap",
        "captures/nat/any.pcap", "captures/nat/both.pcapng", "captures/nat/client-sll.pcap",
        "captures/nat/inside-snap96.pcap", "captures/sample/sample.pcapng"};

    @ParameterizedTest
    @ValueSource(strings = {"captures/nat/inside.pcap", "captures/nat/outside.pcap", "captures/nat/any.pcap",
        "captures/nat/both.pcapng", "captures/nat/client-sll.pcap", "captures/nat/inside-snap96.pcap",
        "captures/sample/sample.pcapng"})
    void shouldReadTheSamePacketsFromTheFileAndStreamedInPieces(final String fixture) throws IOException {
        final Path file = Fixtures.fixture(fixture);
        final Read.Result fromFile = Read.all(Captures.open(file.toString()));
        assertThat(fromFile.damage()).isNull();
        assertThat(fromFile.packets()).isNotEmpty();
        final byte[] bytes = Files.readAllBytes(file);
        final SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 3; round++) {
            final int chunk = 1 + random.nextInt(4096);
            assertThat(Read.all(Captures.open("-", Read.trickle(bytes, chunk))).packets())
                .as("pieces of %d bytes", chunk).isEqualTo(fromFile.packets());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"captures/nat/inside.pcap", "captures/nat/both.pcapng", "captures/nat/any.pcap"})
    void shouldKeepEveryCompleteRecordWhereverTheFirstKilobytesAreCut(final String fixture) throws IOException {
        final byte[] bytes = Files.readAllBytes(Fixtures.fixture(fixture));
        final List<Read.Packet> whole = Read.stream(bytes).packets();
        for (int cut = 0; cut <= 4096; cut++) {
            final Read.Result r;
            try {
                r = Read.stream(Arrays.copyOf(bytes, cut));
            } catch (NotACaptureException e) {
                assertThat(cut).as("refused only while the file header is incomplete").isLessThan(256);
                continue;
            }
            assertThat(r.packets()).isEqualTo(whole.subList(0, r.packets().size()));
            final long end = r.packets().isEmpty() ? -1 : r.packets().get(r.packets().size() - 1).fileOffset();
            if (r.damage() != null) {
                assertThat(r.damage().byteOffset()).isGreaterThan(end).isLessThan(cut);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldReadFixturesRewrittenInTheOtherByteOrderAndResolution(final boolean nanos) throws IOException {
        for (final String fixture : FIXTURES) {
            final Read.Result original = Read.all(Captures.open(Fixtures.fixture(fixture).toString()));
            final Read.Packet first = original.packets().get(0);
            final PcapWriter pcap = PcapWriter.inMemory(ByteOrder.BIG_ENDIAN, nanos, 262144, first.linkType());
            final PcapngWriter ng = new PcapngWriter().section(ByteOrder.BIG_ENDIAN);
            ng.interfaceDescription(first.linkType()).tsresol(nanos ? 9 : 6).name("x").write();
            boolean oneLinkType = true;
            for (final Read.Packet p : original.packets()) {
                oneLinkType &= p.linkType() == first.linkType();
                pcap.packet(p.tsNanos(), p.data(), (int) p.originalLength());
                ng.enhancedPacketBuilder(0, p.tsNanos(), p.data()).originalLength((int) p.originalLength()).write();
            }
            if (!oneLinkType) {
                continue;
            }
            for (final byte[] rewritten : new byte[][] {pcap.toByteArray(), ng.toByteArray()}) {
                final List<Read.Packet> again = Read.stream(rewritten).packets();
                assertThat(again).hasSameSizeAs(original.packets());
                for (int i = 0; i < again.size(); i++) {
                    final Read.Packet a = again.get(i);
                    final Read.Packet o = original.packets().get(i);
                    assertThat(a.data()).isEqualTo(o.data());
                    assertThat(a.originalLength()).isEqualTo(o.originalLength());
                    assertThat(a.tsNanos()).isEqualTo(nanos ? o.tsNanos() : o.tsNanos() - o.tsNanos() % 1000);
                }
            }
        }
    }
}
