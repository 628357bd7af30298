package io.pcapflow.correlate;

import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpSegment;

/**
 * The facts about one TCP packet on one leg that correlation needs, copied out of the decoder's
 * view so they outlive it (packets wait for their counterpart on the other leg). Mutable and
 * reused; {@link PendingQueue} stores the same fields column-wise.
 */
public final class SegmentInfo {
    int leg;
    int direction;
    long frame;
    long nanos;
    int ipId;
    int ttl;
    int tcpFlags;
    long relSeq;
    int length;
    long relAck;
    int window;
    int mss;
    long tsVal;
    int analysis;

    /** Creates an empty holder. */
    public SegmentInfo() {
    }

    SegmentInfo set(final int leg, final long nanos, final PacketView view, final TcpSegment segment) {
        this.leg = leg;
        this.direction = segment.direction();
        this.frame = view.ordinal();
        this.nanos = nanos;
        this.ipId = view.ipVersion() == 4 ? view.ipId() : -1;
        this.ttl = view.ttl();
        this.tcpFlags = view.tcpFlags();
        this.relSeq = segment.relativeSeq();
        this.length = view.payloadLength();
        this.relAck = view.isAck() ? segment.relativeAck() : -1;
        this.window = view.window();
        this.mss = view.mss();
        this.tsVal = view.hasTimestamps() ? view.tsVal() : -1;
        this.analysis = segment.analysis();
        return this;
    }

    void copyFrom(final SegmentInfo o) {
        leg = o.leg;
        direction = o.direction;
        frame = o.frame;
        nanos = o.nanos;
        ipId = o.ipId;
        ttl = o.ttl;
        tcpFlags = o.tcpFlags;
        relSeq = o.relSeq;
        length = o.length;
        relAck = o.relAck;
        window = o.window;
        mss = o.mss;
        tsVal = o.tsVal;
        analysis = o.analysis;
    }

    /** @return {@link Leg#INSIDE} or {@link Leg#OUTSIDE} */
    public int leg() {
        return leg;
    }

    /** @return {@link io.pcapflow.tcp.TcpDirection} of the packet within its leg's connection */
    public int direction() {
        return direction;
    }

    /** @return frame ordinal in its capture */
    public long frame() {
        return frame;
    }

    /** @return capture time on the inside clock (outside times are corrected by the clock offset) */
    public long nanos() {
        return nanos;
    }

    /** @return IPv4 identification, -1 for IPv6 */
    public int ipId() {
        return ipId;
    }

    /** @return IPv4 TTL or IPv6 hop limit */
    public int ttl() {
        return ttl;
    }

    /** @return TCP flag bits */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** @return sequence number relative to the sender's ISN on this leg */
    public long relativeSeq() {
        return relSeq;
    }

    /** @return TCP payload length */
    public int length() {
        return length;
    }

    /** @return sequence number after this segment (SYN and FIN count one) */
    public long nextSeq() {
        return relSeq + length + ((tcpFlags & 0x03) != 0 ? 1 : 0);
    }

    /** @return acknowledgement relative to the peer's ISN, -1 without ACK flag */
    public long relativeAck() {
        return relAck;
    }

    /** @return raw window field */
    public int window() {
        return window;
    }

    /** @return MSS option, -1 when absent */
    public int mss() {
        return mss;
    }

    /** @return TCP timestamp value, -1 when absent */
    public long tsVal() {
        return tsVal;
    }

    /** @return {@link io.pcapflow.tcp.TcpAnalysis} bits from this leg's tracker */
    public int analysis() {
        return analysis;
    }
}
