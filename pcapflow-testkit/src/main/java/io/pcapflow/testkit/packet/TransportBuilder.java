package io.pcapflow.testkit.packet;

import java.util.List;

/** Common part of the transport builders: finish the frame. */
public abstract class TransportBuilder {
    final IpBuilder ip;
    byte[] payload = new byte[0];
    Integer checksum;

    TransportBuilder(IpBuilder ip) {
        this.ip = ip;
    }

    /**
     * Builds the whole frame: link header, IP header(s), transport header and payload.
     *
     * @return the frame bytes
     */
    public byte[] build() {
        return ip.frame(protocol(), segment());
    }

    /**
     * Builds the transport segment only (header with checksum, plus payload).
     *
     * @return the segment bytes
     */
    public byte[] buildSegment() {
        return segment();
    }

    /**
     * Builds the datagram and splits it into IP fragments (see {@link IpBuilder#fragments}).
     *
     * @param sizes fragment payload sizes, multiples of 8 except the last
     * @return one frame per fragment, in offset order
     */
    public List<byte[]> buildFragments(int... sizes) {
        return ip.fragments(protocol(), segment(), sizes);
    }

    abstract int protocol();

    abstract byte[] segment();

    /** Writes the computed checksum (or the override) at {@code at}. */
    void finishChecksum(byte[] seg, int at, boolean pseudoHeader, boolean zeroMeansNone) {
        int c;
        if (checksum != null) {
            c = checksum;
        } else {
            long init = pseudoHeader ? ip.pseudoHeaderSum(protocol(), seg.length) : 0;
            c = Checksums.internet(init, seg, 0, seg.length);
            if (c == 0 && zeroMeansNone) {
                c = 0xFFFF;
            }
        }
        ByteSink.put16(seg, at, c);
    }
}
