package io.pcapflow.decode;

import static io.pcapflow.decode.Frames.frame;
import static io.pcapflow.decode.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.LinkType;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AllocationTest {
    private static final int PACKETS = 1_000_000;

    @Test
    void shouldNotAllocatePerPacket() {
        final byte[] t = frame().ipv4(6).tcp(1, 2, 3, 4, 0x18, 5, Frames.synOptions()).payload(600).build();
        final byte[] transport = Arrays.copyOfRange(t, 20, t.length);
        final CaptureRecord[] records = {
            record(LinkType.ETHERNET, frame().ethernet(0x0800).ipv4(6).tcp(1, 2, 3, 4, 0x02, 5, Frames.synOptions())
                .build()),
            record(LinkType.ETHERNET, frame().ethernet(0x8100).vlan(5, 0x86DD).ipv6(0).ipv6Extension(6, 0)
                .tcp(1, 2, 3, 4, 0x10, 5, Frames.sackOptions(1, 2, 3, 4)).payload(100).build()),
            record(LinkType.LINUX_SLL2, frame().sll2(0x0800, 3, 4).ipv4(17).udp(53, 53).payload(30).build()),
            record(LinkType.ETHERNET, frame().ethernet(0x0806).payload(28).build()),
            record(LinkType.RAW, frame().ipv4(6, 77, 0x2000, new byte[0])
                .raw(Arrays.copyOfRange(transport, 0, 304)).build()),
            record(LinkType.RAW, frame().ipv4(6, 77, 304 / 8, new byte[0])
                .raw(Arrays.copyOfRange(transport, 304, transport.length)).build()),
            record(LinkType.ETHERNET, new byte[20]),
        };
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        for (int i = 0; i < 200_000; i++) {
            decoder.decode(records[i % records.length], view);
        }
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long before = bean.getThreadAllocatedBytes(thread);
        int reached = 0;
        for (int i = 0; i < PACKETS; i++) {
            if (decoder.decode(records[i % records.length], view)) {
                reached++;
            }
        }
        final long allocated = bean.getThreadAllocatedBytes(thread) - before;
        assertThat(reached).isGreaterThan(PACKETS / 2);
        assertThat(decoder.counters().reassembled()).isGreaterThan(100_000);
        assertThat((double) allocated / PACKETS).as("bytes per packet (%d total)", allocated).isLessThan(0.01);
    }
}
