package io.pcapflow.testkit.scenario;

import io.pcapflow.testkit.packet.EtherTypes;
import io.pcapflow.testkit.packet.FrameBuilder;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.IpBuilder;
import io.pcapflow.testkit.packet.TcpBuilder;
import io.pcapflow.testkit.packet.TcpFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One side of a {@link TcpScenario}: sends segments and keeps the sequence state a real stack would.
 *
 * <p>Sequence numbers are kept relative to the ISN (the SYN is 0, the first data byte 1) and wrapped to 32
 * bits only when a header is written, so a script can cross 2^32 without noticing. Segments this peer
 * receives (recorded and not lost) move its acknowledgment number; out-of-order ones are remembered and
 * reported in SACK blocks when SACK was negotiated.
 *
 * <p>Actions ({@link #send(int)}, {@link #ack()}, {@link #fin()}, ...) record one segment at the current
 * clock and return this peer, so a side's segments chain; {@link #client()}, {@link #server()} and
 * {@link #after(long)} switch side or advance the clock. Modifiers ({@link #drop()},
 * {@link #lostAfterCapture()}, {@link #hold()}, {@link #sack(long...)}) apply to this peer's next segment only.
 */
public final class Peer {
    private static final long MASK32 = 0xFFFF_FFFFL;
    private static final int MAX_SACK_BLOCKS = 3;

    private enum Fate { DELIVERED, DROPPED, LOST_AFTER_CAPTURE, HELD }

    /** A segment as sent, kept for retransmission. */
    private static final class Sent {
        final int flags;
        final long seq;
        final byte[] payload;

        Sent(int flags, long seq, byte[] payload) {
            this.flags = flags;
            this.seq = seq;
            this.payload = payload;
        }

        long end() {
            return seq + payload.length + ((flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0 ? 1 : 0);
        }
    }

    /** A built segment waiting in the network (see {@link #hold()}). */
    private static final class Held {
        final byte[] frame;
        final int flags;
        final long seq;
        final byte[] payload;
        final long ackedByIt;
        final long tsVal;

        Held(byte[] frame, int flags, long seq, byte[] payload, long ackedByIt, long tsVal) {
            this.frame = frame;
            this.flags = flags;
            this.seq = seq;
            this.payload = payload;
            this.ackedByIt = ackedByIt;
            this.tsVal = tsVal;
        }
    }

    final String ip;
    final int port;
    private final TcpScenario scenario;
    private final String mac;
    private Peer other;

    private long isn;
    private int ipId;
    private int mss = 1460;
    private int windowScale = -1;
    private boolean sackPermitted;
    private boolean timestamps;
    private long window = 64240;
    private final long tsBase;

    private long sndNxt;
    private long sndUna;
    private final List<Sent> sent = new ArrayList<>();
    private long rcvNxt;
    private final List<long[]> outOfOrder = new ArrayList<>();
    private long tsRecent;

    private Fate nextFate = Fate.DELIVERED;
    private long[] nextSack;
    private final Deque<Held> held = new ArrayDeque<>();

    Peer(TcpScenario scenario, String ip, int port, String mac, long isn, int firstIpId) {
        this.scenario = scenario;
        this.ip = ip;
        this.port = port;
        this.mac = mac;
        this.isn = isn;
        this.ipId = firstIpId;
        this.tsBase = firstIpId * 100L;
    }

    void connect(Peer peer) {
        this.other = peer;
    }

    void copyOptions(Peer from) {
        mss = from.mss;
        windowScale = from.windowScale;
        sackPermitted = from.sackPermitted;
        timestamps = from.timestamps;
        window = from.window;
        ipId = from.ipId;
    }

    void assumeEstablished(long sendNext, long receiveNext) {
        sndNxt = sendNext;
        sndUna = sendNext;
        rcvNxt = receiveNext;
    }

    int windowScaleOption() {
        return windowScale;
    }

    boolean sackPermittedOption() {
        return sackPermitted;
    }

    boolean timestampsOption() {
        return timestamps;
    }

    // ---- navigation -------------------------------------------------------------------------------------

    /**
     * Returns the scenario this peer belongs to.
     *
     * @return the scenario
     */
    public TcpScenario scenario() {
        return scenario;
    }

    /**
     * Switches to the client.
     *
     * @return the client
     */
    public Peer client() {
        return scenario.client();
    }

    /**
     * Switches to the server.
     *
     * @return the server
     */
    public Peer server() {
        return scenario.server();
    }

    /**
     * Advances the scenario clock.
     *
     * @param millis milliseconds
     * @return this
     */
    public Peer after(long millis) {
        scenario.after(millis);
        return this;
    }

    /**
     * Advances the scenario clock.
     *
     * @param micros microseconds
     * @return this
     */
    public Peer afterMicros(long micros) {
        scenario.afterMicros(micros);
        return this;
    }

    // ---- configuration ----------------------------------------------------------------------------------

    /**
     * Sets the initial sequence number (before this peer's SYN).
     *
     * @param value 32-bit ISN
     * @return this
     */
    public Peer isn(long value) {
        this.isn = value & MASK32;
        return this;
    }

    /**
     * Sets the MSS option of this peer's SYN (0: none).
     *
     * @param value MSS
     * @return this
     */
    public Peer mss(int value) {
        this.mss = value;
        return this;
    }

    /**
     * Makes this peer's SYN carry a window scale option with this shift.
     *
     * @param shift shift count as written (used as at most 14)
     * @return this
     */
    public Peer windowScale(int shift) {
        this.windowScale = shift;
        return this;
    }

    /**
     * Makes this peer's SYN carry SACK-permitted.
     *
     * @return this
     */
    public Peer sackPermitted() {
        this.sackPermitted = true;
        return this;
    }

    /**
     * Makes this peer use the timestamps option.
     *
     * @return this
     */
    public Peer timestamps() {
        this.timestamps = true;
        return this;
    }

    /**
     * Sets the receive window this peer advertises from now on, in bytes; the header field is this value
     * shifted right by the negotiated scale (SYNs carry it unscaled, capped at 65535). A peer advertising 0
     * discards the data it receives.
     *
     * @param bytes window in bytes
     * @return this
     */
    public Peer window(long bytes) {
        this.window = bytes;
        return this;
    }

    // ---- modifiers for the next segment -----------------------------------------------------------------

    /**
     * The next segment is lost before the capture point: built (it uses an IP id and sequence space) but
     * neither recorded nor received.
     *
     * @return this
     */
    public Peer drop() {
        this.nextFate = Fate.DROPPED;
        return this;
    }

    /**
     * The next segment is recorded but lost after the capture point: the other side never receives it.
     *
     * @return this
     */
    public Peer lostAfterCapture() {
        this.nextFate = Fate.LOST_AFTER_CAPTURE;
        return this;
    }

    /**
     * The next segment is built now and delayed in the network until {@link #release()}: that is when it is
     * recorded and received, so later segments overtake it.
     *
     * @return this
     */
    public Peer hold() {
        this.nextFate = Fate.HELD;
        return this;
    }

    /**
     * The next segment carries these SACK blocks instead of the ones computed from out-of-order data.
     *
     * @param relativeEdges left, right, ... relative to the other side's ISN (its first data byte is 1)
     * @return this
     */
    public Peer sack(long... relativeEdges) {
        if (relativeEdges.length % 2 != 0) {
            throw new IllegalArgumentException("SACK edges come in pairs");
        }
        this.nextSack = relativeEdges.clone();
        return this;
    }

    // ---- actions ----------------------------------------------------------------------------------------

    /**
     * Sends a SYN with this peer's options.
     *
     * @return this
     */
    public Peer syn() {
        return emit(TcpFlags.SYN, 0, new byte[0], true);
    }

    /**
     * Sends a SYN/ACK with this peer's options.
     *
     * @return this
     */
    public Peer synAck() {
        return emit(TcpFlags.SYN | TcpFlags.ACK, 0, new byte[0], true);
    }

    /**
     * Sends a pure ACK of everything received in order (with SACK blocks for anything beyond).
     *
     * @return this
     */
    public Peer ack() {
        return emit(TcpFlags.ACK, sndNxt, new byte[0], false);
    }

    /**
     * Sends one data segment (PSH/ACK).
     *
     * @param payload data
     * @return this
     */
    public Peer send(byte[] payload) {
        return emit(TcpFlags.ACK | TcpFlags.PSH, sndNxt, payload.clone(), true);
    }

    /**
     * Sends one data segment (PSH/ACK) of ASCII text.
     *
     * @param text data
     * @return this
     */
    public Peer send(String text) {
        return send(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Sends one data segment (PSH/ACK) of {@code length} filler bytes.
     *
     * @param length payload length
     * @return this
     */
    public Peer send(int length) {
        return send(filler(sndNxt, length));
    }

    /**
     * Sends a FIN/ACK.
     *
     * @return this
     */
    public Peer fin() {
        return emit(TcpFlags.FIN | TcpFlags.ACK, sndNxt, new byte[0], true);
    }

    /**
     * Sends a RST/ACK at the next sequence number (an abort).
     *
     * @return this
     */
    public Peer rst() {
        return emit(TcpFlags.RST | TcpFlags.ACK, sndNxt, new byte[0], false);
    }

    /**
     * Sends a RST without ACK at the next sequence number (the answer to an unacceptable ACK).
     *
     * @return this
     */
    public Peer rstWithoutAck() {
        return emit(TcpFlags.RST, sndNxt, new byte[0], false);
    }

    /**
     * Sends a keep-alive: an ACK one below the next sequence number, empty or with one garbage byte.
     *
     * @param withByte carry one byte (BSD style) instead of none (Linux style)
     * @return this
     */
    public Peer keepAlive(boolean withByte) {
        return emit(TcpFlags.ACK, sndNxt - 1, new byte[withByte ? 1 : 0], false);
    }

    /**
     * Sends a zero-window probe: the next byte of data, without advancing the sequence number (the receiver,
     * whose window is 0, discards it; the same byte is sent again by the next probe or send).
     *
     * @return this
     */
    public Peer zeroWindowProbe() {
        return emit(TcpFlags.ACK, sndNxt, filler(sndNxt, 1), false);
    }

    /**
     * Retransmits the oldest segment (SYN, data or FIN) the other side has not acknowledged, with the current
     * acknowledgment number, window and timestamps.
     *
     * @return this
     */
    public Peer retransmit() {
        for (Sent s : sent) {
            if (s.end() > sndUna) {
                return emit(s.flags, s.seq, s.payload, false);
            }
        }
        throw new IllegalStateException("nothing unacknowledged to retransmit");
    }

    /**
     * Records and delivers the oldest segment held by {@link #hold()}, now.
     *
     * @return this
     */
    public Peer release() {
        Held h = held.removeFirst();
        scenario.record(h.frame);
        other.receive(h.flags, h.seq, h.payload, h.ackedByIt, h.tsVal);
        return this;
    }

    // ---- internals --------------------------------------------------------------------------------------

    private static byte[] filler(long from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + Math.floorMod(from - 1 + i, 26));
        }
        return b;
    }

    private int windowField(boolean syn) {
        if (syn || !scenario.scalingInEffect()) {
            return (int) Math.min(window, 0xFFFF);
        }
        int shift = Math.min(windowScale, 14);
        return (int) Math.min(window >> shift, 0xFFFF);
    }

    private long tsVal() {
        return tsBase + scenario.nowMicros() / 1000;
    }

    private Peer emit(int flags, long seq, byte[] payload, boolean advances) {
        boolean syn = (flags & TcpFlags.SYN) != 0;
        FrameBuilder link = Frames.ethernet(mac, other.mac);
        if (scenario.vlanId() != null) {
            link.vlan(EtherTypes.VLAN_8021Q, scenario.vlanId());
        }
        IpBuilder ipb = scenario.isIpv6() ? link.ipv6(ip, other.ip) : link.ipv4(ip, other.ip).id(ipId & 0xFFFF);
        ipId++;
        TcpBuilder tcp = ipb.tcp(port, other.port).seq((isn + seq) & MASK32).flags(flags).window(windowField(syn));
        boolean acks = (flags & TcpFlags.ACK) != 0;
        if (acks) {
            tcp.ack((other.isn + rcvNxt) & MASK32);
        }
        long tsVal = tsVal();
        if (syn) {
            synOptions(tcp, tsVal, acks);
        } else {
            if (scenario.timestampsInEffect()) {
                tcp.nop().nop().timestamps(tsVal, tsRecent);
            }
            long[] edges = sackEdges();
            if (edges.length > 0) {
                tcp.nop().nop().sack(edges);
            }
        }
        nextSack = null;
        byte[] frame = tcp.payload(payload).build();
        Sent s = new Sent(flags, seq, payload);
        if (advances) {
            sent.add(s);
            sndNxt = Math.max(sndNxt, s.end());
        }
        Fate fate = nextFate;
        nextFate = Fate.DELIVERED;
        long acked = acks ? rcvNxt : -1;
        switch (fate) {
            case DELIVERED:
                scenario.record(frame);
                other.receive(flags, seq, payload, acked, tsVal);
                break;
            case LOST_AFTER_CAPTURE:
                scenario.record(frame);
                break;
            case HELD:
                held.addLast(new Held(frame, flags, seq, payload, acked, tsVal));
                break;
            default:
                break;
        }
        return this;
    }

    private void synOptions(TcpBuilder tcp, long tsVal, boolean synAck) {
        if (mss > 0) {
            tcp.mss(mss);
        }
        if (sackPermitted && timestamps) {
            tcp.sackPermitted().timestamps(tsVal, synAck ? tsRecent : 0);
        } else if (timestamps) {
            tcp.nop().nop().timestamps(tsVal, synAck ? tsRecent : 0);
        } else if (sackPermitted) {
            tcp.nop().nop().sackPermitted();
        }
        if (windowScale >= 0) {
            tcp.nop().windowScale(windowScale);
        }
    }

    private long[] sackEdges() {
        if (nextSack != null) {
            long[] abs = new long[nextSack.length];
            for (int i = 0; i < abs.length; i++) {
                abs[i] = (other.isn + nextSack[i]) & MASK32;
            }
            return abs;
        }
        if (!scenario.sackInEffect()) {
            return new long[0];
        }
        int n = Math.min(outOfOrder.size(), MAX_SACK_BLOCKS);
        long[] abs = new long[2 * n];
        for (int i = 0; i < n; i++) {
            abs[2 * i] = (other.isn + outOfOrder.get(i)[0]) & MASK32;
            abs[2 * i + 1] = (other.isn + outOfOrder.get(i)[1]) & MASK32;
        }
        return abs;
    }

    private void receive(int flags, long seq, byte[] payload, long ackedByIt, long tsVal) {
        if (scenario.timestampsInEffect() || (flags & TcpFlags.SYN) != 0) {
            tsRecent = tsVal;
        }
        if (ackedByIt > sndUna) {
            sndUna = ackedByIt;
        }
        if ((flags & TcpFlags.RST) != 0) {
            return;
        }
        if ((flags & TcpFlags.SYN) != 0) {
            rcvNxt = Math.max(rcvNxt, 1);
        }
        int fin = (flags & TcpFlags.FIN) != 0 ? 1 : 0;
        if (payload.length == 0 && fin == 0) {
            return;
        }
        if (window == 0 && payload.length > 0) {
            return;
        }
        long start = seq;
        long end = seq + payload.length + fin;
        if (start <= rcvNxt) {
            rcvNxt = Math.max(rcvNxt, end);
            absorbOutOfOrder();
        } else {
            addOutOfOrder(start, end);
        }
    }

    private void absorbOutOfOrder() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < outOfOrder.size(); i++) {
                long[] r = outOfOrder.get(i);
                if (r[0] <= rcvNxt) {
                    rcvNxt = Math.max(rcvNxt, r[1]);
                    outOfOrder.remove(i);
                    changed = true;
                    break;
                }
            }
        }
    }

    private void addOutOfOrder(long start, long end) {
        long[] merged = {start, end};
        for (int i = outOfOrder.size() - 1; i >= 0; i--) {
            long[] r = outOfOrder.get(i);
            if (r[0] <= merged[1] && merged[0] <= r[1]) {
                merged[0] = Math.min(merged[0], r[0]);
                merged[1] = Math.max(merged[1], r[1]);
                outOfOrder.remove(i);
            }
        }
        outOfOrder.add(0, merged);
    }
}
