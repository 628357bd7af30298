package io.pcapflow.correlate;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Estimates how far the outside capture's clock is ahead of the inside one, from the handshakes at
 * the start of both captures. A SYN forwarded by the box enters on the inside before it leaves on
 * the outside, so {@code t_out - t_in = offset + transit} with {@code transit >= 0}; a SYN/ACK goes
 * the other way, {@code t_in - t_out = -offset + transit}. The smallest of each bounds the offset
 * from both sides (the NTP argument); the middle of the interval is the estimate and half its width
 * the uncertainty. Packets are matched by the client's ISN (SYN) and by the server's ISN and the
 * acknowledgement (SYN/ACK and the client's ACK after it), which a NAT keeps; boxes that rewrite
 * ISNs give no sample.
 */
public final class ClockOffset {
    private final long offsetNanos;
    private final long spreadNanos;
    private final int samples;

    private ClockOffset(final long offsetNanos, final long spreadNanos, final int samples) {
        this.offsetNanos = offsetNanos;
        this.spreadNanos = spreadNanos;
        this.samples = samples;
    }

    /** @return outside clock minus inside clock, 0 when nothing matched */
    public long offsetNanos() {
        return offsetNanos;
    }

    /** @return half the width of the interval the offset lies in; -1 when only one direction matched */
    public long spreadNanos() {
        return spreadNanos;
    }

    /** @return handshake packets matched across the two captures */
    public int samples() {
        return samples;
    }

    /**
     * Reads up to {@code maxPackets} records of each capture (the readers are left part-read; open
     * fresh ones for the real pass).
     *
     * @param inside     inside capture
     * @param outside    outside capture
     * @param maxPackets records to read per capture at most
     * @return the estimate
     * @throws IOException when an input cannot be read
     */
    public static ClockOffset estimate(final CaptureReader inside, final CaptureReader outside, final int maxPackets)
        throws IOException {
        final Map<Long, Long> inSyn = new HashMap<>();
        final Map<Long, Long> inSynAck = new HashMap<>();
        final Map<Long, Long> outSyn = new HashMap<>();
        final Map<Long, Long> outSynAck = new HashMap<>();
        final Map<Long, Long> inAck = new HashMap<>();
        final Map<Long, Long> outAck = new HashMap<>();
        collect(inside, maxPackets, inSyn, inSynAck, inAck);
        collect(outside, maxPackets, outSyn, outSynAck, outAck);
        long minC2s = Long.MAX_VALUE;
        long minS2c = Long.MAX_VALUE;
        int samples = 0;
        for (final Map.Entry<Long, Long> e : inSyn.entrySet()) {
            final Long t = outSyn.get(e.getKey());
            if (t != null) {
                minC2s = Math.min(minC2s, t - e.getValue());
                samples++;
            }
        }
        for (final Map.Entry<Long, Long> e : inAck.entrySet()) {
            final Long t = outAck.get(e.getKey());
            if (t != null) {
                minC2s = Math.min(minC2s, t - e.getValue());
                samples++;
            }
        }
        for (final Map.Entry<Long, Long> e : outSynAck.entrySet()) {
            final Long t = inSynAck.get(e.getKey());
            if (t != null) {
                minS2c = Math.min(minS2c, t - e.getValue());
                samples++;
            }
        }
        if (minC2s == Long.MAX_VALUE && minS2c == Long.MAX_VALUE) {
            return new ClockOffset(0, -1, 0);
        }
        if (minS2c == Long.MAX_VALUE) {
            return new ClockOffset(minC2s, -1, samples);
        }
        if (minC2s == Long.MAX_VALUE) {
            return new ClockOffset(-minS2c, -1, samples);
        }
        return new ClockOffset((minC2s - minS2c) / 2, Math.max(0, (minC2s + minS2c) / 2), samples);
    }

    /**
     * Improves a first estimate with every packet the correlator matches in the captures' first
     * {@code maxPackets} records: a SYN's trip through a NAT is slower than later packets' (the box
     * creates its state), so handshakes alone bias the estimate by that difference.
     *
     * @param inside     inside capture, unread
     * @param outside    outside capture, unread
     * @param coarse     the first estimate, e.g. from {@link #estimate}
     * @param maxPackets records to read of both captures together at most
     * @param options    correlator settings (the clock offset in it is ignored)
     * @return the refined estimate (0 when the interval holds 0: captures taken on one clock), or
     *     {@code coarse} with no samples when packets did not match both ways
     * @throws IOException when an input cannot be read
     */
    public static ClockOffset refine(final CaptureReader inside, final CaptureReader outside, final long coarse,
                              final int maxPackets, final CorrelatorOptions options) throws IOException {
        final CorrelatorOptions o = new CorrelatorOptions().clockOffsetNanos(coarse)
            .matchWindowNanos(options.matchWindowNanos()).mappingWindowNanos(options.mappingWindowNanos())
            .trackerOptions(options.trackerOptions());
        final Correlator correlator = new Correlator(o, new CorrelationListener() {
        });
        final PacketDecoder[] decoders = {new PacketDecoder(), new PacketDecoder()};
        final PacketView view = new PacketView();
        final TwoCaptureMerge merge = new TwoCaptureMerge(inside, outside, coarse);
        int left = maxPackets;
        while (left > 0) {
            final int n = merge.poll((leg, r) -> {
                if (decoders[leg].decode(r, view)) {
                    correlator.onPacket(leg, view);
                }
            }, Math.min(left, 4096));
            if (n == 0) {
                break;
            }
            left -= n;
        }
        correlator.finish();
        final long refined = correlator.clockOffsetEstimate();
        if (refined == Long.MIN_VALUE) {
            return new ClockOffset(coarse, -1, 0);
        }
        final long spread = correlator.clockOffsetSpread();
        final int samples = (int) Math.min(Integer.MAX_VALUE, correlator.transitSamples());
        // one machine's captures share a clock: an interval holding 0 says nothing against that, and
        // its middle would make the faster direction's transits come out negative
        return Math.abs(refined) <= spread ? new ClockOffset(0, spread, samples)
            : new ClockOffset(refined, spread, samples);
    }

    private static void collect(final CaptureReader reader, final int maxPackets, final Map<Long, Long> syn,
                                final Map<Long, Long> synAck, final Map<Long, Long> ack) throws IOException {
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        int left = maxPackets;
        while (left > 0) {
            final int n = reader.poll((final CaptureRecord r) -> {
                if (!decoder.decode(r, view) || !view.hasTcp()) {
                    return;
                }
                if (!view.isSyn()) {
                    // the client's ACK ending the handshake: through a NAT it takes the fast path the
                    // SYN did not, so it bounds the offset more tightly
                    if (view.isAck() && !view.isFin() && !view.isRst() && view.payloadLength() == 0
                        && syn.containsKey((view.seqUnsigned() - 1) & 0xFFFF_FFFFL)) {
                        ack.putIfAbsent(view.seqUnsigned() << 32 | view.ackUnsigned(), view.timestampNanos());
                    }
                    return;
                }
                final long key = view.isAck() ? view.seqUnsigned() << 32 | view.ackUnsigned() : view.seqUnsigned();
                // the first copy: a retransmitted SYN would pair with the wrong forwarded copy
                (view.isAck() ? synAck : syn).putIfAbsent(key, view.timestampNanos());
            }, Math.min(left, 4096));
            if (n == 0) {
                break;
            }
            left -= n;
        }
    }
}
