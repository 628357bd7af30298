package io.pcapflow.tcp;

import io.pcapflow.decode.PacketView;
import io.pcapflow.track.FlowKey;

import java.util.Arrays;

/**
 * Follows the TCP connections of a packet stream and analyses every segment; see the package
 * documentation and {@code docs/TCP-ANALYSIS.md}.
 *
 * <p>Connections are keyed by the canonical 5-tuple (plus the outer VLAN id when
 * {@link TrackerOptions#vlanAware(boolean)}); a pure SYN whose sequence number differs from the
 * sender's known ISN starts a new connection (Wireshark's "reused ports" rule). A connection ends
 * when both sides sent FIN or one sent RST (it then lingers for
 * {@link TrackerOptions#closedLingerNanos()} to absorb late packets), when its key is reused, after
 * the idle timeout, when evicted to respect {@link TrackerOptions#maxOpenConnections()}, or at
 * {@link #finish()}. Single-threaded; time is the packets' own.
 */
public final class TcpTracker {
    private final TrackerOptions options;
    private final TcpListener listener;
    private final FlowKey key = new FlowKey();
    private final FlowKey closeKey = new FlowKey();
    private final SlotIndex table;
    private final TcpSegment segment = new TcpSegment();
    private final WiresharkAnalysis analysis = new WiresharkAnalysis();
    private final SegmentBookkeeping bookkeeping = new SegmentBookkeeping();
    private TcpConnection[] pool = new TcpConnection[64];
    private int[] freeSlots = new int[64];
    private int[] links = new int[2 * 64];
    private int freeCount;
    private int allocated;
    private final ConnectionList active = new ConnectionList();
    private final ConnectionList closing = new ConnectionList();
    private final Tombstones tombstones = new Tombstones();
    private int closingCount;
    private long latePackets;
    private boolean reusedTombstone;
    private long connections;
    private long clock;
    private boolean clockSet;
    private long evictions;
    private int open;

    /**
     * Creates a tracker.
     *
     * @param options  settings (read once, here)
     * @param listener receives segments and closed connections
     */
    public TcpTracker(final TrackerOptions options, final TcpListener listener) {
        this.options = options;
        this.listener = listener;
        this.table = new SlotIndex(Math.min(options.maxOpenConnections(), 1 << 16));
    }

    /** @return connections evicted to respect the open-connection limit */
    public long evictions() {
        return evictions;
    }

    /** @return connections currently held (open, or closed and lingering) */
    public int openConnections() {
        return open;
    }

    /**
     * @return packets that came after their connection had been reported early (see
     *         {@link TrackerOptions#maxLingeringConnections(int)}); they kept its stream index
     */
    public long latePackets() {
        return latePackets;
    }

    /** @return tombstones of closed connections reported early, still held */
    public int tombstones() {
        return tombstones.size();
    }

    /** @return connections seen so far (the next stream index) */
    public long connections() {
        return connections;
    }

