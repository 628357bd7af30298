package io.pcapflow.track;

/**
 * Open-addressing hash table from {@link FlowKey} to a non-negative {@code int} value (the
 * caller's slot number), stored inline as six longs per bucket (the key's five words, then
 * value + 1, 0 marking an empty bucket), so that a probe touches one place in memory; linear
 * probing and backward-shift deletion (no tombstones, so lookups never degrade after many removals).
 *
 * <p>The bucket count is a power of two kept at most half full; it doubles when more keys are
 * live, and never shrinks. Lookups, insertions and removals allocate nothing.
 */
public final class FlowTable {
    private static final int WORDS = 6;
    private static final int VALUE = 5;
    private static final int EMPTY = -1;

    private long[] keys;
    private int mask;
    private int size;

    /**
     * Creates a table.
     *
     * @param expected number of keys expected to be live at once (sizes the first allocation)
     */
    public FlowTable(final int expected) {
        int capacity = 16;
        while (capacity < expected * 2 && capacity < (1 << 30)) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    private void allocate(final int capacity) {
        keys = new long[capacity * WORDS];
        mask = capacity - 1;
    }

    /** @return number of live keys */
    public int size() {
        return size;
    }

    /** @return number of buckets */
    public int capacity() {
        return mask + 1;
    }

    /**
     * Looks a key up.
     *
     * @param key the key
     * @return its value, or -1 when absent
     */
    public int get(final FlowKey key) {
        final int bucket = find(key);
        return bucket < 0 ? EMPTY : value(bucket);
    }

    /**
     * Maps a key to a value, replacing any previous value.
     *
     * @param key   the key
     * @param value a non-negative value
     */
    public void put(final FlowKey key, final int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        int i = key.hash() & mask;
        while (used(i)) {
            if (matches(i, key)) {
                keys[i * WORDS + VALUE] = value + 1L;
                return;
            }
            i = (i + 1) & mask;
        }
        store(i, key.aHi(), key.aLo(), key.bHi(), key.bLo(), key.ports(), value);
        size++;
        if (size * 2 > capacity()) {
            grow();
        }
    }

    /**
     * Removes a key.
     *
     * @param key the key
     * @return the value it had, or -1 when absent
     */
    public int remove(final FlowKey key) {
        final int bucket = find(key);
        if (bucket < 0) {
            return EMPTY;
        }
        final int old = value(bucket);
        deleteAt(bucket);
        size--;
        return old;
    }

    private boolean used(final int bucket) {
        return keys[bucket * WORDS + VALUE] != 0;
    }

    private int value(final int bucket) {
        return (int) (keys[bucket * WORDS + VALUE] - 1);
    }

    private int find(final FlowKey key) {
        int i = key.hash() & mask;
        while (used(i)) {
            if (matches(i, key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private boolean matches(final int bucket, final FlowKey key) {
        final int k = bucket * WORDS;
        return keys[k + 4] == key.ports() && keys[k + 1] == key.aLo() && keys[k + 3] == key.bLo()
            && keys[k] == key.aHi() && keys[k + 2] == key.bHi();
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private void store(final int bucket, final long aHi, final long aLo, final long bHi, final long bLo,
                       final long ports, final int value) {
        final int k = bucket * WORDS;
        keys[k] = aHi;
        keys[k + 1] = aLo;
        keys[k + 2] = bHi;
        keys[k + 3] = bLo;
        keys[k + 4] = ports;
        keys[k + VALUE] = value + 1L;
    }

    /** Backward-shift deletion: pull later members of the probe run into the hole. */
    private void deleteAt(final int bucket) {
        int hole = bucket;
        int i = (hole + 1) & mask;
        while (used(i)) {
            final int home = hashAt(i) & mask;
            final boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                System.arraycopy(keys, i * WORDS, keys, hole * WORDS, WORDS);
                hole = i;
            }
            i = (i + 1) & mask;
        }
        keys[hole * WORDS + VALUE] = 0;
    }

    private int hashAt(final int bucket) {
        final int k = bucket * WORDS;
        return rehash(keys[k], keys[k + 1], keys[k + 2], keys[k + 3], keys[k + 4]);
    }

    private static int rehash(final long aHi, final long aLo, final long bHi, final long bLo, final long ports) {
        return FlowKey.mix(aHi, aLo, bHi, bLo, ports);
    }

    private void grow() {
        final long[] oldKeys = keys;
        allocate(capacity() * 2);
        for (int k = 0; k < oldKeys.length; k += WORDS) {
            if (oldKeys[k + VALUE] != 0) {
                int i = rehash(oldKeys[k], oldKeys[k + 1], oldKeys[k + 2], oldKeys[k + 3], oldKeys[k + 4]) & mask;
                while (used(i)) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(oldKeys, k, keys, i * WORDS, WORDS);
            }
        }
    }
}
