package io.pcapflow.capture.text;

/**
 * Per connection, what turns tcpdump's relative sequence numbers back into absolute ones: the base
 * of each direction (what tcpdump subtracts) and the next sequence number each direction is
 * expected to send (for the empty segments whose {@code seq} tcpdump does not print).
 *
 * <p>Sides follow tcpdump's collating order (print-tcp.c): side A is the endpoint with the lower
 * port, or, on equal ports, the lower address. Memory is fixed at construction: {@code capacity}
 * entries in sets of {@link #WAYS}; a new connection whose set is full replaces the entry used
 * longest ago there (a closed one first: RST, or FIN both ways), and replacing one not seen closed is
 * counted ({@link #evictions()}). Sets fill unevenly, so evictions can start before {@code capacity}
 * connections are open at once; with the default 65 536 entries and a few thousand open
 * connections they do not happen (2 million packets, 115 735 connections: none). A later packet of the
 * replaced connection is then taken as tcpdump's first packet of a conversation: its printed numbers
 * become the new bases, so that connection's numbers jump once.
 */
final class SequenceBases {
    /** Entries per set. */
    static final int WAYS = 8;

    static final int TCPDUMP_ENTRY = 1;
    static final int BASE_A = 2;
    static final int BASE_B = 4;
    static final int NEXT_A = 8;
    static final int NEXT_B = 16;
    static final int FIN_A = 32;
    static final int FIN_B = 64;
    /** RST seen, or FIN both ways: the entry may go first, and its loss is harmless. */
    static final int CLOSED = 128;

    private static final int KEY_LONGS = 5;
    private static final int VALUE_LONGS = 6;
    private static final int BASE = 0;
    private static final int NEXT = 2;
    private static final int STATE = 4;
    private static final int STAMP = 5;

    private final long[] keys;
    private final long[] values;
    private final boolean[] used;
    private final int setMask;
    private long clock;
    private long evictions;
    private int entry;

    /**
     * @param capacity entries kept at most (rounded up to a power of two, at least {@link #WAYS})
     */
    SequenceBases(final int capacity) {
        final int entries = Math.max(WAYS, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1);
        keys = new long[entries * KEY_LONGS];
        values = new long[entries * VALUE_LONGS];
        used = new boolean[entries];
        setMask = entries / WAYS - 1;
    }

    /**
     * Finds the connection's entry, creating an empty one when absent; later calls address it.
     *
     * @return whether the entry already existed
     */
    boolean find(final long aHigh, final long aLow, final long bHigh, final long bLow, final long ports) {
        long x = aHigh * 0x9E3779B97F4A7C15L + aLow * 0xC2B2AE3D27D4EB4FL + bHigh * 0x165667B19E3779F9L
            + bLow * 0x27D4EB2F165667C5L + ports * 0x94D049BB133111EBL;
        x ^= x >>> 31;
        final int first = ((int) (x ^ (x >>> 32)) & setMask) * WAYS;
        int free = -1;
        int victim = first;
        long oldest = Long.MAX_VALUE;
        int closedVictim = -1;
        long oldestClosed = Long.MAX_VALUE;
        for (int e = first; e < first + WAYS; e++) {
            if (!used[e]) {
                if (free < 0) {
                    free = e;
                }
                continue;
            }
            final int k = e * KEY_LONGS;
            if (keys[k] == aHigh && keys[k + 1] == aLow && keys[k + 2] == bHigh && keys[k + 3] == bLow
                && keys[k + 4] == ports) {
                entry = e;
                values[e * VALUE_LONGS + STAMP] = ++clock;
                return true;
            }
            final long stamp = values[e * VALUE_LONGS + STAMP];
            if (stamp < oldest) {
                oldest = stamp;
                victim = e;
            }
            if ((values[e * VALUE_LONGS + STATE] & CLOSED) != 0 && stamp < oldestClosed) {
                oldestClosed = stamp;
                closedVictim = e;
            }
        }
        if (free >= 0) {
            victim = free;
        } else if (closedVictim >= 0) {
            victim = closedVictim;
        } else {
            evictions++;
        }
        used[victim] = true;
        final int k = victim * KEY_LONGS;
        keys[k] = aHigh;
        keys[k + 1] = aLow;
        keys[k + 2] = bHigh;
        keys[k + 3] = bLow;
        keys[k + 4] = ports;
        final int v = victim * VALUE_LONGS;
        for (int i = 0; i < VALUE_LONGS; i++) {
            values[v + i] = 0;
        }
        values[v + STAMP] = ++clock;
        entry = victim;
        return false;
    }

    int state() {
        return (int) values[entry * VALUE_LONGS + STATE];
    }

    void state(final int state) {
        values[entry * VALUE_LONGS + STATE] = state;
    }

    /**
     * @param side 0 for A, 1 for B
     * @return that side's base
     */
    long base(final int side) {
        return values[entry * VALUE_LONGS + BASE + side];
    }

    void base(final int side, final long base) {
        values[entry * VALUE_LONGS + BASE + side] = base & 0xFFFF_FFFFL;
    }

    long next(final int side) {
        return values[entry * VALUE_LONGS + NEXT + side];
    }

    void next(final int side, final long next) {
        values[entry * VALUE_LONGS + NEXT + side] = next & 0xFFFF_FFFFL;
    }

    /** @return entries of connections not seen closed, replaced while the set was full */
    long evictions() {
        return evictions;
    }
}
