package io.pcapflow.decode;

import java.util.concurrent.locks.LockSupport;

/**
 * Hands decoded TCP packets from the thread that reads and decodes them to one worker thread that
 * tracks them, in order, through a preallocated ring of records (one producer, one consumer, as
 * in the LMAX Disruptor); nothing is allocated per packet. With two cores the reading and decoding
 * overlap the tracking.
 *
 * <p>A record holds the fields a TCP tracker reads ({@link PacketView#writeTcpFields}), about two
 * cache lines, rather than the whole view (handing over the views themselves made the worker wait
 * on more lines coming from the other core). The worker's view has those fields only, and not the
 * packet's bytes. Each packet also carries an {@code int} note from the producer (for state only
 * the producer's side knows, such as the interfaces described so far).
 *
 * <p>Producer side: {@link #claim()}, decode into the view, then {@link #publish(int)} to hand it
 * over or simply {@link #claim()} again to reuse it; {@link #finish()} waits until the worker has
 * handled everything published. A failure of the worker is rethrown to the producer at its next
 * wait and by {@link #finish()}.
 */
public final class PacketPipeline implements AutoCloseable {
    /** What the worker does with each packet. */
    @FunctionalInterface
    public interface Worker {
        /**
         * @param view the decoded packet, valid during this call only; its bytes are not
         * @param note the producer's note for this packet
         */
        void accept(PacketView view, int note);
    }

    /** Views published together: one volatile write per batch instead of one per packet. */
    private static final int BATCH = 64;
    private static final int SPINS = 200;
    private static final long PARK_NANOS = 20_000L;
    private static final int MAX_PARK_DOUBLINGS = 4;

    private static final int WORDS = PacketView.TCP_FIELD_WORDS;

    private final long[] records;
    private final int capacity;
    /** Producer only: the view packets are decoded into. */
    private final PacketView producerView = new PacketView();
    /** Worker only: the view records are read into. */
    private final PacketView workerView = new PacketView();
    private final int[] notes;
    private final int mask;
    private final Worker worker;
    private final Thread thread;

    /** Producer only: work to do instead of idling while the ring is full. */
    private Runnable whileWaiting = () -> { };
    /** Producer only. */
    private long produced;
    /** Producer only: last value read from {@link #consumed}. */
    private long consumedSeen;

    private volatile long published;
    private volatile long consumed;
    private volatile boolean closed;
    private volatile Throwable failure;

    /**
     * Starts the worker thread.
     *
     * @param capacity views in the ring, a power of two of at least {@code 2 * 64}
     * @param name     name of the worker thread
     * @param worker   what it does with each packet
     */
    public PacketPipeline(final int capacity, final String name, final Worker worker) {
        if (Integer.bitCount(capacity) != 1 || capacity < 2 * BATCH) {
            throw new IllegalArgumentException("capacity must be a power of two >= " + 2 * BATCH + ": " + capacity);
        }
        this.records = new long[capacity * WORDS];
        this.capacity = capacity;
        this.notes = new int[capacity];
        this.mask = capacity - 1;
        this.worker = worker;
        this.thread = new Thread(this::work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Gives the producer something useful to do while it waits for the worker (called repeatedly
     * then, on the producer's thread).
     *
     * @param task the work, e.g. handling results the worker handed back
     */
    public void whileWaiting(final Runnable task) {
        this.whileWaiting = task;
    }

    /**
     * @return the view to decode the next packet into (always the same one)
     */
    public PacketView claim() {
        return producerView;
    }

    /**
     * Hands the packet decoded into the view returned by {@link #claim()} to the worker.
     *
     * @param note passed with it
     */
    public void publish(final int note) {
        if (produced - consumedSeen >= capacity) {
            awaitSpace();
        }
        final int i = (int) produced & mask;
        producerView.writeTcpFields(records, i * WORDS);
        notes[i] = note;
        produced++;
        if ((produced & (BATCH - 1)) == 0) {
            published = produced;
        }
    }

    /** Makes every published view visible to the worker now (otherwise they go in batches). */
    public void flush() {
        if (published != produced) {
            published = produced;
        }
    }

    /**
     * Waits until the worker has handled every published view, then stops it.
     *
     * @throws RuntimeException the worker's failure, if it failed
     */
    public void finish() {
        flush();
        closed = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrow();
    }

    /**
     * Like {@link #finish()} but keeps quiet about a failure of the worker: for cleanup after the
     * producer itself failed, whose exception matters more.
     */
    @Override
    public void close() {
        try {
            finish();
        } catch (RuntimeException | Error e) {
            // the producer is already unwinding with its own exception
        }
    }

    private void rethrow() {
        final Throwable t = failure;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException("packet worker failed", t);
        }
    }

    /**
     * Waits until a quarter of the ring is free again (not just one slot: the worker frees slots
     * 64 at a time, and waking up for each batch cost the producer a core of yields), doing the
     * producer's other work meanwhile and sleeping in short steps.
     */
    private void awaitSpace() {
        flush();
        int idle = 0;
        while (produced - (consumedSeen = consumed) > capacity - capacity / 4) {
            if (failure != null || !thread.isAlive()) {
                rethrow();
                throw new IllegalStateException("packet worker stopped");
            }
            whileWaiting.run();
            idle = pause(idle);
        }
    }

    private void work() {
        long next = 0;
        int idle = 0;
        try {
            while (true) {
                final long available = published;
                if (next == available) {
                    if (closed && next == published) {
                        return;
                    }
                    idle = pause(idle);
                    continue;
                }
                idle = 0;
                while (next < available) {
                    final int i = (int) next & mask;
                    workerView.readTcpFields(records, i * WORDS);
                    worker.accept(workerView, notes[i]);
                    next++;
                    if ((next & (BATCH - 1)) == 0) {
                        consumed = next;
                    }
                }
                consumed = next;
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * Spins briefly, then sleeps, twice as long each time up to 320 us: yielding instead, or
     * waking every 20 us, burnt the idle thread's core on a loaded machine, where the other side
     * is often descheduled for milliseconds. The ring holds about a millisecond of tracking, so
     * the longest sleep costs little when the other side was only a little late.
     */
    private static int pause(final int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(PARK_NANOS << Math.min(idle - SPINS, MAX_PARK_DOUBLINGS));
        }
        return idle + 1;
    }
}