    /**
     * Tracks one decoded packet. Packets without a decoded TCP header are ignored.
     *
     * @param view the decoded packet
     */
    public void onPacket(final PacketView view) {
        if (!view.hasTcp()) {
            return;
        }
        final long now = view.timestampNanos();
        // A single packet whose time jumps ahead by more than a timeout (a bogus timestamp, as in
        // some real captures) expires nothing; a real gap expires at the next packet after it.
        final boolean jump = clockSet && now - clock > Math.min(timeoutOrMax(options.idleTimeoutNanos()),
            timeoutOrMax(options.closedLingerNanos()));
        clock = now;
        clockSet = true;
        if (!jump) {
            expire(now);
        }
        key.set(view, options.vlanAware());
        final int slot = table.get(key, pool);
        TcpConnection c = slot >= 0 ? pool[slot] : null;
        final int flags = view.tcpFlags();
        int initial = 0;
        if (c != null && (flags & (WiresharkAnalysis.SYN | WiresharkAnalysis.ACK)) == WiresharkAnalysis.SYN) {
            final TcpEndpoint fwd = c.endpoint(direction(c));
            if (fwd.baseSet && view.seq() != fwd.baseSeq) {
                close(c, c.finishedBy != null ? c.finishedBy : EndReason.REUSED);
                c = null;
                initial = TcpAnalysis.REUSED_PORTS;
            }
        }
        if (c == null) {
            reusedTombstone = false;
            c = tombstones.isEmpty() ? null : revive(view, flags, now);
            if (reusedTombstone) {
                initial = TcpAnalysis.REUSED_PORTS;
            }
            if (c == null) {
                c = create(view, now);
            }
        }
        if (c.revived) {
            latePackets++;
        }
        final int d = direction(c);
        segment.clear();
        segment.direction = d;
        bookkeeping.onSegment(c, d, view, segment, analysis, initial);
        c.lastFrame = view.ordinal();
        c.lastNanos = now;
        final boolean wasClosing = c.closing;
        if (c.finishedBy != null && !wasClosing) {
            active.remove(c);
            c.closing = true;
            closing.addFirst(c);
            closingCount++;
        } else {
            (wasClosing ? closing : active).moveToFront(c);
        }
        listener.onSegment(c, view, segment);
        if (c.closing && options.closedLingerNanos() <= 0) {
            close(c, c.finishedBy);
        }
        while (closingCount > options.maxLingeringConnections()) {
            bury(closing.tail());
        }
    }

    /**
     * Moves the clock on without a packet, ending connections whose idle timeout or linger time
     * has passed: for live input, where silence is itself news. Times before the last packet's
     * are ignored.
     *
     * @param nanos the current time, on the packets' clock
     */
    public void advanceTo(final long nanos) {
        if (!clockSet || nanos <= clock) {
            return;
        }
        clock = nanos;
        expire(nanos);
    }

    /** Ends the input: every connection still held is reported, open ones as {@link EndReason#END_OF_CAPTURE}. */
    public void finish() {
        while (closing.tail() != null) {
            close(closing.tail(), closing.tail().finishedBy);
        }
        while (active.tail() != null) {
            close(active.tail(), EndReason.END_OF_CAPTURE);
        }
    }

    private static long timeoutOrMax(final long timeout) {
        return timeout > 0 ? timeout : Long.MAX_VALUE;
    }

    private int direction(final TcpConnection c) {
        return key.sourceIsA() == c.clientIsA ? TcpDirection.CLIENT_TO_SERVER : TcpDirection.SERVER_TO_CLIENT;
    }

    private void expire(final long now) {
        final long linger = options.closedLingerNanos();
        while (closing.tail() != null && now - closing.tail().lastNanos > linger) {
            close(closing.tail(), closing.tail().finishedBy);
        }
        tombstones.expire(now - linger);
        final long idle = options.idleTimeoutNanos();
        if (idle > 0) {
            while (active.tail() != null && now - active.tail().lastNanos > idle) {
                close(active.tail(), EndReason.IDLE);
            }
        }
    }

    /** Reports a closed connection before its linger time is over, and keeps a tombstone of it. */
    private void bury(final TcpConnection c) {
        tombstones.add(c);
        close(c, c.finishedBy);
    }

    /**
     * A packet for a connection that was reported early: unless it is a SYN with a new ISN (a new
     * connection), it continues the old stream, silently.
     */
    private TcpConnection revive(final PacketView view, final int flags, final long now) {
        final int t = tombstones.find(key);
        if (t < 0) {
            return null;
        }
        final boolean sourceIsClient = key.sourceIsA() == tombstones.clientIsA(t);
        final int d = sourceIsClient ? TcpDirection.CLIENT_TO_SERVER : TcpDirection.SERVER_TO_CLIENT;
        if ((flags & (WiresharkAnalysis.SYN | WiresharkAnalysis.ACK)) == WiresharkAnalysis.SYN
            && tombstones.baseSet(t, d) && view.seq() != tombstones.baseSeq(t, d)) {
            tombstones.remove(t, key);
            reusedTombstone = true;
            return null;
        }
        final TcpConnection c = create(view, now);
        connections--;
        tombstones.restore(t, c);
        tombstones.remove(t, key);
        c.revived = true;
        return c;
    }

