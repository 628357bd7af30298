package io.pcapflow.correlate;

import io.pcapflow.tcp.TrackerOptions;

/** Settings of a {@link Correlator}. */
public final class CorrelatorOptions {
    /** Default wait for a packet's counterpart on the other leg. */
    public static final long DEFAULT_MATCH_WINDOW_NANOS = 2_000_000_000L;
    /** Default distance in time within which two connections may be mapped. */
    public static final long DEFAULT_MAPPING_WINDOW_NANOS = 10_000_000_000L;

    private long clockOffsetNanos;
    private long matchWindowNanos = DEFAULT_MATCH_WINDOW_NANOS;
    private long mappingWindowNanos = DEFAULT_MAPPING_WINDOW_NANOS;
    private TrackerOptions trackerOptions = TrackerOptions.defaults();

    /**
     * @param nanos outside clock minus inside clock; outside times are corrected by it
     * @return this
     */
    public CorrelatorOptions clockOffsetNanos(final long nanos) {
        this.clockOffsetNanos = nanos;
        return this;
    }

    /** @return outside clock minus inside clock */
    public long clockOffsetNanos() {
        return clockOffsetNanos;
    }

    /**
     * @param nanos how long a packet waits for its counterpart before it counts as dropped/injected
     * @return this
     */
    public CorrelatorOptions matchWindowNanos(final long nanos) {
        this.matchWindowNanos = nanos;
        return this;
    }

    /** @return the match window */
    public long matchWindowNanos() {
        return matchWindowNanos;
    }

    /**
     * @param nanos largest time between two connections' SYNs (or first payloads) for a mapping
     * @return this
     */
    public CorrelatorOptions mappingWindowNanos(final long nanos) {
        this.mappingWindowNanos = nanos;
        return this;
    }

    /** @return the mapping window */
    public long mappingWindowNanos() {
        return mappingWindowNanos;
    }

    /**
     * @param options settings of both legs' trackers
     * @return this
     */
    public CorrelatorOptions trackerOptions(final TrackerOptions options) {
        this.trackerOptions = options;
        return this;
    }

    /** @return settings of the legs' trackers */
    public TrackerOptions trackerOptions() {
        return trackerOptions;
    }
}
