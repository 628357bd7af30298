package io.pcapflow.alloc;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.alloc.AllocationMeter;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading and decoding allocate per file (reader, mapping, interface records), never per packet:
 * reading the same capture many times, the allocation per packet stays near zero.
 */
class ReadDecodeAllocationTest {
    @Test
    void shouldAllocateAlmostNothingPerPacketWhenReadingAndDecoding() throws IOException {
        final String file = Fixtures.fixture("captures/nat/both.pcapng").toString();
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final long[] sum = {0};
        for (int warm = 0; warm < 50; warm++) {
            pass(file, decoder, view, sum);
        }
        final long packetsBefore = decoder.counters().packets();
        final AllocationMeter meter = AllocationMeter.start();
        final int files = 200;
        for (int i = 0; i < files; i++) {
            pass(file, decoder, view, sum);
        }
        final long bytes = meter.bytesSinceStart();
        final long packets = decoder.counters().packets() - packetsBefore;
        assertThat(sum[0]).isPositive();
        assertThat(packets).isGreaterThan(100_000);
        // per-file costs (reader, channel, mapping, a few interface records) spread over the packets:
        // anything allocated per packet would show as >= 16 bytes per packet
        assertThat((double) bytes / packets).as("bytes per packet (%d bytes, %d packets)", bytes, packets)
            .isLessThan(8.0);
    }

    private static void pass(final String file, final PacketDecoder decoder, final PacketView view,
                             final long[] sum) throws IOException {
        try (CaptureReader reader = Captures.open(file)) {
            while (reader.poll(r -> {
                if (decoder.decode(r, view) && view.hasTcp()) {
                    sum[0] += view.sourcePort();
                }
            }, 1 << 16) > 0) {
                // all in one batch per call
            }
        }
    }
}
