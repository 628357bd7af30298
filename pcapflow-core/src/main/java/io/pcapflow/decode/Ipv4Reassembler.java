package io.pcapflow.decode;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.decode.header.Ipv4Header;
import java.util.Arrays;

/**
 * Bounded IPv4 fragment reassembly (RFC 791 §3.2, RFC 815) with preallocated state.
 *
 * <p>{@link #SLOTS} datagrams may be in progress at once, keyed by source, destination,
 * identification and protocol. Each slot's 64 KiB data buffer is allocated the first time the slot
 * is used and reused afterwards; which 8-byte blocks have arrived is a bitmap in one shared
 * {@code long[]} (the fragment offset unit is 8 bytes, so a bitmap is an exact hole list). When
 * the table is full the oldest datagram is dropped ({@link #EVICTED}); a datagram idle for
 * {@link #TIMEOUT_NANOS} of packet time is dropped when its slot is needed ({@link #TIMED_OUT},
 * Linux's {@code ipfrag_time} default). Overlapping fragments are accepted, later data winning,
 * and flagged ({@link #OVERLAP}).
 *
 * <p>When the last missing fragment arrives the datagram is written to {@link #output()} from
 * index 0: the first fragment's header, with total length patched and MF/offset cleared (DF kept;
 * the checksum is not recomputed), followed by the payload.
 */
final class Ipv4Reassembler {
    /** Datagrams reassembled at once. */
    static final int SLOTS = 64;
    /** Largest IPv4 datagram. */
    static final int MAX_DATAGRAM = 65535;
    /** Idle time after which an incomplete datagram is dropped, packet time. */
    static final long TIMEOUT_NANOS = 30_000_000_000L;

    /** Result bit: the datagram is complete in {@link #output()}. */
    static final int COMPLETE = 1;
    /** Result bit: the oldest incomplete datagram was dropped to make room. */
    static final int EVICTED = 2;
    /** Result bit: the fragment overlaps data already received. */
    static final int OVERLAP = 4;
    /** Result bit: the fragment ends beyond 65535 bytes and was dropped. */
    static final int TOO_LARGE = 8;
    /** Result bit: an idle incomplete datagram was dropped to make room. */
    static final int TIMED_OUT = 16;

    private static final int MAX_PAYLOAD = MAX_DATAGRAM - Ipv4Header.MIN_HEADER_LENGTH;
    private static final int BITMAP_WORDS = (MAX_PAYLOAD / 8 + 64) / 64;

    private final long[] addresses = new long[SLOTS];
    private final int[] idProtocol = new int[SLOTS];
    private final boolean[] inUse = new boolean[SLOTS];
    private final long[] lastSeenNanos = new long[SLOTS];
    private final long[] startOrder = new long[SLOTS];
    private final int[] payloadTotal = new int[SLOTS];
    private final int[] headerLength = new int[SLOTS];
    private final byte[] headers = new byte[SLOTS * Ipv4Header.MAX_HEADER_LENGTH];
    private final long[] bitmap = new long[SLOTS * BITMAP_WORDS];
    private final byte[][] data = new byte[SLOTS][];
    private final Bytes output = new Bytes();
    private byte[] outputArray;
    private int outputLength;
    private long nextOrder;
    private int lastAllocation;

    Ipv4Reassembler() {
    }

    /** @return the reassembled datagram after a {@link #COMPLETE} result */
    Bytes output() {
        return output;
    }

    /** @return length of the datagram in {@link #output()} */
    int outputLength() {
        return outputLength;
    }

