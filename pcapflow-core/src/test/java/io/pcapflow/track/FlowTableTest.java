package io.pcapflow.track;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The flow table against a {@link HashMap}, through growth and many removals. */
class FlowTableTest {
    @Test
    void shouldBehaveLikeAMapThroughGrowthAndRemovals() {
        final FlowTable table = new FlowTable(4);
        final Map<Long, Integer> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(7);
        final FlowKey key = new FlowKey();
        for (int step = 0; step < 200_000; step++) {
            // few distinct keys, so that puts, replacements and removals all happen often
            final long id = random.nextInt(5_000);
            key(key, id);
            final int op = random.nextInt(3);
            if (op == 0) {
                final int value = random.nextInt(Integer.MAX_VALUE);
                table.put(key, value);
                model.put(id, value);
            } else if (op == 1) {
                final Integer old = model.remove(id);
                assertThat(table.remove(key)).isEqualTo(old == null ? -1 : old);
            } else {
                assertThat(table.get(key)).isEqualTo(model.getOrDefault(id, -1));
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (long id = 0; id < 5_000; id++) {
            assertThat(table.get(key(key, id))).isEqualTo(model.getOrDefault(id, -1));
        }
        assertThat(table.capacity()).isGreaterThanOrEqualTo(2 * model.size());
    }

    @Test
    void shouldAcceptZeroAndTheLargestValue() {
        final FlowTable table = new FlowTable(1);
        final FlowKey a = key(new FlowKey(), 1);
        final FlowKey b = key(new FlowKey(), 2);
        table.put(a, 0);
        table.put(b, Integer.MAX_VALUE);
        assertThat(table.get(a)).isZero();
        assertThat(table.get(b)).isEqualTo(Integer.MAX_VALUE);
        assertThat(table.remove(a)).isZero();
        assertThat(table.get(a)).isEqualTo(-1);
    }

    private static FlowKey key(final FlowKey key, final long id) {
        final boolean v6 = (id & 1) != 0;
        return key.set(v6 ? 6 : 4, v6 ? id * 31 : 0, 0x0A00_0000L + id, (int) (id % 60_000), v6 ? 7 : 0,
            0xC000_0201L, 443, 0);
    }
}
