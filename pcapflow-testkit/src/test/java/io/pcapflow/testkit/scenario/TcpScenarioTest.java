package io.pcapflow.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequence bookkeeping of the DSL, read back from the pcap bytes (IPv4, Ethernet, no VLAN). */
class TcpScenarioTest {
    /** seq, ack, flags, window field, payload length, µs timestamp of one recorded segment. */
    private static final class Seg {
        long seq;
        long ack;
        int flags;
        int window;
        int length;
        long micros;
        int sackBlocks;
    }

    private static List<Seg> segments(final byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xA1B2C3D4);
        List<Seg> out = new ArrayList<>();
        int at = 24;
        while (at < pcap.length) {
            long sec = b.getInt(at) & 0xFFFF_FFFFL;
            long usec = b.getInt(at + 4) & 0xFFFF_FFFFL;
            int len = b.getInt(at + 8);
            ByteBuffer f = ByteBuffer.wrap(pcap, at + 16, len).slice().order(ByteOrder.BIG_ENDIAN);
            int ip = 14;
            int ipLen = f.getShort(ip + 2) & 0xFFFF;
            int tcp = ip + (f.get(ip) & 0x0F) * 4;
            int doff = ((f.get(tcp + 12) & 0xF0) >> 4) * 4;
            Seg s = new Seg();
            s.seq = f.getInt(tcp + 4) & 0xFFFF_FFFFL;
            s.ack = f.getInt(tcp + 8) & 0xFFFF_FFFFL;
            s.flags = f.get(tcp + 13) & 0xFF;
            s.window = f.getShort(tcp + 14) & 0xFFFF;
            s.length = ipLen - (tcp - ip) - doff;
            s.micros = (sec - TcpScenario.EPOCH_SECONDS) * 1_000_000 + usec;
            for (int o = tcp + 20; o < tcp + doff && f.get(o) != 0;) {
                int kind = f.get(o) & 0xFF;
                if (kind == 1) {
                    o++;
                    continue;
                }
                if (kind == 5) {
                    s.sackBlocks = ((f.get(o + 1) & 0xFF) - 2) / 8;
                }
                o += f.get(o + 1) & 0xFF;
            }
            out.add(s);
            at += 16 + len;
        }
        return out;
    }

    @Test
    void shouldTrackSequenceAndAckNumbersAcrossTheWrap() {
        TcpScenario s = TcpScenario.ipv4("192.0.2.1", 1234, "198.51.100.2", 80)
            .clientIsn(0xFFFF_FFFFL).serverIsn(0xFFFF_FF00L).handshake();
        s.client().send(10).after(5).server().ack().send(300).after(1).client().ack();

        List<Seg> segs = segments(s.toPcap());

        assertThat(segs).hasSize(7);
        assertThat(segs.get(0).seq).isEqualTo(0xFFFF_FFFFL);
        assertThat(segs.get(1).ack).isZero();
        assertThat(segs.get(2).seq).isZero();
        assertThat(segs.get(2).ack).isEqualTo(0xFFFF_FF01L);
        assertThat(segs.get(3).seq).isZero();
        assertThat(segs.get(3).length).isEqualTo(10);
        assertThat(segs.get(4).ack).isEqualTo(10);
        assertThat(segs.get(6).ack).isEqualTo((0xFFFF_FF01L + 300) & 0xFFFF_FFFFL);
        assertThat(segs.get(1).micros).isEqualTo(10_000);
        assertThat(segs.get(6).micros).isEqualTo(10_050 + 5_000 + 1_000);
    }

    @Test
    void shouldNotRecordDroppedSegmentsAndSackWhatArrivesBeyondTheHole() {
        TcpScenario s = TcpScenario.ipv4("192.0.2.1", 1234, "198.51.100.2", 80).sackPermitted().handshake();
        s.server().drop().send(100).send(100).client().ack();
        s.server().retransmit().client().ack();

        List<Seg> segs = segments(s.toPcap());

        assertThat(segs).hasSize(7);
        assertThat(segs.get(3).seq).isEqualTo(TcpScenario.DEFAULT_SERVER_ISN + 101);
        assertThat(segs.get(4).ack).isEqualTo(TcpScenario.DEFAULT_SERVER_ISN + 1);
        assertThat(segs.get(4).sackBlocks).isEqualTo(1);
        assertThat(segs.get(5).seq).isEqualTo(TcpScenario.DEFAULT_SERVER_ISN + 1);
        assertThat(segs.get(6).ack).isEqualTo(TcpScenario.DEFAULT_SERVER_ISN + 201);
        assertThat(segs.get(6).sackBlocks).isZero();
    }

    @Test
    void shouldScaleWindowsAndClampShiftsAbove14() {
        TcpScenario s = TcpScenario.ipv4("192.0.2.1", 1234, "198.51.100.2", 80).windowScale(15);
        s.client().window(1L << 20);
        s.handshake();

        List<Seg> segs = segments(s.toPcap());

        assertThat(segs.get(0).window).isEqualTo(65535);
        assertThat(segs.get(2).window).isEqualTo((1 << 20) >> 14);
    }

    @Test
    void shouldDeliverHeldSegmentsLateAndDiscardDataIntoAZeroWindow() {
        TcpScenario s = TcpScenario.ipv4("192.0.2.1", 1234, "198.51.100.2", 80).handshake();
        s.server().hold().send(10).send(10).client().ack().server().release().client().ack();
        s.client().window(0).ack().server().zeroWindowProbe().client().ack();

        List<Seg> segs = segments(s.toPcap());

        long isn = TcpScenario.DEFAULT_SERVER_ISN;
        assertThat(segs.get(3).seq).isEqualTo(isn + 11);
        assertThat(segs.get(4).ack).isEqualTo(isn + 1);
        assertThat(segs.get(5).seq).isEqualTo(isn + 1);
        assertThat(segs.get(6).ack).isEqualTo(isn + 21);
        assertThat(segs.get(8).seq).isEqualTo(isn + 21);
        assertThat(segs.get(8).length).isEqualTo(1);
        assertThat(segs.get(9).ack).isEqualTo(isn + 21);
        assertThat(segs.get(9).window).isZero();
    }

    @Test
    void shouldRefuseToRetransmitWhenEverythingIsAcknowledged() {
        TcpScenario s = TcpScenario.ipv4("192.0.2.1", 1234, "198.51.100.2", 80).handshake();

        assertThatThrownBy(() -> s.client().retransmit()).isInstanceOf(IllegalStateException.class);
    }
}
