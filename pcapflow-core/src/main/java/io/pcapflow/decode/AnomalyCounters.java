package io.pcapflow.decode;

import java.util.function.ObjLongConsumer;

/**
 * One counter per {@link Anomaly}, a {@code long[]} indexed by id: incrementing allocates nothing.
 * Not thread-safe; owned by one decoder.
 */
public final class AnomalyCounters {
    private final long[] counts = new long[Anomaly.MAX_ID + 1];

    /** Creates zeroed counters. */
    public AnomalyCounters() {
    }

    /**
     * @param anomaly the anomaly seen
     */
    public void increment(final Anomaly anomaly) {
        counts[anomaly.id()]++;
    }

    /**
     * @param anomaly an anomaly
     * @return how often it was seen
     */
    public long get(final Anomaly anomaly) {
        return counts[anomaly.id()];
    }

    /** @return sum over all anomalies */
    public long total() {
        long sum = 0;
        for (final long c : counts) {
            sum += c;
        }
        return sum;
    }

    /**
     * Allocation-free iteration: {@code for (int id = c.nextNonZero(0); id > 0; id = c.nextNonZero(id + 1))}.
     *
     * @param fromId first id to look at
     * @return smallest id at or above {@code fromId} with a non-zero count, or -1
     */
    public int nextNonZero(final int fromId) {
        for (int id = Math.max(fromId, 1); id < counts.length; id++) {
            if (counts[id] != 0) {
                return id;
            }
        }
        return -1;
    }

    /**
     * Calls {@code consumer} for each anomaly with a non-zero count, in id order.
     *
     * @param consumer receives the anomaly and its count
     */
    public void forEachNonZero(final ObjLongConsumer<Anomaly> consumer) {
        for (int id = nextNonZero(1); id > 0; id = nextNonZero(id + 1)) {
            consumer.accept(Anomaly.byId(id), counts[id]);
        }
    }

    /**
     * Adds another set of counters to this one (merging per-file or per-thread counts).
     *
     * @param other counters to add
     */
    public void add(final AnomalyCounters other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    /** Sets every counter to zero. */
    public void reset() {
        java.util.Arrays.fill(counts, 0L);
    }
}