    /**
     * Adds one fragment whose bytes are all captured.
     *
     * @param bytes       buffer holding the fragment
     * @param ipOffset    index of its IPv4 header
     * @param ipHeaderLen its header length
     * @param ipEnd       index one past its last byte
     * @param view        decoded IPv4 fields of the fragment (addresses, id, protocol, offset, MF)
     * @return bit set of {@link #COMPLETE}, {@link #EVICTED}, {@link #OVERLAP}, {@link #TOO_LARGE},
     *         {@link #TIMED_OUT}
     */
    int add(final Bytes bytes, final int ipOffset, final int ipHeaderLen, final int ipEnd, final PacketView view) {
        final int payloadLength = ipEnd - ipOffset - ipHeaderLen;
        final int start = view.fragmentOffset;
        if (start + payloadLength > MAX_PAYLOAD) {
            return TOO_LARGE;
        }
        final long nowNanos = view.timestampNanos;
        final long key = ((long) view.ipv4Source << 32) | (view.ipv4Destination & 0xFFFF_FFFFL);
        final int key2 = (view.ipId << 8) | view.protocol;
        int result = 0;
        int slot = find(key, key2);
        if (slot >= 0 && nowNanos - lastSeenNanos[slot] > TIMEOUT_NANOS) {
            clear(slot);
            result |= TIMED_OUT;
            slot = -1;
        }
        if (slot < 0) {
            slot = allocate(nowNanos);
            result |= lastAllocation;
            inUse[slot] = true;
            addresses[slot] = key;
            idProtocol[slot] = key2;
            startOrder[slot] = nextOrder++;
        }
        lastSeenNanos[slot] = nowNanos;
        if (data[slot] == null) {
            data[slot] = new byte[MAX_PAYLOAD];
        }
        if (payloadLength > 0) {
            bytes.copyTo(ipOffset + ipHeaderLen, data[slot], start, payloadLength);
            if (markBlocks(slot, start, start + payloadLength)) {
                result |= OVERLAP;
            }
        }
        if (start == 0) {
            bytes.copyTo(ipOffset, headers, slot * Ipv4Header.MAX_HEADER_LENGTH, ipHeaderLen);
            headerLength[slot] = ipHeaderLen;
        }
        if (!view.moreFragments) {
            final int total = start + payloadLength;
            if (payloadTotal[slot] >= 0 && payloadTotal[slot] != total) {
                result |= OVERLAP;
            }
            payloadTotal[slot] = total;
        }
        if (isComplete(slot)) {
            emit(slot);
            clear(slot);
            result |= COMPLETE;
        }
        return result;
    }

    private int find(final long key, final int key2) {
        for (int i = 0; i < SLOTS; i++) {
            if (inUse[i] && addresses[i] == key && idProtocol[i] == key2) {
                return i;
            }
        }
        return -1;
    }

    private int allocate(final long nowNanos) {
        lastAllocation = 0;
        int oldest = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (!inUse[i]) {
                clear(i);
                return i;
            }
            if (startOrder[i] < startOrder[oldest]) {
                oldest = i;
            }
        }
        lastAllocation = nowNanos - lastSeenNanos[oldest] > TIMEOUT_NANOS ? TIMED_OUT : EVICTED;
        clear(oldest);
        return oldest;
    }

    private void clear(final int slot) {
        inUse[slot] = false;
        payloadTotal[slot] = -1;
        headerLength[slot] = 0;
        Arrays.fill(bitmap, slot * BITMAP_WORDS, (slot + 1) * BITMAP_WORDS, 0L);
    }

    /** Marks blocks [start/8, ceil(end/8)) received; returns whether any already was. */
    private boolean markBlocks(final int slot, final int start, final int end) {
        final int base = slot * BITMAP_WORDS;
        boolean overlap = false;
        final int last = (end + 7) >>> 3;
        for (int block = start >>> 3; block < last; block++) {
            final int word = base + (block >>> 6);
            final long bit = 1L << (block & 63);
            overlap |= (bitmap[word] & bit) != 0;
            bitmap[word] |= bit;
        }
        return overlap;
    }

    private boolean isComplete(final int slot) {
        final int total = payloadTotal[slot];
        if (total < 0 || headerLength[slot] == 0) {
            return false;
        }
        final int blocks = (total + 7) >>> 3;
        final int base = slot * BITMAP_WORDS;
        final int fullWords = blocks >>> 6;
        for (int w = 0; w < fullWords; w++) {
            if (bitmap[base + w] != -1L) {
                return false;
            }
        }
        final int rest = blocks & 63;
        if (rest != 0) {
            final long mask = (1L << rest) - 1;
            return (bitmap[base + fullWords] & mask) == mask;
        }
        return true;
    }

    private void emit(final int slot) {
        if (outputArray == null) {
            outputArray = new byte[MAX_DATAGRAM];
            output.wrap(outputArray);
        }
        final int hl = headerLength[slot];
        final int total = Math.min(payloadTotal[slot], MAX_DATAGRAM - hl);
        System.arraycopy(headers, slot * Ipv4Header.MAX_HEADER_LENGTH, outputArray, 0, hl);
        System.arraycopy(data[slot], 0, outputArray, hl, total);
        outputLength = hl + total;
        outputArray[Ipv4Header.TOTAL_LENGTH_OFFSET] = (byte) (outputLength >>> 8);
        outputArray[Ipv4Header.TOTAL_LENGTH_OFFSET + 1] = (byte) outputLength;
        // Keep DF, clear MF and the offset: the datagram is whole now.
        outputArray[Ipv4Header.FRAGMENT_OFFSET] &= (byte) (Ipv4Header.FLAG_DF >>> 8);
        outputArray[Ipv4Header.FRAGMENT_OFFSET + 1] = 0;
    }
}
