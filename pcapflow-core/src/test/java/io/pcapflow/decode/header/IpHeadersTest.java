package io.pcapflow.decode.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.bytes.Bytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IpHeadersTest {
    @Test
    void shouldChainLayoutConstants() {
        assertThat(Ipv4Header.SOURCE_OFFSET).isEqualTo(12);
        assertThat(Ipv4Header.MIN_HEADER_LENGTH).isEqualTo(20);
        assertThat(Ipv6Header.SOURCE_OFFSET).isEqualTo(8);
        assertThat(Ipv6Header.HEADER_LENGTH).isEqualTo(40);
        assertThat(Ipv6ExtensionWalker.FRAGMENT_HEADER_LENGTH).isEqualTo(8);
    }

    @Test
    void shouldReadIpv4Fields() {
        final ByteBuffer b = ByteBuffer.allocate(24);
        b.put((byte) 0x46).put((byte) 0xB8).putShort((short) 1500).putShort((short) 0xBEEF)
            .putShort((short) (0x2000 | 185)).put((byte) 255).put((byte) 17).putShort((short) 0x1234)
            .putInt(0x7F000001).putInt(0xE0000001).putInt(0x01010100);
        final Ipv4Header h = new Ipv4Header().wrap(new Bytes(b.array()), 0, 24);
        assertThat(h.version()).isEqualTo(4);
        assertThat(h.ihl()).isEqualTo(6);
        assertThat(h.headerLength()).isEqualTo(24);
        assertThat(h.tos()).isEqualTo(0xB8);
        assertThat(h.totalLength()).isEqualTo(1500);
        assertThat(h.identification()).isEqualTo(0xBEEF);
        assertThat(h.isMoreFragments()).isTrue();
        assertThat(h.isDontFragment()).isFalse();
        assertThat(h.fragmentOffset()).isEqualTo(185 * 8);
        assertThat(h.ttl()).isEqualTo(255);
        assertThat(h.protocol()).isEqualTo(17);
        assertThat(h.checksum()).isEqualTo(0x1234);
        assertThat(h.source()).isEqualTo(0x7F000001);
        assertThat(h.destination()).isEqualTo(0xE0000001);
    }

    @Test
    void shouldReadIpv6Fields() {
        final ByteBuffer b = ByteBuffer.allocate(40);
        b.putInt(0x6ABFFFFF).putShort((short) 8).put((byte) 44).put((byte) 1)
            .putLong(1).putLong(2).putLong(3).putLong(-1L);
        final Ipv6Header h = new Ipv6Header().wrap(new Bytes(b.array()), 0, 40);
        assertThat(h.version()).isEqualTo(6);
        assertThat(h.trafficClass()).isEqualTo(0xAB);
        assertThat(h.flowLabel()).isEqualTo(0xFFFFF);
        assertThat(h.payloadLength()).isEqualTo(8);
        assertThat(h.nextHeader()).isEqualTo(44);
        assertThat(h.hopLimit()).isEqualTo(1);
        assertThat(h.sourceHigh()).isEqualTo(1);
        assertThat(h.sourceLow()).isEqualTo(2);
        assertThat(h.destinationHigh()).isEqualTo(3);
        assertThat(h.destinationLow()).isEqualTo(-1L);
    }

    @Test
    void shouldWalkFragmentHeader() {
        final ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 17).put((byte) 0).putShort((short) (1448 | 1)).putInt(0x89ABCDEF);
        final Ipv6ExtensionWalker w = new Ipv6ExtensionWalker().wrap(new Bytes(b.array()), 0, 8, 44);
        assertThat(w.next()).isTrue();
        assertThat(w.headerType()).isEqualTo(44);
        assertThat(w.fragmentOffset()).isEqualTo(1448);
        assertThat(w.isMoreFragments()).isTrue();
        assertThat(w.fragmentId()).isEqualTo(0x89ABCDEF);
        assertThat(w.next()).isFalse();
        assertThat(w.status()).isEqualTo(Ipv6ExtensionWalker.OK);
        assertThat(w.nextHeader()).isEqualTo(17);
        assertThat(w.offset()).isEqualTo(8);
        assertThat(w.count()).isEqualTo(1);
    }

    @Test
    void shouldReportTruncatedExtension() {
        final ByteBuffer b = ByteBuffer.allocate(16);
        b.put((byte) 6).put((byte) 1);
        final Ipv6ExtensionWalker w = new Ipv6ExtensionWalker().wrap(new Bytes(b.array()), 0, 15, 0);
        assertThat(w.next()).isFalse();
        assertThat(w.status()).isEqualTo(Ipv6ExtensionWalker.TRUNCATED);
        assertThat(w.wrap(new Bytes(b.array()), 0, 7, 60).next()).isFalse();
        assertThat(w.status()).isEqualTo(Ipv6ExtensionWalker.TRUNCATED);
    }

    @Test
    void shouldComputeAuthenticationHeaderLengthInFourByteUnits() {
        final ByteBuffer b = ByteBuffer.allocate(12);
        b.put((byte) 6).put((byte) 1);
        final Ipv6ExtensionWalker w = new Ipv6ExtensionWalker().wrap(new Bytes(b.array()), 0, 12, 51);
        assertThat(w.next()).isTrue();
        assertThat(w.headerLength()).isEqualTo(12);
        assertThat(w.nextHeader()).isEqualTo(6);
    }
}
