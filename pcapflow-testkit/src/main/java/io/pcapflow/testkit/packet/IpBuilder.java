package io.pcapflow.testkit.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Common part of the IPv4 and IPv6 builders: choose the transport next. */
public abstract class IpBuilder {
    final FrameBuilder link;
    final byte[] src;
    final byte[] dst;

    IpBuilder(FrameBuilder link, byte[] src, byte[] dst) {
        this.link = link;
        this.src = src;
        this.dst = dst;
    }

    /**
     * Continues with a TCP header.
     *
     * @param srcPort source port
     * @param dstPort destination port
     * @return the TCP builder
     */
    public TcpBuilder tcp(int srcPort, int dstPort) {
        return new TcpBuilder(this, srcPort, dstPort);
    }

    /**
     * Continues with a UDP header.
     *
     * @param srcPort source port
     * @param dstPort destination port
     * @return the UDP builder
     */
    public UdpBuilder udp(int srcPort, int dstPort) {
        return new UdpBuilder(this, srcPort, dstPort);
    }

    /**
     * Continues with an ICMP echo request (ICMPv6 echo request on IPv6).
     *
     * @param identifier echo identifier
     * @param sequence echo sequence number
     * @return the ICMP builder
     */
    public IcmpEchoBuilder icmpEcho(int identifier, int sequence) {
        return new IcmpEchoBuilder(this, identifier, sequence);
    }

    /**
     * Finishes the frame with an arbitrary upper-layer payload (no checksum is computed).
     *
     * @param protocol IP protocol / next header value
     * @param upper bytes after the IP header (and IPv6 extension headers)
     * @return the frame
     */
    public byte[] payload(int protocol, byte[] upper) {
        return frame(protocol, upper);
    }

    /**
     * Splits a datagram carrying the given upper-layer bytes into fragments.
     *
     * @param protocol IP protocol / next header value
     * @param upper bytes after the IP header (the whole fragmentable part)
     * @param sizes fragment payload sizes; all but the last must be multiples of 8; the remainder,
     *     if any, forms one more fragment
     * @return one frame per fragment, in offset order
     */
    public List<byte[]> fragments(int protocol, byte[] upper, int... sizes) {
        List<byte[]> out = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < sizes.length && offset < upper.length; i++) {
            int n = Math.min(sizes[i], upper.length - offset);
            boolean last = offset + n >= upper.length;
            if (!last && n % 8 != 0) {
                throw new IllegalArgumentException("fragment size " + n + " is not a multiple of 8");
            }
            out.add(fragment(protocol, Arrays.copyOfRange(upper, offset, offset + n), offset, !last));
            offset += n;
        }
        if (offset < upper.length) {
            out.add(fragment(protocol, Arrays.copyOfRange(upper, offset, upper.length), offset, false));
        }
        return out;
    }

    /** Sum of the pseudo-header for the transport checksum. */
    abstract long pseudoHeaderSum(int protocol, int upperLength);

    /** Whole frame (link + network + upper). */
    abstract byte[] frame(int protocol, byte[] upper);

    /** One fragment frame carrying {@code part} at byte offset {@code offset}. */
    abstract byte[] fragment(int protocol, byte[] part, int offset, boolean more);

    abstract boolean isIpv6();
}
