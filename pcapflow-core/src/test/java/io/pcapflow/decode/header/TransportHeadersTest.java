package io.pcapflow.decode.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.bytes.Bytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TransportHeadersTest {
    @Test
    void shouldReadTcpFields() {
        final ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) 65535).putShort((short) 22).putInt(-2).putInt(7).putShort((short) 0x81FF)
            .putShort((short) 1024).putShort((short) 0xAAAA).putShort((short) 3);
        final TcpHeader h = new TcpHeader().wrap(new Bytes(b.array()), 0, 20);
        assertThat(h.sourcePort()).isEqualTo(65535);
        assertThat(h.destinationPort()).isEqualTo(22);
        assertThat(h.seq()).isEqualTo(-2);
        assertThat(h.ack()).isEqualTo(7);
        assertThat(h.dataOffset()).isEqualTo(8);
        assertThat(h.headerLength()).isEqualTo(32);
        assertThat(h.flags()).isEqualTo(0x1FF);
        assertThat(h.window()).isEqualTo(1024);
        assertThat(h.checksum()).isEqualTo(0xAAAA);
        assertThat(h.urgentPointer()).isEqualTo(3);
        assertThat(TcpHeader.headerLength(new Bytes(b.array()), 0)).isEqualTo(32);
        assertThat(TcpHeader.MIN_HEADER_LENGTH).isEqualTo(20);
    }

    @Test
    void shouldWalkAllKnownOptions() {
        final ByteBuffer b = ByteBuffer.allocate(40);
        b.put((byte) 2).put((byte) 4).putShort((short) 9000);
        b.put((byte) 1).put((byte) 3).put((byte) 3).put((byte) 14);
        b.put((byte) 4).put((byte) 2);
        b.put((byte) 8).put((byte) 10).putInt(-1).putInt(5);
        b.put((byte) 5).put((byte) 18).putInt(10).putInt(20).putInt(30).putInt(40);
        b.put((byte) 0);
        final TcpOptionWalker w = new TcpOptionWalker().wrap(new Bytes(b.array()), 0, 40, 40);
        assertThat(w.next()).isTrue();
        assertThat(w.mss()).isEqualTo(9000);
        assertThat(w.next()).isTrue();
        assertThat(w.kind()).isEqualTo(TcpOptionWalker.NOP);
        assertThat(w.next()).isTrue();
        assertThat(w.windowScale()).isEqualTo(14);
        assertThat(w.next()).isTrue();
        assertThat(w.kind()).isEqualTo(TcpOptionWalker.SACK_PERMITTED);
        assertThat(w.next()).isTrue();
        assertThat(w.tsVal()).isEqualTo(0xFFFFFFFFL);
        assertThat(w.tsEcr()).isEqualTo(5);
        assertThat(w.next()).isTrue();
        assertThat(w.sackBlockCount()).isEqualTo(2);
        assertThat(w.sackLeft(1)).isEqualTo(30);
        assertThat(w.sackRight(1)).isEqualTo(40);
        assertThat(w.next()).isFalse();
        assertThat(w.status()).isEqualTo(TcpOptionWalker.OK);
    }

    @Test
    void shouldRejectMalformedOptionLengths() {
        final TcpOptionWalker w = new TcpOptionWalker();
        for (final byte[] options : new byte[][] {
            {2, 0, 0, 0}, {2, 1, 0, 0}, {3, 4, 0, 0}, {5, 6, 0, 0}, {5, 42, 0, 0}, {99, 9, 0, 0}, {1, 1, 1, 8},
        }) {
            w.wrap(new Bytes(options), 0, 4, 4);
            while (w.next()) {
                assertThat(w.kind()).isEqualTo(TcpOptionWalker.NOP);
            }
            assertThat(w.status()).as("options %s", java.util.Arrays.toString(options))
                .isEqualTo(TcpOptionWalker.BAD_LENGTH);
        }
    }

    @Test
    void shouldReportOptionsCutByCapture() {
        final byte[] options = {1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        final TcpOptionWalker w = new TcpOptionWalker().wrap(new Bytes(options), 0, 12, 6);
        assertThat(w.next()).isTrue();
        assertThat(w.next()).isFalse();
        assertThat(w.status()).isEqualTo(TcpOptionWalker.TRUNCATED);
    }

    @Test
    void shouldReadUdpAndIcmp() {
        final ByteBuffer b = ByteBuffer.allocate(8).putShort((short) 53).putShort((short) 40000)
            .putShort((short) 8).putShort((short) 0xFFFF);
        final UdpHeader u = new UdpHeader().wrap(new Bytes(b.array()), 0, 8);
        assertThat(u.sourcePort()).isEqualTo(53);
        assertThat(u.destinationPort()).isEqualTo(40000);
        assertThat(u.udpLength()).isEqualTo(8);
        assertThat(u.checksum()).isEqualTo(0xFFFF);
        final IcmpHeader i = new IcmpHeader().wrap(new Bytes(new byte[] {3, 4, 0x12, 0x34}), 0, 4);
        assertThat(i.type()).isEqualTo(3);
        assertThat(i.code()).isEqualTo(4);
        assertThat(i.checksum()).isEqualTo(0x1234);
    }
}
