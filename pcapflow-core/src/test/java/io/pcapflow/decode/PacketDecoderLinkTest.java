package io.pcapflow.decode;

import static io.pcapflow.decode.Frames.frame;
import static io.pcapflow.decode.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.capture.Direction;
import io.pcapflow.capture.LinkType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PacketDecoderLinkTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    private static Frames tcpSyn(final Frames f) {
        return f.ipv4(6).tcp(40000, 443, 0x11223344, 0, 0x02, 64240, new byte[0]);
    }

    @Test
    void shouldDecodeEthernetIpv4Tcp() {
        final byte[] f = tcpSyn(frame().ethernet(0x0800)).build();
        assertThat(decoder.decode(record(LinkType.ETHERNET, f), view)).isTrue();
        assertThat(view.etherType()).isEqualTo(0x0800);
        assertThat(view.ipVersion()).isEqualTo(4);
        assertThat(view.ipOffset()).isEqualTo(14);
        assertThat(view.ipv4Source()).isEqualTo(Frames.SRC4);
        assertThat(view.ipv4Destination()).isEqualTo(Frames.DST4);
        assertThat(view.ipId()).isEqualTo(0x1234);
        assertThat(view.ttl()).isEqualTo(64);
        assertThat(view.ipTotalLength()).isEqualTo(40);
        assertThat(view.protocol()).isEqualTo(6);
        assertThat(view.hasTcp()).isTrue();
        assertThat(view.sourcePort()).isEqualTo(40000);
        assertThat(view.destinationPort()).isEqualTo(443);
        assertThat(view.isSyn()).isTrue();
        assertThat(view.anomaly()).isNull();
        assertThat(view.vlanCount()).isZero();
        assertThat(view.sllPacketType()).isEqualTo(-1);
        assertThat(decoder.counters().ipv4()).isEqualTo(1);
        assertThat(decoder.counters().tcp()).isEqualTo(1);
    }

    @Test
    void shouldDecodeAtNonZeroRecordOffset() {
        final byte[] f = tcpSyn(frame().ethernet(0x0800)).build();
        assertThat(decoder.decode(Frames.recordAt(LinkType.ETHERNET, f, 37), view)).isTrue();
        assertThat(view.ipOffset()).isEqualTo(37 + 14);
        assertThat(view.payloadOffset()).isEqualTo(37 + 14 + 40);
        assertThat(view.destinationPort()).isEqualTo(443);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldDecodeVlanStacksOfAnyDepth(final int depth) {
        final int[] tpids = {0x88A8, 0x8100, 0x9100};
        final Frames f = frame().ethernet(depth == 0 ? 0x0800 : tpids[0]);
        for (int i = 0; i < depth; i++) {
            f.vlan(100 + i, i == depth - 1 ? 0x0800 : tpids[i + 1]);
        }
        assertThat(decoder.decode(record(LinkType.ETHERNET, tcpSyn(f).build()), view)).isTrue();
        assertThat(view.vlanCount()).isEqualTo(depth);
        for (int i = 0; i < depth; i++) {
            assertThat(view.vlanId(i)).isEqualTo(100 + i);
        }
        assertThat(view.ipOffset()).isEqualTo(14 + 4 * depth);
        assertThat(view.anomaly()).isNull();
    }

    @Test
    void shouldCountVlansBeyondEightWithAnomaly() {
        final Frames f = frame().ethernet(0x8100);
        for (int i = 0; i < 10; i++) {
            f.vlan(i + 1, i == 9 ? 0x0800 : 0x8100);
        }
        assertThat(decoder.decode(record(LinkType.ETHERNET, tcpSyn(f).build()), view)).isTrue();
        assertThat(view.vlanCount()).isEqualTo(10);
        assertThat(view.vlanId(7)).isEqualTo(8);
        assertThat(view.anomaly()).isEqualTo(Anomaly.VLAN_DEPTH_EXCEEDED);
    }

    @Test
    void shouldCountNonIpEthernet() {
        final byte[] f = frame().ethernet(0x0806).payload(28).build();
        assertThat(decoder.decode(record(LinkType.ETHERNET, f), view)).isFalse();
        assertThat(view.etherType()).isEqualTo(0x0806);
        assertThat(view.ipVersion()).isZero();
        assertThat(view.anomaly()).isNull();
        assertThat(decoder.counters().nonIp()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void shouldDecodeSllWithPacketTypeAndDirection(final int packetType) {
        final byte[] f = tcpSyn(frame().sll(packetType, 0x0800)).build();
        assertThat(decoder.decode(record(LinkType.LINUX_SLL, f), view)).isTrue();
        assertThat(view.sllPacketType()).isEqualTo(packetType);
        assertThat(view.sllInterfaceIndex()).isEqualTo(-1);
        assertThat(view.ipOffset()).isEqualTo(16);
        assertThat(view.direction()).isEqualTo(packetType == 4 ? Direction.OUTBOUND : Direction.INBOUND);
    }

    @Test
    void shouldDecodeSll2WithInterfaceIndexAndVlan() {
        final byte[] f = tcpSyn(frame().sll2(0x8100, 7, 4).vlan(42, 0x0800)).build();
        assertThat(decoder.decode(record(LinkType.LINUX_SLL2, f), view)).isTrue();
        assertThat(view.sllPacketType()).isEqualTo(4);
        assertThat(view.sllInterfaceIndex()).isEqualTo(7);
        assertThat(view.vlanId(0)).isEqualTo(42);
        assertThat(view.ipOffset()).isEqualTo(24);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldDetectNullFamilyByteOrder(final boolean littleEndian) {
        final byte[] f = tcpSyn(frame().nullFamily(2, littleEndian)).build();
        assertThat(decoder.decode(record(LinkType.NULL, f), view)).isTrue();
        assertThat(view.ipVersion()).isEqualTo(4);
        assertThat(view.ipOffset()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 30})
    void shouldDecodeNullIpv6Families(final int family) {
        final byte[] f = frame().nullFamily(family, true).ipv6(17).udp(53, 5353).payload(4).build();
        assertThat(decoder.decode(record(LinkType.NULL, f), view)).isTrue();
        assertThat(view.ipVersion()).isEqualTo(6);
        assertThat(view.hasUdp()).isTrue();
    }

    @Test
    void shouldReadLoopFamilyBigEndian() {
        final byte[] f = tcpSyn(frame().nullFamily(2, false)).build();
        assertThat(decoder.decode(record(LinkType.LOOP, f), view)).isTrue();
        final byte[] le = tcpSyn(frame().nullFamily(2, true)).build();
        assertThat(decoder.decode(record(LinkType.LOOP, le), view)).isFalse();
        assertThat(decoder.counters().nonIp()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14})
    void shouldDecodeRawByFirstNibble(final int linkType) {
        assertThat(decoder.decode(record(linkType, tcpSyn(frame()).build()), view)).isTrue();
        assertThat(view.ipVersion()).isEqualTo(4);
        assertThat(decoder.decode(record(linkType, frame().ipv6(6)
            .tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).build()), view)).isTrue();
        assertThat(view.ipVersion()).isEqualTo(6);
        assertThat(decoder.decode(record(linkType, new byte[] {0x50, 0, 0, 0}), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_IP_VERSION);
    }

    @Test
    void shouldDecodeRawIpv4AndIpv6LinkTypes() {
        assertThat(decoder.decode(record(LinkType.IPV4, tcpSyn(frame()).build()), view)).isTrue();
        assertThat(view.etherType()).isEqualTo(0x0800);
        assertThat(decoder.decode(record(LinkType.IPV6, tcpSyn(frame()).build()), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_IP_VERSION);
    }

    @Test
    void shouldDecodeNflogPayloadTlv() {
        final byte[] packet = tcpSyn(frame()).build();
        final Frames f = frame().raw((byte) 2, (byte) 0, (byte) 0, (byte) 5);
        f.putShortLe(8).putShortLe(1).raw((byte) 8, (byte) 0, (byte) 0, (byte) 0);
        f.putShortLe(4 + packet.length).putShortLe(9).raw(packet);
        assertThat(decoder.decode(record(LinkType.NFLOG, f.build()), view)).isTrue();
        assertThat(view.ipOffset()).isEqualTo(4 + 8 + 4);
        assertThat(view.destinationPort()).isEqualTo(443);
    }

    @Test
    void shouldCountNflogWithoutPayloadAndUnsupportedLinkTypes() {
        final byte[] nflog = frame().raw((byte) 2, (byte) 0, (byte) 0, (byte) 5).putShortLe(8).putShortLe(1)
            .raw(new byte[4]).build();
        assertThat(decoder.decode(record(LinkType.NFLOG, nflog), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_NFLOG_TLV);
        assertThat(decoder.decode(record(147, new byte[40]), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.UNSUPPORTED_LINK_TYPE);
        assertThat(decoder.anomalies().get(Anomaly.UNSUPPORTED_LINK_TYPE)).isEqualTo(1);
    }

    @Test
    void shouldReportTruncatedLinkHeaders() {
        assertThat(decoder.decode(record(LinkType.ETHERNET, new byte[13]), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.TRUNCATED_LINK_HEADER);
        assertThat(decoder.decode(record(LinkType.LINUX_SLL2, new byte[19]), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.TRUNCATED_LINK_HEADER);
        final byte[] vlan = frame().ethernet(0x8100).raw((byte) 0, (byte) 1).build();
        assertThat(decoder.decode(record(LinkType.ETHERNET, vlan), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.TRUNCATED_VLAN_HEADER);
    }
}
