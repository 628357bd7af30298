package io.pcapflow.track;

import io.pcapflow.decode.PacketView;

/**
 * Canonical, direction-free key of a transport conversation, packed into five longs: the two
 * endpoints ordered so that both directions of a conversation give the same key, plus a word with
 * the ports, the IP version and (optionally) the VLAN id. A mutable flyweight: {@link #set} refills
 * it for each packet.
 *
 * <p>Layout: endpoint A is the smaller of (address, port) of source and destination. IPv4
 * addresses sit in the low word ({@code hi = 0}); IPv6 addresses use both words.
 * {@code ports = portA << 48 | portB << 32 | ipVersion << 24 | vlanKey}, where {@code vlanKey} is
 * 0 unless VLAN-aware keys were asked for, then {@code 1 + outer VLAN id} (0 for untagged).
 */
public final class FlowKey {
    private long aHi;
    private long aLo;
    private long bHi;
    private long bLo;
    private long ports;
    private boolean sourceIsA;

    /**
     * Fills this key from a decoded TCP or UDP packet.
     *
     * @param view      the decoded packet; must carry IPv4 or IPv6 and ports
     * @param vlanAware whether the outer VLAN id is part of the key
     * @return this
     */
    public FlowKey set(final PacketView view, final boolean vlanAware) {
        final long srcHi;
        final long srcLo;
        final long dstHi;
        final long dstLo;
        if (view.ipVersion() == 6) {
            srcHi = view.ipv6SourceHigh();
            srcLo = view.ipv6SourceLow();
            dstHi = view.ipv6DestinationHigh();
            dstLo = view.ipv6DestinationLow();
        } else {
            srcHi = 0;
            srcLo = view.ipv4Source() & 0xFFFF_FFFFL;
            dstHi = 0;
            dstLo = view.ipv4Destination() & 0xFFFF_FFFFL;
        }
        final int vlan = vlanAware ? (view.vlanCount() > 0 ? 1 + view.vlanId(0) : 0) : 0;
        return set(view.ipVersion(), srcHi, srcLo, view.sourcePort(), dstHi, dstLo, view.destinationPort(), vlan);
    }

    /**
     * Fills this key from explicit fields (tests, non-packet sources).
     *
     * @param ipVersion 4 or 6
     * @param srcHi     source address, high 64 bits (0 for IPv4)
     * @param srcLo     source address, low 64 bits (the IPv4 address, unsigned)
     * @param srcPort   source port
     * @param dstHi     destination address, high 64 bits
     * @param dstLo     destination address, low 64 bits
     * @param dstPort   destination port
     * @param vlanKey   0, or 1 + VLAN id when VLAN-aware
     * @return this
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    public FlowKey set(final int ipVersion, final long srcHi, final long srcLo, final int srcPort,
                       final long dstHi, final long dstLo, final int dstPort, final int vlanKey) {
        final int c = compare(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
        sourceIsA = c <= 0;
        final long tail = ((long) (ipVersion & 0xFF) << 24) | (vlanKey & 0xFF_FFFFL);
        if (sourceIsA) {
            aHi = srcHi;
            aLo = srcLo;
            bHi = dstHi;
            bLo = dstLo;
            ports = ((long) srcPort << 48) | ((long) dstPort << 32) | tail;
        } else {
            aHi = dstHi;
            aLo = dstLo;
            bHi = srcHi;
            bLo = srcLo;
            ports = ((long) dstPort << 48) | ((long) srcPort << 32) | tail;
        }
        return this;
    }

    /**
     * Fills this key from its five words as stored by a table ({@link #aHi()}, {@link #aLo()},
     * {@link #bHi()}, {@link #bLo()}, {@link #ports()}), already canonical.
     *
     * @param words  array holding the words
     * @param offset index of the first word
     * @return this
     */
    public FlowKey set(final long[] words, final int offset) {
        aHi = words[offset];
        aLo = words[offset + 1];
        bHi = words[offset + 2];
        bLo = words[offset + 3];
        ports = words[offset + 4];
        sourceIsA = true;
        return this;
    }

    private static int compare(final long hi1, final long lo1, final int port1,
                               final long hi2, final long lo2, final int port2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c == 0) {
            c = Long.compareUnsigned(lo1, lo2);
        }
        if (c == 0) {
            c = Integer.compare(port1, port2);
        }
        return c;
    }

    /** @return whether the packet's source is endpoint A (the canonical first endpoint) */
    public boolean sourceIsA() {
        return sourceIsA;
    }

    /** @return endpoint A address, high 64 bits */
    public long aHi() {
        return aHi;
    }

    /** @return endpoint A address, low 64 bits */
    public long aLo() {
        return aLo;
    }

    /** @return endpoint B address, high 64 bits */
    public long bHi() {
        return bHi;
    }

    /** @return endpoint B address, low 64 bits */
    public long bLo() {
        return bLo;
    }

    /** @return the packed ports / version / VLAN word */
    public long ports() {
        return ports;
    }

    /** @return endpoint A port */
    public int portA() {
        return (int) (ports >>> 48) & 0xFFFF;
    }

    /** @return endpoint B port */
    public int portB() {
        return (int) (ports >>> 32) & 0xFFFF;
    }

    /** @return IP version, 4 or 6 */
    public int ipVersion() {
        return (int) (ports >>> 24) & 0xFF;
    }

    /** @return a well-mixed 32-bit hash of the key */
    public int hash() {
        return mix(aHi, aLo, bHi, bLo, ports);
    }

    static int mix(final long aHi, final long aLo, final long bHi, final long bLo, final long ports) {
        long h = aHi * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ aLo) * 0xBF58_476D_1CE4_E5B9L;
        h = (h ^ bHi) * 0x94D0_49BB_1331_11EBL;
        h = (h ^ bLo) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ ports) * 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }
}
