package io.pcapflow.testkit.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AllocationMeterTest {
    private static volatile Object sink;

    @Test
    void shouldMeasureAllocationOfCurrentThread() {
        Assumptions.assumeTrue(AllocationMeter.supported());
        for (int i = 0; i < 1000; i++) {
            AllocationMeter.measure(() -> sink = new byte[1]);
        }

        long big = AllocationMeter.measure(() -> sink = new byte[1 << 20]);
        long none = AllocationMeter.measure(() -> { });

        assertThat(big).isBetween(1L << 20, (1L << 20) + 4096);
        assertThat(none).isLessThan(256);
        AllocationMeter m = AllocationMeter.start();
        sink = new long[1000];
        assertThat(m.bytesSinceStart()).isGreaterThanOrEqualTo(8000);
    }
}