    private TcpConnection create(final PacketView view, final long now) {
        if (open >= options.maxOpenConnections()) {
            if (closing.tail() != null) {
                close(closing.tail(), closing.tail().finishedBy);
            } else {
                evictions++;
                close(active.tail(), EndReason.EVICTED);
            }
        }
        final TcpConnection c = take();
        c.reset();
        c.streamIndex = connections++;
        c.firstFrame = view.ordinal();
        c.startNanos = now;
        Roles.assign(c, key, view);
        table.put(key.hash(), c.slot);
        active.addFirst(c);
        open++;
        return c;
    }

    private TcpConnection take() {
        if (freeCount > 0) {
            return pool[freeSlots[--freeCount]];
        }
        if (allocated == pool.length) {
            pool = Arrays.copyOf(pool, allocated * 2);
            freeSlots = Arrays.copyOf(freeSlots, allocated * 2);
            links = Arrays.copyOf(links, allocated * 4);
        }
        final TcpConnection c = new TcpConnection(allocated);
        pool[allocated++] = c;
        return c;
    }

    private void close(final TcpConnection c, final EndReason reason) {
        if (c.closing) {
            closing.remove(c);
            closingCount--;
        } else {
            active.remove(c);
        }
        Roles.keyOf(c, closeKey);
        table.remove(closeKey.hash(), c.slot);
        open--;
        c.endReason = reason;
        if (!c.revived) {
            listener.onClose(c);
        }
        freeSlots[freeCount++] = c.slot;
    }

    /**
     * The held connections by key: open addressing over one {@code long} per bucket, the key's hash
     * in the high half and slot + 1 in the low half (0: empty), at most half full; a hash match is
     * confirmed against the connection's own addresses, which the caller reads next anyway, so a
     * lookup touches the compact bucket array and the connection only. Linear probing with
     * backward-shift deletion by the stored hash.
     */
    private static final class SlotIndex {
        private long[] buckets;
        private int mask;
        private int size;

        SlotIndex(final int expected) {
            int capacity = 16;
            while (capacity < expected * 2 && capacity < (1 << 30)) {
                capacity <<= 1;
            }
            buckets = new long[capacity];
            mask = capacity - 1;
        }

        int get(final FlowKey key, final TcpConnection[] pool) {
            final int hash = key.hash();
            final long[] b = buckets;
            final int m = mask;
            int i = hash & m;
            long e;
            while ((e = b[i]) != 0) {
                if ((int) (e >>> 32) == hash) {
                    final int slot = (int) e - 1;
                    if (matches(pool[slot], key)) {
                        return slot;
                    }
                }
                i = (i + 1) & m;
            }
            return -1;
        }

        private static boolean matches(final TcpConnection c, final FlowKey key) {
            final long ports = key.ports();
            if (c.ipVersion != (int) (ports >>> 24 & 0xFF) || c.vlanKey != (int) (ports & 0xFF_FFFFL)) {
                return false;
            }
            final int portA = (int) (ports >>> 48) & 0xFFFF;
            final int portB = (int) (ports >>> 32) & 0xFFFF;
            if (c.clientIsA) {
                return c.clientLo == key.aLo() && c.serverLo == key.bLo() && c.clientPort == portA
                    && c.serverPort == portB && c.clientHi == key.aHi() && c.serverHi == key.bHi();
            }
            return c.serverLo == key.aLo() && c.clientLo == key.bLo() && c.serverPort == portA
                && c.clientPort == portB && c.serverHi == key.aHi() && c.clientHi == key.bHi();
        }

        /** Adds a key known to be absent. */
        void put(final int hash, final int slot) {
            int i = hash & mask;
            while (buckets[i] != 0) {
                i = (i + 1) & mask;
            }
            buckets[i] = ((long) hash << 32) | ((slot + 1L) & 0xFFFF_FFFFL);
            size++;
            if (size * 2 > buckets.length) {
                grow();
            }
        }

