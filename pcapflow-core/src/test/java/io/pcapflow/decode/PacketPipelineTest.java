package io.pcapflow.decode;

import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.LinkType;
import io.pcapflow.testkit.alloc.AllocationMeter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static io.pcapflow.decode.Frames.frame;
import static io.pcapflow.decode.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worker gets every packet in order with the fields a TCP tracker reads, nothing is allocated
 * per packet on either thread, and a failure of the worker reaches the producer.
 */
class PacketPipelineTest {
    private static final int PACKETS = 1_000_000;

    private static final CaptureRecord[] RECORDS = {
        record(LinkType.ETHERNET, frame().ethernet(0x0800).ipv4(6).tcp(1, 2, 3, 4, 0x02, 5, Frames.synOptions())
            .build(), 1_700_000_000_123_456_789L),
        record(LinkType.ETHERNET, frame().ethernet(0x8100).vlan(5, 0x86DD).ipv6(0).ipv6Extension(6, 0)
            .tcp(65535, 443, -3, -4, 0x11, 65535, Frames.sackOptions(1, 2, 3, 4)).payload(100).build(), 42L),
    };

    @Test
    void shouldCarryEveryFieldATrackerReads() {
        final PacketDecoder decoder = new PacketDecoder();
        for (final CaptureRecord r : RECORDS) {
            final PacketView original = new PacketView();
            assertThat(decoder.decode(r, original)).isTrue();
            final long[] words = new long[PacketView.TCP_FIELD_WORDS + 3];
            original.writeTcpFields(words, 3);
            final PacketView copy = new PacketView();
            copy.readTcpFields(words, 3);
            assertThat(copy.ordinal()).isEqualTo(original.ordinal());
            assertThat(copy.timestampNanos()).isEqualTo(original.timestampNanos());
            assertThat(copy.hasTcp()).isTrue();
            assertThat(copy.ipVersion()).isEqualTo(original.ipVersion());
            assertThat(copy.ipv4Source()).isEqualTo(original.ipv4Source());
            assertThat(copy.ipv4Destination()).isEqualTo(original.ipv4Destination());
            assertThat(copy.ipv6SourceHigh()).isEqualTo(original.ipv6SourceHigh());
            assertThat(copy.ipv6SourceLow()).isEqualTo(original.ipv6SourceLow());
            assertThat(copy.ipv6DestinationHigh()).isEqualTo(original.ipv6DestinationHigh());
            assertThat(copy.ipv6DestinationLow()).isEqualTo(original.ipv6DestinationLow());
            assertThat(copy.ipId()).isEqualTo(original.ipId());
            assertThat(copy.vlanCount()).isEqualTo(original.vlanCount());
            if (original.vlanCount() > 0) {
                assertThat(copy.vlanId(0)).isEqualTo(original.vlanId(0));
            }
            assertThat(copy.sourcePort()).isEqualTo(original.sourcePort());
            assertThat(copy.destinationPort()).isEqualTo(original.destinationPort());
            assertThat(copy.seq()).isEqualTo(original.seq());
            assertThat(copy.ack()).isEqualTo(original.ack());
            assertThat(copy.ackUnsigned()).isEqualTo(original.ackUnsigned());
            assertThat(copy.tcpFlags()).isEqualTo(original.tcpFlags());
            assertThat(copy.window()).isEqualTo(original.window());
            assertThat(copy.payloadLength()).isEqualTo(original.payloadLength());
            assertThat(copy.mss()).isEqualTo(original.mss());
            assertThat(copy.windowScale()).isEqualTo(original.windowScale());
            assertThat(copy.isSackPermitted()).isEqualTo(original.isSackPermitted());
            assertThat(copy.sackBlockCount()).isEqualTo(original.sackBlockCount());
            assertThat(copy.hasTimestamps()).isEqualTo(original.hasTimestamps());
            assertThat(copy.tsVal()).isEqualTo(original.tsVal());
            assertThat(copy.tsEcr()).isEqualTo(original.tsEcr());
        }
    }

    @Test
    void shouldDeliverEveryPacketInOrderWithoutAllocating() {
        Assumptions.assumeTrue(AllocationMeter.supported());
        final long[] expected = {0};
        final AtomicLong workerBytes = new AtomicLong(-1);
        final long[] seen = {0, 0};
        final AllocationMeter[] workerMeter = {null};
        final PacketPipeline pipeline = new PacketPipeline(1024, "test-worker", (view, note) -> {
            if (note != (int) seen[0]) {
                throw new IllegalStateException("packet " + note + " arrived as number " + seen[0]);
            }
            if (seen[0] == PACKETS / 2) {
                workerMeter[0] = AllocationMeter.start();
            }
            seen[0]++;
            seen[1] += view.seq();
            if (seen[0] == PACKETS) {
                workerBytes.set(workerMeter[0].bytesSinceStart());
            }
        });
        final PacketDecoder decoder = new PacketDecoder();
        AllocationMeter producerMeter = null;
        for (int i = 0; i < PACKETS; i++) {
            if (i == PACKETS / 2) {
                producerMeter = AllocationMeter.start();
            }
            final PacketView view = pipeline.claim();
            // no assertThat per packet: it allocates
            if (!decoder.decode(RECORDS[i & 1], view)) {
                throw new AssertionError("packet " + i + " not decoded");
            }
            expected[0] += view.seq();
            pipeline.publish(i);
        }
        final long producerBytes = producerMeter.bytesSinceStart();
        pipeline.finish();
        assertThat(seen[0]).isEqualTo(PACKETS);
        assertThat(seen[1]).isEqualTo(expected[0]);
        assertThat((double) producerBytes / (PACKETS / 2)).as("producer bytes per packet").isLessThan(0.01);
        assertThat((double) workerBytes.get() / (PACKETS / 2)).as("worker bytes per packet").isLessThan(0.01);
    }

    @Test
    void shouldRethrowTheWorkersFailureToTheProducer() {
        final PacketPipeline pipeline = new PacketPipeline(128, "test-failing", (view, note) -> {
            throw new IllegalArgumentException("worker broke at " + note);
        });
        final PacketDecoder decoder = new PacketDecoder();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                decoder.decode(RECORDS[0], pipeline.claim());
                pipeline.publish(i);
            }
            pipeline.finish();
        }).isInstanceOf(IllegalArgumentException.class).hasMessage("worker broke at 0");
        pipeline.close();
    }
}
