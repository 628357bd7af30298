package io.pcapflow.capture;

import io.pcapflow.testkit.capture.PcapngWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapngReaderTest {
    private static final long T0 = 1_700_000_000_123_456_789L;

    enum Order {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        Order(final ByteOrder order) {
            this.order = order;
        }
    }

    static byte[] twoSections(final ByteOrder first, final ByteOrder second) {
        final PcapngWriter w = new PcapngWriter();
        w.section(first);
        w.interfaceDescription(1).name("inside0").tsresol(9).snaplen(262144).write();
        w.interfaceDescription(113).name("any").tsresol(0x80 | 20).tsoffset(100).write();
        w.enhancedPacketBuilder(0, T0, PcapReaderTest.frame(1, 10)).flags(PcapngWriter.FLAG_INBOUND)
            .comment("first packet").write();
        w.enhancedPacketBuilder(1, T0 + 1_000, PcapReaderTest.frame(2, 20)).flags(PcapngWriter.FLAG_OUTBOUND).write();
        w.block(0x0BAD, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        w.interfaceStatistics(0, T0 + 5_000, 77, 3);
        w.section(second);
        w.interfaceDescription(1).name("outside0").snaplen(64).write();
        w.simplePacket(PcapReaderTest.frame(3, 100));
        w.obsoletePacket(0, 0, T0 + 2_000_000L, PcapReaderTest.frame(4, 0), PcapReaderTest.frame(4, 0).length);
        return w.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void shouldReadSectionsOfEitherByteOrderWithTheirInterfaces(final Order o) throws IOException {
        final ByteOrder other = o.order == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        final Read.Result r = Read.stream(twoSections(o.order, other));

        assertThat(r.damage()).isNull();
        assertThat(r.issues()).isEmpty();
        final List<Read.Packet> p = r.packets();
        assertThat(p).extracting(Read.Packet::ordinal).containsExactly(1L, 2L, 3L, 4L);
        assertThat(p).extracting(Read.Packet::ifaceName).containsExactly("inside0", "any", "outside0", "outside0");
        assertThat(p).extracting(Read.Packet::linkType).containsExactly(1, 113, 1, 1);
        assertThat(p).extracting(Read.Packet::direction)
            .containsExactly(Direction.INBOUND, Direction.OUTBOUND, Direction.UNKNOWN, Direction.UNKNOWN);
        assertThat(p.get(0).tsNanos()).isEqualTo(T0);
        // 2^-20 s units lose sub-microsecond precision; if_tsoffset is added back by the reader
        assertThat(p.get(1).tsNanos()).isCloseTo(T0 + 1_000, org.assertj.core.data.Offset.offset(1_000L));
        assertThat(p.get(3).tsNanos()).isEqualTo(T0 + 2_000_000L - (T0 % 1000));
        assertThat(p.get(0).data()).isEqualTo(PcapReaderTest.frame(1, 10));
        // the simple packet block is cut to the interface snaplen, its wire length kept
        assertThat(p.get(2).capturedLength()).isEqualTo(64);
        assertThat(p.get(2).data()).isEqualTo(Arrays.copyOf(PcapReaderTest.frame(3, 100), 64));
        assertThat(p.get(2).originalLength()).isEqualTo(PcapReaderTest.frame(3, 100).length);
        assertThat(r.reader().interfaces()).extracting(InterfaceInfo::globalId).containsExactly(0, 1, 2);
        assertThat(r.reader().interfaces()).extracting(InterfaceInfo::section).containsExactly(0, 0, 1);
        assertThat(r.reader().statistics()).singleElement().satisfies(s -> {
            assertThat(s.received()).isEqualTo(77);
            assertThat(s.dropped()).isEqualTo(3);
        });
    }

    @Test
    void shouldDeliverTheSameRecordsWhateverTheReadSizes() throws IOException {
        final byte[] bytes = twoSections(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
        final List<Read.Packet> whole = Read.stream(bytes).packets();
        for (final int chunk : new int[] {1, 2, 3, 5, 7, 64, 1000}) {
            assertThat(Read.all(Captures.open("-", Read.trickle(bytes, chunk))).packets()).isEqualTo(whole);
        }
    }

    @Test
    void shouldKeepEveryCompleteBlockWhereverTheFileIsCut() throws IOException {
        final byte[] bytes = twoSections(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN);
        final List<Read.Packet> whole = Read.stream(bytes).packets();
        int previous = 0;
        for (int cut = 32; cut < bytes.length; cut++) {
            final Read.Result r;
            try {
                r = Read.stream(Arrays.copyOf(bytes, cut));
            } catch (NotACaptureException e) {
                assertThat(cut).as("only a cut first section header may be refused").isLessThan(200);
                continue;
            }
            assertThat(r.packets()).isEqualTo(whole.subList(0, r.packets().size()));
            assertThat(r.packets().size()).isGreaterThanOrEqualTo(previous);
            previous = r.packets().size();
            if (r.damage() != null) {
                assertThat(r.damage().kind()).isIn("truncated_block", "bad_section_header");
                assertThat(r.damage().byteOffset()).isLessThan(cut);
            }
        }
        assertThat(previous).isEqualTo(whole.size() - 1);
    }

    @Test
    void shouldRefuseAnImpossibleBlockLengthWithoutAllocatingIt() throws IOException {
        final PcapngWriter w = new PcapngWriter();
        w.section(ByteOrder.LITTLE_ENDIAN);
        w.interfaceDescription(1).write();
        w.enhancedPacket(0, T0, PcapReaderTest.frame(1, 0));
        final byte[] good = w.toByteArray();
        final byte[] bad = Arrays.copyOf(good, good.length + 16);
        // type EPB, total length 0x7ffffff0
        bad[good.length] = 6;
        bad[good.length + 4] = (byte) 0xF0;
        bad[good.length + 5] = (byte) 0xFF;
        bad[good.length + 6] = (byte) 0xFF;
        bad[good.length + 7] = (byte) 0x7F;
        final Read.Result r = Read.stream(bad);

        assertThat(r.packets()).hasSize(1);
        assertThat(r.damage().kind()).isEqualTo("bad_block_length");
        assertThat(r.damage().byteOffset()).isEqualTo(good.length);
    }

    @Test
    void shouldReadBlocksLargerThanTheReadBufferAndAcrossItsEdges(@org.junit.jupiter.api.io.TempDir
                                                                  final java.nio.file.Path dir) throws IOException {
        final PcapngWriter w = new PcapngWriter();
        w.section(ByteOrder.LITTLE_ENDIAN);
        w.interfaceDescription(1).write();
        w.block(0x0BAD, new byte[12 * 1024 * 1024]);
        for (int i = 0; i < 40_000; i++) {
            w.enhancedPacket(0, T0 + i, PcapReaderTest.frame(i % 1000, i % 700));
        }
        final byte[] bytes = w.toByteArray();
        final java.nio.file.Path file = dir.resolve("big.pcapng");
        java.nio.file.Files.write(file, bytes);
        final Read.Result fromFile = Read.all(Captures.open(file.toString()));

        assertThat(fromFile.damage()).isNull();
        assertThat(fromFile.packets()).hasSize(40_000);
        assertThat(fromFile.packets().get(39_999).data()).isEqualTo(PcapReaderTest.frame(39_999 % 1000, 39_999 % 700));
        assertThat(Read.stream(bytes).packets()).isEqualTo(fromFile.packets());
    }

    @Test
    void shouldRefuseAnUnknownVersionAsNotACapture() {
        final PcapngWriter w = new PcapngWriter();
        w.section(ByteOrder.LITTLE_ENDIAN, 0, 1, -1);
        assertThatThrownBy(() -> Read.stream(w.toByteArray())).isInstanceOf(NotACaptureException.class)
            .hasMessageContaining("version 0.1");
    }

    @Test
    void shouldStopAtAPacketForAnUndescribedInterface() throws IOException {
        final PcapngWriter w = new PcapngWriter();
        w.section(ByteOrder.LITTLE_ENDIAN);
        w.interfaceDescription(1).write();
        w.enhancedPacket(0, T0, PcapReaderTest.frame(1, 0));
        w.enhancedPacket(3, T0, PcapReaderTest.frame(2, 0));
        final Read.Result r = Read.stream(w.toByteArray());
        assertThat(r.packets()).hasSize(1);
        assertThat(r.damage().kind()).isEqualTo("unknown_interface");
    }
}
