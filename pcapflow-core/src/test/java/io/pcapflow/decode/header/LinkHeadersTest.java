package io.pcapflow.decode.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.bytes.Bytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LinkHeadersTest {
    private static Bytes bytes(final ByteBuffer b) {
        return new Bytes(b.array());
    }

    @Test
    void shouldChainLayoutConstants() {
        assertThat(EthernetHeader.HEADER_LENGTH).isEqualTo(14);
        assertThat(VlanTag.HEADER_LENGTH).isEqualTo(4);
        assertThat(SllHeader.PROTOCOL_OFFSET).isEqualTo(14);
        assertThat(SllHeader.HEADER_LENGTH).isEqualTo(16);
        assertThat(Sll2Header.PACKET_TYPE_OFFSET).isEqualTo(10);
        assertThat(Sll2Header.HEADER_LENGTH).isEqualTo(20);
        assertThat(NullHeader.HEADER_LENGTH).isEqualTo(4);
    }

    @Test
    void shouldReadEthernetFields() {
        final ByteBuffer b = ByteBuffer.allocate(16);
        b.put((byte) 0xFF).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}).putShort((short) 0x86DD);
        final EthernetHeader h = new EthernetHeader().wrap(bytes(b), 1, 15);
        assertThat(h.destination()).isEqualTo(0x010203040506L);
        assertThat(h.source()).isEqualTo(0x0708090A0B0CL);
        assertThat(h.etherType()).isEqualTo(0x86DD);
        assertThat(EthernetHeader.etherType(bytes(b), 1)).isEqualTo(0x86DD);
        assertThat(h.offset()).isEqualTo(1);
        assertThat(h.length()).isEqualTo(15);
    }

    @Test
    void shouldReadVlanTag() {
        final ByteBuffer b = ByteBuffer.allocate(4).putShort((short) 0xBFFF).putShort((short) 0x0800);
        final VlanTag t = new VlanTag().wrap(bytes(b), 0, 4);
        assertThat(t.priority()).isEqualTo(5);
        assertThat(t.isDropEligible()).isTrue();
        assertThat(t.vlanId()).isEqualTo(0xFFF);
        assertThat(t.etherType()).isEqualTo(0x0800);
        assertThat(VlanTag.isTagProtocol(0x8100)).isTrue();
        assertThat(VlanTag.isTagProtocol(0x88A8)).isTrue();
        assertThat(VlanTag.isTagProtocol(0x9100)).isTrue();
        assertThat(VlanTag.isTagProtocol(0x0800)).isFalse();
    }

    @Test
    void shouldReadSllFields() {
        final ByteBuffer b = ByteBuffer.allocate(16);
        b.putShort((short) 4).putShort((short) 1).putShort((short) 6).putLong(0x0011223344550000L)
            .putShort((short) 0x0800);
        final SllHeader h = new SllHeader().wrap(bytes(b), 0, 16);
        assertThat(h.packetType()).isEqualTo(SllHeader.PACKET_OUTGOING);
        assertThat(h.arphrdType()).isEqualTo(1);
        assertThat(h.addressLength()).isEqualTo(6);
        assertThat(h.address()).isEqualTo(0x0011223344550000L);
        assertThat(h.protocol()).isEqualTo(0x0800);
    }

    @Test
    void shouldReadSll2Fields() {
        final ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) 0x86DD).putShort((short) 0).putInt(12).putShort((short) 772).put((byte) 0).put((byte) 0)
            .putLong(0);
        final Sll2Header h = new Sll2Header().wrap(bytes(b), 0, 20);
        assertThat(h.protocol()).isEqualTo(0x86DD);
        assertThat(h.interfaceIndex()).isEqualTo(12);
        assertThat(h.arphrdType()).isEqualTo(772);
        assertThat(h.packetType()).isZero();
        assertThat(h.addressLength()).isZero();
    }

    @Test
    void shouldDetectNullByteOrder() {
        final NullHeader h = new NullHeader();
        for (final int family : new int[] {2, 10, 24, 28, 30}) {
            final ByteBuffer le = ByteBuffer.allocate(4).putInt(Integer.reverseBytes(family));
            assertThat(h.wrap(bytes(le), 0, 4).family()).isEqualTo(family);
            final ByteBuffer be = ByteBuffer.allocate(4).putInt(family);
            assertThat(h.wrap(bytes(be), 0, 4).family()).isEqualTo(family);
            assertThat(h.familyBigEndian()).isEqualTo(family);
        }
        assertThat(NullHeader.isKnownFamily(7)).isFalse();
    }

    @Test
    void shouldFindNflogPayloadTlv() {
        final ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 2).put((byte) 0).putShort((short) 1);
        b.put((byte) 5).put((byte) 0).put((byte) 1).put((byte) 0).put(new byte[4]);
        b.put((byte) 12).put((byte) 0).put((byte) 9).put((byte) 0x80).putLong(0x4500000000000000L);
        final NflogHeader h = new NflogHeader().wrap(bytes(b), 0, 24);
        assertThat(h.family()).isEqualTo(2);
        assertThat(h.resourceId()).isEqualTo(1);
        final long found = h.findTlv(NflogHeader.TLV_PAYLOAD);
        assertThat(found >>> 32).isEqualTo(16);
        assertThat((int) found).isEqualTo(8);
        assertThat(h.findTlv(10)).isEqualTo(NflogHeader.NOT_FOUND);
    }
}
