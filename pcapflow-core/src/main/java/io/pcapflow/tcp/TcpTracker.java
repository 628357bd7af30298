package io.pcapflow.tcp;

import io.pcapflow.decode.PacketView;
import io.pcapflow.track.FlowKey;
import io.pcapflow.track.FlowTable;

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
    private final FlowTable table;
    private final TcpSegment segment = new TcpSegment();
    private final WiresharkAnalysis analysis = new WiresharkAnalysis();
    private final SegmentBookkeeping bookkeeping = new SegmentBookkeeping();
    private TcpConnection[] pool = new TcpConnection[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int allocated;
    private final ConnectionList active = new ConnectionList();
    private final ConnectionList closing = new ConnectionList();
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
        this.table = new FlowTable(Math.min(options.maxOpenConnections(), 1 << 16));
    }

    /** @return connections evicted to respect the open-connection limit */
    public long evictions() {
        return evictions;
    }

    /** @return connections currently held (open, or closed and lingering) */
    public int openConnections() {
        return open;
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
        final int slot = table.get(key);
        TcpConnection c = slot >= 0 ? pool[slot] : null;
        final int flags = view.tcpFlags();
        int initial = 0;
        if (c != null && (flags & (WiresharkAnalysis.SYN | WiresharkAnalysis.ACK)) == WiresharkAnalysis.SYN) {
            final TcpEndpoint fwd = c.endpoints[direction(c)];
            if (fwd.baseSet && view.seq() != fwd.baseSeq) {
                close(c, c.finishedBy != null ? c.finishedBy : EndReason.REUSED);
                c = null;
                initial = TcpAnalysis.REUSED_PORTS;
            }
        }
        if (c == null) {
            c = create(view, now);
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
        } else {
            (wasClosing ? closing : active).moveToFront(c);
        }
        listener.onSegment(c, view, segment);
        if (c.closing && options.closedLingerNanos() <= 0) {
            close(c, c.finishedBy);
        }
    }

    /** Ends the input: every connection still held is reported, open ones as {@link EndReason#END_OF_CAPTURE}. */
    public void finish() {
        while (closing.tail != null) {
            close(closing.tail, closing.tail.finishedBy);
        }
        while (active.tail != null) {
            close(active.tail, EndReason.END_OF_CAPTURE);
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
        while (closing.tail != null && now - closing.tail.lastNanos > linger) {
            close(closing.tail, closing.tail.finishedBy);
        }
        final long idle = options.idleTimeoutNanos();
        if (idle > 0) {
            while (active.tail != null && now - active.tail.lastNanos > idle) {
                close(active.tail, EndReason.IDLE);
            }
        }
    }

    private TcpConnection create(final PacketView view, final long now) {
        if (open >= options.maxOpenConnections()) {
            if (closing.tail != null) {
                close(closing.tail, closing.tail.finishedBy);
            } else {
                evictions++;
                close(active.tail, EndReason.EVICTED);
            }
        }
        final TcpConnection c = take();
        c.reset();
        c.streamIndex = connections++;
        c.firstFrame = view.ordinal();
        c.startNanos = now;
        Roles.assign(c, key, view);
        table.put(key, c.slot);
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
        }
        final TcpConnection c = new TcpConnection(allocated);
        pool[allocated++] = c;
        return c;
    }

    private void close(final TcpConnection c, final EndReason reason) {
        (c.closing ? closing : active).remove(c);
        Roles.keyOf(c, closeKey);
        table.remove(closeKey);
        open--;
        c.endReason = reason;
        listener.onClose(c);
        freeSlots[freeCount++] = c.slot;
    }

    /** Intrusive doubly linked list, most recently active first. */
    private static final class ConnectionList {
        TcpConnection head;
        TcpConnection tail;

        void addFirst(final TcpConnection c) {
            c.prev = null;
            c.next = head;
            if (head != null) {
                head.prev = c;
            }
            head = c;
            if (tail == null) {
                tail = c;
            }
        }

        void remove(final TcpConnection c) {
            if (c.prev != null) {
                c.prev.next = c.next;
            } else {
                head = c.next;
            }
            if (c.next != null) {
                c.next.prev = c.prev;
            } else {
                tail = c.prev;
            }
            c.prev = null;
            c.next = null;
        }

        void moveToFront(final TcpConnection c) {
            if (head != c) {
                remove(c);
                addFirst(c);
            }
        }
    }
}
