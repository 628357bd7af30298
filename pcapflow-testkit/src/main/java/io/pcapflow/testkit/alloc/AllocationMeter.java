package io.pcapflow.testkit.alloc;

import java.lang.management.ManagementFactory;

/** Per-thread allocated-bytes meter for allocation-budget tests (HotSpot ThreadMXBean extension). */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean BEAN = bean();

    private final long start;

    private AllocationMeter() {
        this.start = allocatedBytes();
    }

    private static com.sun.management.ThreadMXBean bean() {
        com.sun.management.ThreadMXBean b = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (b.isThreadAllocatedMemorySupported() && !b.isThreadAllocatedMemoryEnabled()) {
            b.setThreadAllocatedMemoryEnabled(true);
        }
        return b;
    }

    /**
     * Tells whether the JVM supports per-thread allocation counting.
     *
     * @return true when supported and enabled
     */
    public static boolean supported() {
        return BEAN.isThreadAllocatedMemorySupported() && BEAN.isThreadAllocatedMemoryEnabled();
    }

    /**
     * Returns the bytes allocated so far by the current thread.
     *
     * @return cumulative allocated bytes
     */
    public static long allocatedBytes() {
        return BEAN.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Starts a meter on the current thread.
     *
     * @return a meter; read it with {@link #bytesSinceStart()} on the same thread
     */
    public static AllocationMeter start() {
        return new AllocationMeter();
    }

    /**
     * Returns the bytes allocated by the current thread since {@link #start()}.
     *
     * @return allocated bytes
     */
    public long bytesSinceStart() {
        return allocatedBytes() - start;
    }

    /**
     * Runs the action on the current thread and returns what it allocated. Warm the code up first:
     * the first calls also allocate for class loading and JIT bookkeeping.
     *
     * @param action code to measure
     * @return allocated bytes (the measurement itself costs 0 bytes after warm-up)
     */
    public static long measure(Runnable action) {
        long before = allocatedBytes();
        action.run();
        return allocatedBytes() - before;
    }
}
