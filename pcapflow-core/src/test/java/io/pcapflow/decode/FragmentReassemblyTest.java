package io.pcapflow.decode;

import static io.pcapflow.decode.Frames.frame;
import static io.pcapflow.decode.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.capture.LinkType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FragmentReassemblyTest {
    private static final int MF = 0x2000;

    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    /** The transport bytes of a TCP segment with {@code payload} data bytes. */
    private static byte[] segment(final int payload) {
        final byte[] ip = frame().ipv4(6).tcp(1234, 80, 1000, 2000, 0x18, 512, Frames.synOptions())
            .payload(payload).build();
        return Arrays.copyOfRange(ip, 20, ip.length);
    }

    private static byte[] fragment(final int id, final byte[] transport, final int from, final int to,
                                   final boolean more) {
        return frame().ipv4(6, id, (more ? MF : 0) | (from / 8), new byte[0])
            .raw(Arrays.copyOfRange(transport, from, to)).build();
    }

    private boolean decode(final byte[] f) {
        return decoder.decode(record(LinkType.RAW, f), view);
    }

    @Test
    void shouldReassembleInOrderOnLastFragment() {
        final byte[] t = segment(1000);
        assertThat(decode(fragment(1, t, 0, 400, true))).isFalse();
        assertThat(view.isFragment()).isTrue();
        assertThat(view.isFirstFragment()).isTrue();
        assertThat(view.hasTcp()).isFalse();
        assertThat(decode(fragment(1, t, 400, 800, true))).isFalse();
        assertThat(view.isFirstFragment()).isFalse();
        assertThat(view.hasTcp()).isFalse();
        assertThat(decode(fragment(1, t, 800, t.length, false))).isTrue();
        assertReassembled(t);
    }

    private void assertReassembled(final byte[] transport) {
        assertThat(view.isReassembled()).isTrue();
        assertThat(view.isFragment()).isTrue();
        assertThat(view.ipOffset()).isZero();
        assertThat(view.ipTotalLength()).isEqualTo(20 + transport.length);
        assertThat(view.hasTcp()).isTrue();
        assertThat(view.sourcePort()).isEqualTo(1234);
        assertThat(view.mss()).isEqualTo(1460);
        assertThat(view.payloadLength()).isEqualTo(transport.length - 40);
        assertThat(view.payloadCapturedLength()).isEqualTo(transport.length - 40);
        assertThat(view.bytes().copy(view.transportOffset(), transport.length)).isEqualTo(transport);
        assertThat(decoder.counters().reassembled()).isEqualTo(1);
    }

    @Test
    void shouldReassembleOutOfOrder() {
        final byte[] t = segment(1000);
        assertThat(decode(fragment(2, t, 800, t.length, false))).isFalse();
        assertThat(decode(fragment(2, t, 0, 400, true))).isFalse();
        assertThat(decode(fragment(2, t, 400, 800, true))).isTrue();
        assertReassembled(t);
        assertThat(view.anomaly()).isNull();
    }

    @Test
    void shouldReassembleOverlappingFragmentsWithAnomaly() {
        final byte[] t = segment(1000);
        assertThat(decode(fragment(3, t, 0, 408, true))).isFalse();
        assertThat(decode(fragment(3, t, 400, 800, true))).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.FRAGMENT_OVERLAP);
        assertThat(decode(fragment(3, t, 800, t.length, false))).isTrue();
        assertReassembled(t);
    }

    @Test
    void shouldKeepDatagramsApartById() {
        final byte[] a = segment(100);
        final byte[] b = segment(200);
        assertThat(decode(fragment(10, a, 0, 80, true))).isFalse();
        assertThat(decode(fragment(11, b, 0, 80, true))).isFalse();
        assertThat(decode(fragment(11, b, 80, b.length, false))).isTrue();
        assertThat(view.payloadLength()).isEqualTo(200);
        assertThat(decode(fragment(10, a, 80, a.length, false))).isTrue();
        assertThat(view.payloadLength()).isEqualTo(100);
    }

    @Test
    void shouldEvictOldestWhenTableIsFull() {
        final byte[] t = segment(100);
        for (int id = 0; id <= Ipv4Reassembler.SLOTS; id++) {
            decode(fragment(id, t, 0, 80, true));
        }
        assertThat(view.anomaly()).isEqualTo(Anomaly.FRAGMENT_REASSEMBLY_OVERFLOW);
        assertThat(decoder.anomalies().get(Anomaly.FRAGMENT_REASSEMBLY_OVERFLOW)).isEqualTo(1);
        assertThat(decode(fragment(0, t, 80, t.length, false))).isFalse();
        assertThat(decode(fragment(Ipv4Reassembler.SLOTS, t, 80, t.length, false))).isTrue();
    }

    @Test
    void shouldDropIdleDatagramAfterTimeout() {
        final byte[] t = segment(100);
        decoder.decode(record(LinkType.RAW, fragment(5, t, 0, 80, true), 0L), view);
        decoder.decode(record(LinkType.RAW, fragment(5, t, 80, t.length, false), 31_000_000_000L), view);
        assertThat(view.isReassembled()).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.FRAGMENT_REASSEMBLY_TIMEOUT);
    }

    @Test
    void shouldDropFragmentBeyond64k() {
        final byte[] f = frame().ipv4(6, 9, 0x1FFF, new byte[0]).payload(100).build();
        assertThat(decode(f)).isFalse();
        assertThat(view.anomaly()).isEqualTo(Anomaly.FRAGMENT_TOO_LARGE);
    }

    @Test
    void shouldNotReassembleSnaplenCutFragment() {
        final byte[] t = segment(1000);
        final byte[] first = fragment(4, t, 0, 400, true);
        assertThat(decoder.decode(record(LinkType.RAW, first, 100, first.length), view)).isFalse();
        assertThat(view.isTruncated()).isTrue();
        assertThat(view.hasTcp()).isFalse();
    }
}
