package io.pcapflow.decode;

import static io.pcapflow.decode.Frames.frame;
import static io.pcapflow.decode.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.capture.LinkType;
import org.junit.jupiter.api.Test;

class PacketDecoderTcpTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    private boolean decodeTcp(final int flags, final byte[] options, final int payload) {
        final byte[] f = frame().ethernet(0x0800).ipv4(6)
            .tcp(40000, 80, 0xFFFFFFF0, 0x80000001, flags, 0xFFFF, options).payload(payload).build();
        return decoder.decode(record(LinkType.ETHERNET, f), view);
    }

    @Test
    void shouldReadSeqAckFlagsAndWindow() {
        assertThat(decodeTcp(0x1FF, new byte[0], 0)).isTrue();
        assertThat(view.seq()).isEqualTo(0xFFFFFFF0);
        assertThat(view.seqUnsigned()).isEqualTo(0xFFFFFFF0L);
        assertThat(view.ack()).isEqualTo(0x80000001);
        assertThat(view.ackUnsigned()).isEqualTo(0x80000001L);
        assertThat(view.tcpFlags()).isEqualTo(0x1FF);
        assertThat(view.isSyn()).isTrue();
        assertThat(view.isAck()).isTrue();
        assertThat(view.isFin()).isTrue();
        assertThat(view.isRst()).isTrue();
        assertThat(view.window()).isEqualTo(0xFFFF);
        assertThat(view.tcpHeaderLength()).isEqualTo(20);
        assertThat(view.mss()).isEqualTo(-1);
        assertThat(view.windowScale()).isEqualTo(-1);
    }

    @Test
    void shouldReadOnlyAckFlag() {
        assertThat(decodeTcp(0x10, new byte[0], 5)).isTrue();
        assertThat(view.isAck()).isTrue();
        assertThat(view.isSyn()).isFalse();
        assertThat(view.payloadOffset()).isEqualTo(54);
        assertThat(view.payloadLength()).isEqualTo(5);
        assertThat(view.payloadCapturedLength()).isEqualTo(5);
    }

    @Test
    void shouldParseSynOptions() {
        assertThat(decodeTcp(0x02, Frames.synOptions(), 0)).isTrue();
        assertThat(view.tcpHeaderLength()).isEqualTo(40);
        assertThat(view.mss()).isEqualTo(1460);
        assertThat(view.isSackPermitted()).isTrue();
        assertThat(view.hasTimestamps()).isTrue();
        assertThat(view.tsVal()).isEqualTo(0x01020304L);
        assertThat(view.tsEcr()).isZero();
        assertThat(view.windowScale()).isEqualTo(7);
        assertThat(view.anomaly()).isNull();
    }

    @Test
    void shouldParseFourSackBlocks() {
        assertThat(decodeTcp(0x10, Frames.sackOptions(1, 2, 3, 4, 5, 6, 0xFFFFFFFE, 0xFFFFFFFF), 0)).isTrue();
        assertThat(view.sackBlockCount()).isEqualTo(4);
        assertThat(view.sackLeft(0)).isEqualTo(1);
        assertThat(view.sackRight(0)).isEqualTo(2);
        assertThat(view.sackLeft(3)).isEqualTo(0xFFFFFFFEL);
        assertThat(view.sackRight(3)).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void shouldRecordWindowScaleAboveFourteenUnclamped() {
        assertThat(decodeTcp(0x02, new byte[] {3, 3, 15, 0}, 0)).isTrue();
        assertThat(view.windowScale()).isEqualTo(15);
        assertThat(view.anomaly()).isEqualTo(Anomaly.TCP_WINDOW_SCALE_ABOVE_14);
    }

    @Test
    void shouldStopOptionsAtBadLengthButKeepHeader() {
        assertThat(decodeTcp(0x02, new byte[] {2, 4, 5, (byte) 0xB4, 8, 1, 0, 0}, 3)).isTrue();
        assertThat(view.mss()).isEqualTo(1460);
        assertThat(view.hasTimestamps()).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_TCP_OPTION_LENGTH);
        assertThat(view.payloadLength()).isEqualTo(3);
        assertThat(decodeTcp(0x02, new byte[] {2, 5, 5, (byte) 0xB4}, 0)).isTrue();
        assertThat(view.mss()).isEqualTo(-1);
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_TCP_OPTION_LENGTH);
        assertThat(decodeTcp(0x02, new byte[] {1, 1, 1, 2}, 0)).isTrue();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_TCP_OPTION_LENGTH);
    }

    @Test
    void shouldStopAtEndOfOptionList() {
        assertThat(decodeTcp(0x02, new byte[] {0, 2, 0, 0}, 0)).isTrue();
        assertThat(view.anomaly()).isNull();
        assertThat(view.mss()).isEqualTo(-1);
    }

    @Test
    void shouldRejectBadDataOffset() {
        final byte[] f = frame().ipv4(6).tcp(1, 2, 3, 4, 0x10, 5, new byte[0]).build();
        f[20 + 12] = 0x40;
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_TCP_DATA_OFFSET);
        f[20 + 12] = (byte) 0xF0;
        assertThat(decoder.decode(record(LinkType.RAW, f), view)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.BAD_TCP_DATA_OFFSET);
        assertThat(view.hasTcp()).isFalse();
    }

    @Test
    void shouldReportTruncatedOptionsUnderSnaplen() {
        final byte[] f = frame().ethernet(0x0800).ipv4(6).tcp(1, 2, 3, 4, 0x02, 5, Frames.synOptions())
            .payload(100).build();
        assertThat(decoder.decode(record(LinkType.ETHERNET, f, 14 + 20 + 20 + 6, f.length), view)).isTrue();
        assertThat(view.tcpOptionsTruncated()).isTrue();
        assertThat(view.isTruncated()).isTrue();
        assertThat(view.mss()).isEqualTo(1460);
        assertThat(view.isSackPermitted()).isTrue();
        assertThat(view.hasTimestamps()).isFalse();
        assertThat(view.payloadLength()).isEqualTo(100);
        assertThat(view.payloadCapturedLength()).isZero();
        assertThat(decoder.counters().truncated()).isEqualTo(1);
    }

    @Test
    void shouldDecodeTcpOverIpv6() {
        final byte[] f = frame().ethernet(0x86DD).ipv6(6).tcp(443, 50000, 1, 2, 0x12, 100, Frames.synOptions())
            .build();
        assertThat(decoder.decode(record(LinkType.ETHERNET, f), view)).isTrue();
        assertThat(view.ipVersion()).isEqualTo(6);
        assertThat(view.mss()).isEqualTo(1460);
        assertThat(view.payloadLength()).isZero();
        assertThat(decoder.counters().ipv6()).isEqualTo(1);
    }
}
