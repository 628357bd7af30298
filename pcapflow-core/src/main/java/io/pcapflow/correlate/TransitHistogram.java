package io.pcapflow.correlate;

import java.util.Arrays;

/**
 * Distribution of transit times (nanoseconds) of one connection pair. The first
 * {@value #EXACT} samples are kept as they are, so short connections get exact percentiles; after
 * that samples go into log-linear buckets (8 per power of two up to 2^43 ns, so a reported
 * percentile is within 6.25 % of the true one). Negative samples (clock offset not quite right) count as 0.
 */
public final class TransitHistogram {
    static final int EXACT = 32;
    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    /** Largest power of two with buckets of its own (2^43 ns, 2.4 hours); above, one bucket. */
    private static final int MAX_EXPONENT = 43;
    private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

    private long[] exact;
    private int[] buckets;
    private long count;
    private long max = Long.MIN_VALUE;
    private long min = Long.MAX_VALUE;
    private long negative;

    /**
     * Adds one sample.
     *
     * @param nanos transit time
     */
    public void add(final long nanos) {
        if (nanos < 0) {
            negative++;
        }
        final long v = Math.max(0, nanos);
        max = Math.max(max, v);
        min = Math.min(min, v);
        if (count < EXACT) {
            if (exact == null) {
                exact = new long[EXACT];
            }
            exact[(int) count] = v;
        } else {
            if (buckets == null) {
                buckets = new int[BUCKETS];
                for (int i = 0; i < EXACT; i++) {
                    buckets[bucket(exact[i])]++;
                }
            }
            buckets[bucket(v)]++;
        }
        count++;
    }

    /** @return samples added */
    public long count() {
        return count;
    }

    /** @return samples that were negative before clamping */
    public long negative() {
        return negative;
    }

    /** @return largest sample, -1 when empty */
    public long max() {
        return count == 0 ? -1 : max;
    }

    /** @return smallest sample, -1 when empty */
    public long min() {
        return count == 0 ? -1 : min;
    }

    /**
     * @param q quantile in (0, 1]
     * @return the sample at that quantile (nearest rank), -1 when empty
     */
    public long quantile(final double q) {
        if (count == 0) {
            return -1;
        }
        final long rank = Math.max(1, (long) Math.ceil(q * count));
        if (buckets == null) {
            final long[] sorted = Arrays.copyOf(exact, (int) count);
            Arrays.sort(sorted);
            return sorted[(int) rank - 1];
        }
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return Math.min(max, Math.max(min, middle(i)));
            }
        }
        return max;
    }

    static int bucket(final long v) {
        if (v < SUB) {
            return (int) v;
        }
        final int e = 63 - Long.numberOfLeadingZeros(v);
        if (e > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        final int sub = (int) (v >>> (e - SUB_BITS)) & (SUB - 1);
        return (e - SUB_BITS + 1) * SUB + sub;
    }

    private static long middle(final int index) {
        if (index < SUB) {
            return index;
        }
        final int e = index / SUB + SUB_BITS - 1;
        final long sub = index % SUB;
        final long low = (1L << e) + (sub << (e - SUB_BITS));
        return low + (1L << (e - SUB_BITS)) / 2;
    }
}
