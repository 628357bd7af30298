package io.pcapflow.testkit.blog;

import io.pcapflow.testkit.packet.TcpFlags;
import java.util.Random;

/**
 * Which ordinal carries which packet, and when.
 *
 * <p>Layout (ordinals are 1-based capture positions):
 * <ul>
 * <li>1…2584: other traffic, spread over the 38 s before the SYN;</li>
 * <li>2585…2594: the blog's first ten lines;</li>
 * <li>2595…22573 (19979 ordinals): the unseen middle: 7478 pairs (client ACK of everything received,
 *     then one server data segment of 1…8 × 1440 bytes), 14956 packets carrying the server's bytes
 *     10081…52302241, with 5023 other-traffic packets spread evenly between them;</li>
 * <li>22574…22582: the blog's last nine lines;</li>
 * <li>22583…22639: other traffic, in the 1.2 s after the last ACK.</li>
 * </ul>
 */
final class ConnectionPlan {
    static final int MIDDLE_FIRST = 2595;
    static final int MIDDLE_LAST = 22_573;
    static final int MIDDLE_PAIRS = 7478;
    static final long MIDDLE_FIRST_SEQ = 10_081;
    static final long MIDDLE_END_SEQ = 52_302_241;
    static final int UNIT = 1440;
    static final long SEED = 0x2018_0926_1551L;

    private static final int FIRST_CLIENT_WINDOW = 296;
    private static final int LAST_CLIENT_WINDOW = 12_293;
    private static final int SERVER_WINDOW = 122;
    private static final long BEFORE_SPAN = 38_000_000_000L;
    private static final long AFTER_STEP = 21_000_000L;

    private final long[] time = new long[BlogCapture.TOTAL_PACKETS + 1];
    private final Segment[] segments = new Segment[BlogCapture.TOTAL_PACKETS + 1];

    ConnectionPlan() {
        Random random = new Random(SEED);
        for (BlogLadder.Line line : BlogLadder.lines()) {
            segments[line.ordinal()] = Segment.of(line);
            time[line.ordinal()] = BlogCapture.FIRST_EPOCH_NANOS + line.relativeNanos();
        }
        placeMiddle(random);
        placeOthers(random);
        check();
    }

    /**
     * Returns the segment of the blog connection at an ordinal.
     *
     * @param ordinal 1-based
     * @return the segment, or null for other traffic
     */
    Segment segment(int ordinal) {
        return segments[ordinal];
    }

    /**
     * Returns the capture timestamp of an ordinal.
     *
     * @param ordinal 1-based
     * @return epoch nanoseconds
     */
    long time(int ordinal) {
        return time[ordinal];
    }

    /** Payload sizes in units of 1440 bytes: 4 or 5 spread evenly, then moved between neighbours. */
    static int[] middleUnits(Random random) {
        long units = (MIDDLE_END_SEQ - MIDDLE_FIRST_SEQ) / UNIT;
        int[] u = new int[MIDDLE_PAIRS];
        for (int i = 0; i < MIDDLE_PAIRS; i++) {
            u[i] = (int) ((i + 1) * units / MIDDLE_PAIRS - i * units / MIDDLE_PAIRS);
        }
        for (int i = 0; i + 1 < MIDDLE_PAIRS; i += 2) {
            int d = random.nextInt(7) - 3;
            u[i] += d;
            u[i + 1] -= d;
        }
        return u;
    }

    private void placeMiddle(Random random) {
        int[] units = middleUnits(random);
        long start = time[2594];
        long end = time[22_574];
        long span = end - 30_000 - start;
        long total = MIDDLE_END_SEQ - MIDDLE_FIRST_SEQ;
        Segment[] middle = new Segment[2 * MIDDLE_PAIRS];
        long[] when = new long[2 * MIDDLE_PAIRS];
        long seq = MIDDLE_FIRST_SEQ;
        long previousData = start;
        for (int p = 0; p < MIDDLE_PAIRS; p++) {
            int window = Math.min(LAST_CLIENT_WINDOW, FIRST_CLIENT_WINDOW + 40 * (p + 1));
            middle[2 * p] = new Segment(true, TcpFlags.ACK, 175, seq, 0, window);
            when[2 * p] = previousData + 8_000 + random.nextInt(52_000);
            int length = units[p] * UNIT;
            middle[2 * p + 1] = new Segment(false, TcpFlags.ACK, seq, 175, length, SERVER_WINDOW);
            seq += length;
            long jitter = p == MIDDLE_PAIRS - 1 ? 0 : random.nextInt(400_001) - 200_000;
            previousData = start + span * (seq - MIDDLE_FIRST_SEQ) / total + jitter;
            when[2 * p + 1] = previousData;
        }
        if (seq != MIDDLE_END_SEQ) {
            throw new IllegalStateException("middle ends at " + seq);
        }
        int others = MIDDLE_LAST - MIDDLE_FIRST + 1 - middle.length;
        int ordinals = MIDDLE_LAST - MIDDLE_FIRST + 1;
        int m = 0;
        for (int j = 0; j < ordinals; j++) {
            boolean other = (long) (j + 1) * others / ordinals > (long) j * others / ordinals;
            if (!other) {
                segments[MIDDLE_FIRST + j] = middle[m];
                time[MIDDLE_FIRST + j] = when[m];
                m++;
            }
        }
        if (m != middle.length) {
            throw new IllegalStateException("placed " + m + " of " + middle.length);
        }
    }

    private void placeOthers(Random random) {
        int before = BlogCapture.FIRST_ORDINAL - 1;
        long step = BEFORE_SPAN / before;
        for (int i = 0; i < before; i++) {
            time[i + 1] = BlogCapture.FIRST_EPOCH_NANOS - BEFORE_SPAN + i * step + random.nextInt((int) (step / 2));
        }
        for (int o = BlogCapture.LAST_ORDINAL + 1; o <= BlogCapture.TOTAL_PACKETS; o++) {
            long k = o - BlogCapture.LAST_ORDINAL;
            time[o] = BlogCapture.LAST_EPOCH_NANOS + k * AFTER_STEP + random.nextInt((int) (AFTER_STEP / 2));
        }
        int o = MIDDLE_FIRST;
        while (o <= MIDDLE_LAST) {
            if (segments[o] != null) {
                o++;
                continue;
            }
            int runEnd = o;
            while (segments[runEnd + 1] == null) {
                runEnd++;
            }
            long a = time[o - 1];
            long b = time[runEnd + 1];
            int run = runEnd - o + 1;
            for (int k = 0; k < run; k++) {
                time[o + k] = a + (b - a) * (k + 1) / (run + 1);
            }
            o = runEnd + 1;
        }
    }

    private void check() {
        int connection = 0;
        for (int o = 1; o <= BlogCapture.TOTAL_PACKETS; o++) {
            if (o > 1 && time[o] <= time[o - 1]) {
                throw new IllegalStateException("time not increasing at #" + o);
            }
            if (segments[o] != null) {
                connection++;
            }
        }
        if (connection != BlogCapture.CONNECTION_PACKETS || time[BlogCapture.LAST_ORDINAL]
            != BlogCapture.LAST_EPOCH_NANOS) {
            throw new IllegalStateException("plan does not match the blog: " + connection + " packets");
        }
    }
}
