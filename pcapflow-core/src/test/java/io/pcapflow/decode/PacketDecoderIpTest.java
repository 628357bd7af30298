package io.pcapflow.decode;

import static io.pcapflow.decode.Frames.frame;
import static io.pcapflow.decode.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.capture.LinkType;
import org.junit.jupiter.api.Test;

class PacketDecoderIpTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    @Test
    void shouldSkipIpv4OptionsAndReadFlags() {
        final byte[] opts = {1, 1, 1, 0};
        final byte[] f = frame().ipv4(17, 7, 0x4000, opts).udp(1000, 53).payload(10).build();
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isTrue();
        assertThat(view.ipHeaderLength()).isEqualTo(24);
        assertThat(view.transportOffset()).isEqualTo(24);
        assertThat(view.isDontFragment()).isTrue();
        assertThat(view.isFragment()).isFalse();
        assertThat(view.payloadLength()).isEqualTo(10);
    }

    @Test
    void shouldRejectIhlBelowFive() {
        final byte[] f = frame().ipv4(6).tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).build();
        f[0] = 0x44;
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_IPV4_HEADER_LENGTH);
    }

    @Test
    void shouldRejectTotalLengthBelowHeader() {
        final byte[] f = frame().ipv4(6).fixedIpLength().tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).build();
        f[3] = 19;
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_IP_TOTAL_LENGTH);
    }

    @Test
    void shouldUseFrameLengthWhenTotalLengthIsZero() {
        final byte[] f = frame().ipv4(6).fixedIpLength().tcp(1, 2, 3, 4, 0x18, 5, new byte[0]).payload(100)
            .build();
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isTrue();
        assertThat(view.anomaly()).isEqualTo(Anomaly.IP_TOTAL_LENGTH_ZERO);
        assertThat(view.payloadLength()).isEqualTo(100);
    }

    @Test
    void shouldFlagTotalLengthBeyondFrameOnlyWhenNotSnaplenCut() {
        final byte[] f = frame().ipv4(6).tcp(1, 2, 3, 4, 0x18, 5, new byte[0]).payload(100).build();
        // Snaplen cut at 60 bytes: not an anomaly, payload length still from the IP header.
        assertThat(decoder.decode(record(LinkType.RAW, f, 60, f.length), view)).isTrue();
        assertThat(view.anomaly()).isNull();
        assertThat(view.isTruncated()).isFalse();
        assertThat(view.payloadLength()).isEqualTo(100);
        assertThat(view.payloadCapturedLength()).isEqualTo(20);
        // Frame really is 60 bytes on the wire: IP claims more.
        assertThat(decoder.decode(record(LinkType.RAW, f, 60, 60), view)).isTrue();
        assertThat(view.anomaly()).isEqualTo(Anomaly.IP_TOTAL_LENGTH_EXCEEDS_FRAME);
        assertThat(view.payloadLength()).isEqualTo(20);
    }

    @Test
    void shouldIgnoreEthernetPadding() {
        final byte[] f = frame().ethernet(0x0800).ipv4(6).tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).build();
        final byte[] padded = java.util.Arrays.copyOf(f, 60);
        assertThat(decoder.decode(record(LinkType.ETHERNET, padded), view)).isTrue();
        assertThat(view.payloadLength()).isZero();
        assertThat(view.payloadCapturedLength()).isZero();
    }

    @Test
    void shouldDecodeIpv6Addresses() {
        final byte[] f = frame().ipv6(6).tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).payload(3).build();
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isTrue();
        assertThat(view.ipv6SourceHigh()).isEqualTo(Frames.SRC6_HI);
        assertThat(view.ipv6SourceLow()).isEqualTo(Frames.SRC6_LO);
        assertThat(view.ipv6DestinationHigh()).isEqualTo(Frames.DST6_HI);
        assertThat(view.ipv6DestinationLow()).isEqualTo(Frames.DST6_LO);
        assertThat(view.ttl()).isEqualTo(57);
        assertThat(view.ipTotalLength()).isEqualTo(40 + 23);
        assertThat(view.ipId()).isEqualTo(-1);
        assertThat(view.payloadLength()).isEqualTo(3);
    }

    @Test
    void shouldWalkIpv6ExtensionChain() {
        final byte[] f = frame().ipv6(0).ipv6Extension(43, 0).ipv6Extension(51, 1).ipv6Ah(60, 4)
            .ipv6Extension(6, 0).tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).build();
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isTrue();
        assertThat(view.protocol()).isEqualTo(6);
        assertThat(view.transportOffset()).isEqualTo(40 + 8 + 16 + 24 + 8);
    }

    @Test
    void shouldTreatAtomicFragmentAsWholeDatagram() {
        final byte[] f = frame().ipv6(44).ipv6Fragment(6, 0, false, 0xCAFE)
            .tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).build();
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isTrue();
        assertThat(view.isFragment()).isFalse();
        assertThat(view.ipId()).isEqualTo(0xCAFE);
        assertThat(view.hasTcp()).isTrue();
    }

    @Test
    void shouldNotParseIpv6FragmentsAsTcp() {
        final byte[] first = frame().ipv6(44).ipv6Fragment(6, 0, true, 9)
            .tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).payload(16).build();
        assertThat(decoder.decode(record(LinkType.RAW, first), view)).isFalse();
        assertThat(view.isFragment()).isTrue();
        assertThat(view.isFirstFragment()).isTrue();
        assertThat(view.protocol()).isEqualTo(6);
        assertThat(view.hasTcp()).isFalse();
        final byte[] later = frame().ipv6(44).ipv6Fragment(6, 40, false, 9).payload(20).build();
        assertThat(decoder.decode(record(LinkType.RAW, later), view)).isFalse();
        assertThat(view.isFirstFragment()).isFalse();
        assertThat(view.hasTcp()).isFalse();
        assertThat(decoder.counters().fragments()).isEqualTo(2);
    }

    @Test
    void shouldStopAtEspAndNoNextHeader() {
        assertThat(decoder.decode(record(LinkType.RAW, frame().ipv6(0).ipv6Extension(50, 0).payload(16)
            .build()), view)).isFalse();
        assertThat(view.protocol()).isEqualTo(50);
        assertThat(view.anomaly()).isNull();
        assertThat(decoder.decode(record(LinkType.RAW, frame().ipv6(59).build()), view)).isFalse();
        assertThat(view.protocol()).isEqualTo(59);
        assertThat(decoder.counters().otherIp()).isEqualTo(2);
    }

    @Test
    void shouldCapExtensionChainLength() {
        final Frames f = frame().ipv6(60);
        for (int i = 0; i < 17; i++) {
            f.ipv6Extension(60, 0);
        }
        assertThat(decoder.decode(record(LinkType.RAW, f.payload(8).build()), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.IPV6_EXTENSION_CHAIN_TOO_LONG);
    }

    @Test
    void shouldFlagExtensionPastPayloadLength() {
        final byte[] f = frame().ipv6(0).ipv6Extension(6, 3).build();
        f[5] = 16;
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.TRUNCATED_IPV6_EXTENSION);
        assertThat(view.isTruncated()).isFalse();
    }

    @Test
    void shouldDecodeUdpAndIcmp() {
        assertThat(decoder.decode(record(LinkType.RAW, frame().ipv4(17).udp(5353, 53).payload(7).build()),
            view)).isTrue();
        assertThat(view.hasUdp()).isTrue();
        assertThat(view.payloadLength()).isEqualTo(7);
        assertThat(decoder.decode(record(LinkType.RAW, frame().ipv4(1).icmp(8, 0).build()), view)).isTrue();
        assertThat(view.isIcmp()).isTrue();
        assertThat(view.icmpType()).isEqualTo(8);
        assertThat(decoder.decode(record(LinkType.RAW, frame().ipv6(58).icmp(128, 0).build()), view)).isTrue();
        assertThat(view.isIcmp()).isTrue();
        assertThat(view.icmpType()).isEqualTo(128);
        assertThat(decoder.counters().icmp()).isEqualTo(1);
        assertThat(decoder.counters().icmpv6()).isEqualTo(1);
        assertThat(decoder.counters().udp()).isEqualTo(1);
    }

    @Test
    void shouldFlagBadUdpLength() {
        final byte[] f = frame().ipv4(17).udp(1, 2).payload(4).build();
        f[20 + 5] = 50;
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isTrue();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_UDP_LENGTH);
        assertThat(view.payloadLength()).isEqualTo(4);
    }

    @Test
    void shouldTakeTheUdpPayloadLengthFromAValidUdpLengthField() {
        // RFC 768: the UDP length bounds the datagram; IP payload bytes beyond it (UDP options,
        // padding) are no UDP payload. tshark agrees: udp.length 9 means 1 payload byte.
        final byte[] f = frame().ipv4(17).udp(1, 2).payload(20).build();
        f[20 + 4] = 0;
        f[20 + 5] = 9;
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isTrue();
        assertThat(view.anomaly()).isNull();
        assertThat(view.payloadLength()).isEqualTo(1);
        assertThat(view.payloadCapturedLength()).isEqualTo(1);
    }
}