        void remove(final int hash, final int slot) {
            final long entry = ((long) hash << 32) | ((slot + 1L) & 0xFFFF_FFFFL);
            int i = hash & mask;
            long e;
            while ((e = buckets[i]) != 0) {
                if (e == entry) {
                    deleteAt(i);
                    size--;
                    return;
                }
                i = (i + 1) & mask;
            }
        }

        private void deleteAt(final int bucket) {
            int hole = bucket;
            int i = (hole + 1) & mask;
            long e;
            while ((e = buckets[i]) != 0) {
                final int home = (int) (e >>> 32) & mask;
                final boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
                if (movable) {
                    buckets[hole] = e;
                    hole = i;
                }
                i = (i + 1) & mask;
            }
            buckets[hole] = 0;
        }

        private void grow() {
            final long[] old = buckets;
            buckets = new long[old.length * 2];
            mask = buckets.length - 1;
            for (final long e : old) {
                if (e != 0) {
                    int i = (int) (e >>> 32) & mask;
                    while (buckets[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    buckets[i] = e;
                }
            }
        }
    }

    /**
     * Tombstones of closed connections reported before their linger time ran out: for each, the key
     * and what a late packet needs to get the same stream index, relative numbers, scaled window and
     * initial RTT (and the Wireshark values most flags depend on), packed in a row of longs.
     *
     * <p>Rows are kept in the order they were made, which is also the order they expire in: a FIFO
     * of fixed-size chunks, so a row is written and later expired where the previous one was (no
     * scattered writes), and neither growing nor shrinking copies anything (a doubling array of
     * 440k rows allocated 166 MB in copies and caused full collections). A row taken back by a late
     * packet is marked dead and skipped when its turn to expire comes. Rows are numbered by an
     * {@code int} that only grows; the index holds those numbers.
     */
    private static final class Tombstones {
        private static final int KEY = 0;
        private static final int STREAM = 5;
        private static final int TIME = 6;
        private static final int ROLES = 7;
        private static final int IRTT = 8;
        private static final int DIR = 9;
        private static final int DIR_WORDS = 6;
        private static final int WORDS = DIR + 2 * DIR_WORDS;
        private static final long DEAD = 4;
        private static final int CHUNK_BITS = 12;
        private static final int CHUNK_ROWS = 1 << CHUNK_BITS;
        /** Row numbers stay below this (the index keeps number + 1 in 32 bits). */
        private static final int LAST_ROW = Integer.MAX_VALUE - CHUNK_ROWS;

        private final SlotIndex index = new SlotIndex(1 << 10);
        private final FlowKey rowKey = new FlowKey();
        /** Ring of chunks, oldest at {@link #firstChunk}; chunk {@code k} holds rows {@code k << CHUNK_BITS ...}. */
        private long[][] chunks = new long[8][];
        private int firstChunk;
        private int chunkCount;
        /** A released chunk kept for the next one needed. */
        private long[] spare;
        /** Oldest row still held. */
        private int head;
        /** Next row number. */
        private int tail;

        int size() {
            return index.size;
        }

        boolean isEmpty() {
            return index.size == 0;
        }

        private long[] chunk(final int t) {
            return chunks[(firstChunk + (t >>> CHUNK_BITS) - (head >>> CHUNK_BITS)) & (chunks.length - 1)];
        }

        private static int at(final int t) {
            return (t & (CHUNK_ROWS - 1)) * WORDS;
        }

        int find(final FlowKey key) {
            final int hash = key.hash();
            final long[] b = index.buckets;
            final int m = index.mask;
            int i = hash & m;
            long e;
            while ((e = b[i]) != 0) {
                if ((int) (e >>> 32) == hash) {
                    final int t = (int) e - 1;
                    final long[] rows = chunk(t);
                    final int r = at(t);
                    if (rows[r + 4] == key.ports() && rows[r + 1] == key.aLo() && rows[r + 3] == key.bLo()
                        && rows[r] == key.aHi() && rows[r + 2] == key.bHi()) {
                        return t;
                    }
                }
                i = (i + 1) & m;
            }
            return -1;
        }

        boolean clientIsA(final int t) {
            return (chunk(t)[at(t) + ROLES] & 1) != 0;
        }

        boolean baseSet(final int t, final int d) {
            return (chunk(t)[at(t) + DIR + d * DIR_WORDS + 2] & 1) != 0;
        }

        int baseSeq(final int t, final int d) {
            return (int) (chunk(t)[at(t) + DIR + d * DIR_WORDS] >>> 32);
        }

        void add(final TcpConnection c) {
            if (tail >= LAST_ROW) {
                // some two billion connections reported early: start numbering again (late packets
                // of the ones dropped here start new streams)
                clear();
            }
            if ((tail & (CHUNK_ROWS - 1)) == 0) {
                addChunk();
            }
            final int t = tail++;
            final long[] rows = chunk(t);
            final int r = at(t);
            Roles.keyOf(c, rowKey);
            rows[r + KEY] = rowKey.aHi();
            rows[r + KEY + 1] = rowKey.aLo();
            rows[r + KEY + 2] = rowKey.bHi();
            rows[r + KEY + 3] = rowKey.bLo();
            rows[r + KEY + 4] = rowKey.ports();
            rows[r + STREAM] = c.streamIndex;
            rows[r + TIME] = c.lastNanos;
            rows[r + ROLES] = (c.clientIsA ? 1 : 0) | (c.clientGuessed ? 2 : 0);
            rows[r + IRTT] = c.initialRttNanos;
            for (int d = 0; d < 2; d++) {
                final TcpEndpoint e = c.endpoint(d);
                final int w = r + DIR + d * DIR_WORDS;
                rows[w] = ((long) e.baseSeq << 32) | (e.nextSeq & 0xFFFF_FFFFL);
                rows[w + 1] = ((long) e.maxSeqToBeAcked << 32) | (e.lastAck & 0xFFFF_FFFFL);
                rows[w + 2] = ((long) e.window << 32) | ((e.winScale & 0xFFL) << 16) | ((e.rawWindowScale & 0xFFL) << 8)
                    | (e.baseSet ? 1 : 0) | (e.baseFromSyn ? 2 : 0) | (e.isFirstAck ? 4 : 0) | (e.validBif ? 8 : 0);
                rows[w + 3] = e.lastRel;
                rows[w + 4] = e.nextSeqTime;
                rows[w + 5] = e.lastAckTime;
            }
            index.put(rowKey.hash(), t);
        }

        private void addChunk() {
            if (chunkCount == chunks.length) {
                final long[][] bigger = new long[chunks.length * 2][];
                for (int i = 0; i < chunkCount; i++) {
                    bigger[i] = chunks[(firstChunk + i) & (chunks.length - 1)];
                }
                chunks = bigger;
                firstChunk = 0;
            }
            final long[] fresh = spare != null ? spare : new long[CHUNK_ROWS * WORDS];
            spare = null;
            if (chunkCount == 0) {
                head = tail;
            }
            chunks[(firstChunk + chunkCount) & (chunks.length - 1)] = fresh;
            chunkCount++;
        }

        /** Gives a connection just made for a late packet the state kept in tombstone {@code t}. */
        void restore(final int t, final TcpConnection c) {
            final long[] rows = chunk(t);
            final int r = at(t);
            c.streamIndex = rows[r + STREAM];
            final boolean clientIsA = (rows[r + ROLES] & 1) != 0;
            if (clientIsA != c.clientIsA) {
                c.clientIsA = clientIsA;
                final long hi = c.clientHi;
                final long lo = c.clientLo;
                final int port = c.clientPort;
                c.clientHi = c.serverHi;
                c.clientLo = c.serverLo;
                c.clientPort = c.serverPort;
                c.serverHi = hi;
                c.serverLo = lo;
                c.serverPort = port;
            }
            c.clientGuessed = (rows[r + ROLES] & 2) != 0;
            c.initialRttNanos = rows[r + IRTT];
            for (int d = 0; d < 2; d++) {
                final TcpEndpoint e = c.endpoint(d);
                final int w = r + DIR + d * DIR_WORDS;
                e.baseSeq = (int) (rows[w] >>> 32);
                e.nextSeq = (int) rows[w];
                e.maxSeqToBeAcked = (int) (rows[w + 1] >>> 32);
                e.lastAck = (int) rows[w + 1];
                final long bits = rows[w + 2];
                e.window = (int) (bits >>> 32);
                e.winScale = (byte) (bits >>> 16);
                e.rawWindowScale = (byte) (bits >>> 8);
                e.baseSet = (bits & 1) != 0;
                e.baseFromSyn = (bits & 2) != 0;
                e.isFirstAck = (bits & 4) != 0;
                e.validBif = (bits & 8) != 0;
                e.lastRel = rows[w + 3];
                e.nextSeqTime = rows[w + 4];
                e.lastAckTime = rows[w + 5];
            }
        }

        void remove(final int t, final FlowKey key) {
            index.remove(key.hash(), t);
            chunk(t)[at(t) + ROLES] |= DEAD;
        }

        /** Drops the tombstones of connections whose last packet came before {@code before}. */
        void expire(final long before) {
            while (head != tail) {
                final long[] rows = chunks[firstChunk];
                final int r = at(head);
                final boolean dead = (rows[r + ROLES] & DEAD) != 0;
                if (!dead && rows[r + TIME] >= before) {
                    return;
                }
                if (!dead) {
                    rowKey.set(rows, r + KEY);
                    index.remove(rowKey.hash(), head);
                }
                head++;
                if ((head & (CHUNK_ROWS - 1)) == 0 || head == tail) {
                    releaseFirstChunk();
                }
            }
        }

        private void releaseFirstChunk() {
            spare = chunks[firstChunk];
            chunks[firstChunk] = null;
            firstChunk = (firstChunk + 1) & (chunks.length - 1);
            chunkCount--;
            if (chunkCount == 0) {
                // empty: the next row starts a chunk of its own
                tail = (tail + CHUNK_ROWS - 1) & -CHUNK_ROWS;
                head = tail;
            }
        }

        private void clear() {
            expire(Long.MAX_VALUE);
            head = 0;
            tail = 0;
        }
    }

    /**
     * Doubly linked list of connections, most recently active first, linked by slot through the
     * tracker's {@link #links} ({@code prev, next} per slot, -1 for none): moving a connection to
     * the front writes to that small array, not to its neighbours' objects (two cache misses per
     * packet when the links were fields of the connections).
     */
    private final class ConnectionList {
        private int head = -1;
        private int tail = -1;

        /** @return the least recently active connection, or {@code null} */
        TcpConnection tail() {
            return tail < 0 ? null : pool[tail];
        }

        void addFirst(final TcpConnection c) {
            final int s = c.slot;
            final int[] l = links;
            l[2 * s] = -1;
            l[2 * s + 1] = head;
            if (head >= 0) {
                l[2 * head] = s;
            }
            head = s;
            if (tail < 0) {
                tail = s;
            }
        }

        void remove(final TcpConnection c) {
            final int s = c.slot;
            final int[] l = links;
            final int prev = l[2 * s];
            final int next = l[2 * s + 1];
            if (prev >= 0) {
                l[2 * prev + 1] = next;
            } else {
                head = next;
            }
            if (next >= 0) {
                l[2 * next] = prev;
            } else {
                tail = prev;
            }
            l[2 * s] = -1;
            l[2 * s + 1] = -1;
        }

        void moveToFront(final TcpConnection c) {
            if (head != c.slot) {
                remove(c);
                addFirst(c);
            }
        }
    }
}
