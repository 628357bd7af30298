package io.pcapflow.testkit.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureWriterTest {

    /** Walks blocks, checking both length fields and 32-bit alignment; returns the block types. */
    private static List<Integer> walk(byte[] file) {
        List<Integer> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file);
        int pos = 0;
        while (pos < file.length) {
            if (b.getInt(pos) == PcapngWriter.SHB) {
                b.order(b.getInt(pos + 8) == PcapngWriter.BYTE_ORDER_MAGIC ? b.order()
                    : b.order() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            }
            int len = b.getInt(pos + 4);
            assertThat(len % 4).isZero();
            assertThat(b.getInt(pos + len - 4)).isEqualTo(len);
            types.add(b.getInt(pos));
            pos += len;
        }
        assertThat(pos).isEqualTo(file.length);
        return types;
    }

    @Test
    void shouldWritePcapHeaderAndRecordsInChosenOrder() {
        byte[] f = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, false, 96, LinkTypes.RAW)
            .packet(1_500_000_000_123_456_789L, new byte[] {1, 2, 3}, 60).toByteArray();
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(f).hasSize(24 + 16 + 3);
        assertThat(b.getInt(0)).isEqualTo(PcapWriter.MAGIC_MICROS);
        assertThat(b.getShort(4)).isEqualTo((short) 2);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getInt(16)).isEqualTo(96);
        assertThat(b.getInt(20)).isEqualTo(LinkTypes.RAW);
        assertThat(b.getInt(24)).isEqualTo(1_500_000_000);
        assertThat(b.getInt(28)).isEqualTo(123_456);
        assertThat(b.getInt(32)).isEqualTo(3);
        assertThat(b.getInt(36)).isEqualTo(60);
    }

    @Test
    void shouldWriteNanosecondMagicBigEndianAndRawRecords() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PcapWriter(out, ByteOrder.BIG_ENDIAN, true, 65535, LinkTypes.ETHERNET)
            .packet(1_000_000_007L, new byte[0]).rawRecord(1, 2, 0xFFFFFFFFL, 5, new byte[] {9});
        byte[] f = out.toByteArray();

        assertThat(f).startsWith(0xA1, 0xB2, 0x3C, 0x4D);
        assertThat(ByteBuffer.wrap(f).getInt(28)).isEqualTo(7);
        assertThat(ByteBuffer.wrap(f).getInt(48)).isEqualTo(-1);
        assertThat(f).hasSize(24 + 16 + 16 + 1);
    }

    @Test
    void shouldPadBlocksAndRepeatTotalLengthInEverySection() {
        PcapngWriter w = new PcapngWriter().section(ByteOrder.BIG_ENDIAN);
        int i = w.interfaceDescription(LinkTypes.ETHERNET).name("e").tsresol(9).write();
        w.enhancedPacketBuilder(i, 5, new byte[] {1, 2, 3, 4, 5}).comment("x").flags(1).write()
            .simplePacket(new byte[] {1})
            .section(ByteOrder.LITTLE_ENDIAN)
            .block(0x0BAD0BAD, new byte[] {7, 7, 7})
            .interfaceStatistics(0, 0, 1, 2);

        assertThat(walk(w.toByteArray()))
            .containsExactly(PcapngWriter.SHB, 1, 6, 3, PcapngWriter.SHB, 0x0BAD0BAD, 5);
    }

    @Test
    void shouldLayOutEnhancedPacketBlockWithOptions() {
        byte[] f = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN)
            .enhancedPacketBuilder(0, 0, new byte[] {1, 2, 3, 4, 5}).comment("abc").flags(2).write()
            .toByteArray();
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int epb = 28;

        assertThat(b.getInt(epb)).isEqualTo(6);
        assertThat(b.getInt(epb + 20)).isEqualTo(5);
        assertThat(b.getInt(epb + 24)).isEqualTo(5);
        int opt = epb + 28 + 8;
        assertThat(b.getShort(opt)).isEqualTo((short) 1);
        assertThat(b.getShort(opt + 2)).isEqualTo((short) 3);
        assertThat(b.getShort(opt + 8)).isEqualTo((short) 2);
        assertThat(b.getInt(opt + 12)).isEqualTo(2);
        assertThat(b.getInt(opt + 16)).isZero();
        assertThat(b.getInt(epb + 4)).isEqualTo(28 + 8 + 8 + 8 + 4 + 4);
    }

    @Test
    void shouldConvertTimestampsToInterfaceResolution() {
        PcapngWriter w = new PcapngWriter().section(ByteOrder.BIG_ENDIAN);
        int micro = w.interfaceDescription(LinkTypes.RAW).write();
        int nano = w.interfaceDescription(LinkTypes.RAW).tsresol(9).write();
        int binary = w.interfaceDescription(LinkTypes.RAW).tsresol(0x80 | 10).write();
        int offset = w.interfaceDescription(LinkTypes.RAW).tsresol(9).tsoffset(100).write();
        long ts = 123_456_789_987L;

        assertThat(w.units(micro, ts)).isEqualTo(123_456_789L);
        assertThat(w.units(nano, ts)).isEqualTo(ts);
        assertThat(w.units(binary, ts)).isEqualTo(ts * 1024 / 1_000_000_000L);
        assertThat(w.units(offset, ts)).isEqualTo(ts - 100_000_000_000L);
    }

    @Test
    void shouldRefuseToReturnBytesOfStreamWriter() {
        PcapngWriter w = new PcapngWriter(new ByteArrayOutputStream() {
        });
        assertThat(w.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        PcapWriter p = new PcapWriter(new java.io.OutputStream() {
            @Override
            public void write(int b) {
            }
        }, ByteOrder.BIG_ENDIAN, false, 1, 1);
        assertThatThrownBy(p::toByteArray).isInstanceOf(IllegalStateException.class);
    }
}
