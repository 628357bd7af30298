package io.pcapflow.testkit.blog;

/**
 * One segment of the blog connection, in relative terms.
 *
 * @param fromClient true when 192.168.1.137:57080 sends it
 * @param flags {@link io.pcapflow.testkit.packet.TcpFlags} bits
 * @param relativeSeq sequence number relative to the sender's ISN
 * @param relativeAck acknowledgment number relative to the peer's ISN (ignored without ACK)
 * @param length TCP payload length
 * @param rawWindow window field as written
 */
record Segment(boolean fromClient, int flags, long relativeSeq, long relativeAck, int length, int rawWindow) {

    static Segment of(BlogLadder.Line line) {
        return new Segment(line.fromClient(), line.flagBits(), line.seq(), line.ack(), line.length(),
            line.rawWindow());
    }
}
