package io.pcapflow.trace;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.decode.PacketView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IPv4 fragments of TCP datagrams waiting for the fragment that completes their datagram. The
 * decoder presents a fragmented segment once, on the record that completes it; the earlier
 * fragments carry no TCP header, so without this hold they would reach no connection's file.
 * Each held fragment is a copy of its record (packet bytes and pcapng options), keyed by source,
 * destination and IP identification (the protocol is always TCP). When the datagram completes as
 * a TCP segment, {@link FlowSplitter} writes the held fragments to that segment's flow, before the
 * completing record, so the file keeps frame order.
 *
 * <p>Bounded: at most {@link #MAX_DATAGRAMS} datagrams and {@link #MAX_BYTES} bytes are held; beyond
 * either, the oldest datagram's fragments are given up and become unassigned, as are those still
 * held when the input ends and those of a datagram that completes as no TCP segment. Unassigned
 * fragments are counted and listed (frame numbers, the first {@link #MAX_LISTED}) per input in
 * {@code index.json}'s summary.
 */
final class FragmentHold {
    /** Datagrams held at once (the decoder's reassembly table holds 64). */
    static final int MAX_DATAGRAMS = 256;
    /** Bytes held at once, all datagrams together. */
    static final long MAX_BYTES = 8L << 20;

    /** A datagram's identity. */
    private record Key(long addresses, int id) {
    }

    private final LinkedHashMap<Key, List<CaptureRecord>> held = new LinkedHashMap<>();
    /** Unassigned frame numbers listed, at most (all are counted). */
    static final int MAX_LISTED = 10_000;

    private long[] unassignedFrames = new long[16];
    private int listed;
    private long unassigned;
    private long bytes;
    private long heldCount;

    FragmentHold() {
    }

    private static Key key(final PacketView view) {
        return new Key(((long) view.ipv4Source() << 32) | (view.ipv4Destination() & 0xFFFF_FFFFL), view.ipId());
    }

    /**
     * @param view a decoded record that is no TCP segment
     * @return whether it is an IPv4 fragment of a TCP datagram (to be held)
     */
    static boolean isTcpFragment(final PacketView view) {
        return view.ipVersion() == 4 && view.isFragment() && view.protocol() == 6;
    }

    /**
     * Holds a copy of a fragment record.
     *
     * @param record the record
     * @param view   its decoded fields
     */
    void hold(final CaptureRecord record, final PacketView view) {
        final int captured = record.capturedLength();
        final int options = record.optionsLength();
        final byte[] copy = new byte[captured + options];
        record.bytes().copyTo(record.offset(), copy, 0, captured);
        if (options > 0) {
            record.bytes().copyTo(record.optionsOffset(), copy, captured, options);
        }
        final CaptureRecord r = new CaptureRecord().set(record.ordinal(), record.timestampNanos(), record.iface(),
            captured, record.originalLength(), new Bytes(copy), 0, record.fileOffset())
            .flags(record.flags()).options(captured, options);
        held.computeIfAbsent(key(view), k -> new ArrayList<>(2)).add(r);
        bytes += copy.length;
        heldCount++;
        while (held.size() > MAX_DATAGRAMS || bytes > MAX_BYTES) {
            final Iterator<Map.Entry<Key, List<CaptureRecord>>> oldest = held.entrySet().iterator();
            final List<CaptureRecord> given = oldest.next().getValue();
            oldest.remove();
            release(given);
            unassign(given);
        }
    }

    /**
     * Takes the fragments held for the datagram a record completed.
     *
     * @param view the completing record, decoded (reassembled)
     * @return the held fragments in frame order, or null when none
     */
    List<CaptureRecord> take(final PacketView view) {
        if (held.isEmpty() || !view.isReassembled() || view.ipVersion() != 4) {
            return null;
        }
        final List<CaptureRecord> list = held.remove(key(view));
        if (list != null) {
            release(list);
        }
        return list;
    }

    private void release(final List<CaptureRecord> list) {
        for (final CaptureRecord r : list) {
            bytes -= r.capturedLength() + r.optionsLength();
        }
        heldCount -= list.size();
    }

    /**
     * Gives up fragments no longer held (taken, or released): counted and listed as unassigned.
     *
     * @param list the fragments, or null
     */
    void unassign(final List<CaptureRecord> list) {
        if (list == null) {
            return;
        }
        for (final CaptureRecord r : list) {
            unassigned++;
            if (listed < MAX_LISTED) {
                if (listed == unassignedFrames.length) {
                    unassignedFrames = Arrays.copyOf(unassignedFrames, listed * 2);
                }
                unassignedFrames[listed++] = r.ordinal();
            }
        }
    }

    /** @return fragments given up so far */
    long unassigned() {
        return unassigned;
    }

    /** @return the first {@link #MAX_LISTED} unassigned frame numbers, sorted */
    long[] unassignedFrames() {
        final long[] f = Arrays.copyOf(unassignedFrames, listed);
        Arrays.sort(f);
        return f;
    }

    /** @return fragments held now */
    long held() {
        return heldCount;
    }

    /** Ends the input: every fragment still held becomes unassigned. */
    void finish() {
        final List<List<CaptureRecord>> rest = new ArrayList<>(held.values());
        held.clear();
        for (final List<CaptureRecord> list : rest) {
            release(list);
            unassign(list);
        }
    }
}
