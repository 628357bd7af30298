package io.pcapflow.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH secondary results: packets and bytes handled, reported as rates ({@code packets} in
 * packets/s, {@code bytes} in bytes/s) next to the per-file throughput.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PacketCounters {
    /** Packets handled in this iteration. */
    public long packets;
    /** Capture bytes (file size) handled in this iteration. */
    public long bytes;

    /** Creates zeroed counters, for JMH. */
    public PacketCounters() {
    }

    /** Zeroes the counters before each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
        packets = 0;
        bytes = 0;
    }
}
