package io.pcapflow.decode;

import static io.pcapflow.decode.Frames.frame;
import static io.pcapflow.decode.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.capture.LinkType;
import org.junit.jupiter.api.Test;

/** Cuts a full Ethernet/IPv4(options)/TCP(options) frame at every byte position. */
class TruncationTest {
    private static final byte[] FRAME = frame().ethernet(0x0800).ipv4(6, 1, 0x4000, new byte[] {1, 1, 1, 0})
        .tcp(1, 2, 3, 4, 0x02, 5, Frames.synOptions()).payload(10).build();
    private static final int HEADERS = 14 + 24 + 40;

    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    @Test
    void shouldEndWithTruncatedFlagAndAnomalyAtEverySnaplenCut() {
        for (int cut = 0; cut < FRAME.length; cut++) {
            final boolean reached = decoder.decode(record(LinkType.ETHERNET, FRAME, cut, FRAME.length), view);
            if (cut < HEADERS) {
                assertThat(view.isTruncated()).as("cut at %d", cut).isTrue();
            }
            if (cut < 14 + 24 + 20) {
                assertThat(reached).as("cut at %d", cut).isFalse();
                assertThat(view.anomaly()).as("cut at %d", cut).isNotNull();
            } else {
                assertThat(reached).as("cut at %d", cut).isTrue();
                assertThat(view.payloadLength()).isEqualTo(10);
            }
        }
    }

    @Test
    void shouldEndWithNamedAnomalyWhenWireFrameIsShort() {
        for (int cut = 0; cut < 14 + 24 + 20; cut++) {
            assertThat(decoder.decode(record(LinkType.ETHERNET, FRAME, cut, cut), view)).isFalse();
            assertThat(view.anomaly()).as("cut at %d", cut).isNotNull();
            assertThat(view.isTruncated()).isFalse();
        }
    }
}
