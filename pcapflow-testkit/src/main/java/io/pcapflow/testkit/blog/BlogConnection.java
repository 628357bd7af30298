package io.pcapflow.testkit.blog;

import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.TcpBuilder;
import io.pcapflow.testkit.packet.TcpFlags;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the frames of 192.168.1.137:57080 ↔ 152.19.134.43:80 (a wget-like HTTP download of
 * 52328683 bytes) from {@link Segment}s, keeping IP ids and TCP timestamps consistent.
 */
final class BlogConnection {
    static final byte[] CLIENT_MAC = {0x02, 0x42, (byte) 0xc0, (byte) 0xa8, 0x01, (byte) 0x89};
    static final byte[] GATEWAY_MAC = {0x02, 0x42, (byte) 0xc0, (byte) 0xa8, 0x01, 0x01};
    static final byte[] REQUEST = ascii("GET /pcapflow/blogfixture/example01.bin HTTP/1.1\r\n"
        + "User-Agent: Wget/1.17.1 (linux-gnu)\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
        + "Host: 152.19.134.43\r\nConnection: Keep-Alive\r\n\r\n");
    /** Bytes the server sends: 52328684 - 1 (its FIN takes the last sequence number). */
    static final long RESPONSE_LENGTH = 52_328_683L;

    private static final long CLIENT_TS_BASE = 0x0A3B_5C1DL;
    private static final long SERVER_TS_BASE = 0x6E21_04F7L;
    private static final long ONE_WAY_NANOS = 150_000_000L;

    private final Map<Integer, byte[]> zeros = new HashMap<>();
    private final byte[] responseHead = responseHead();
    private int clientId = 0x4C2E;
    private int serverId = 0x9B71;
    private long lastClientTsval;
    private long lastServerTsval;

    BlogConnection() {
        if (REQUEST.length != 174) {
            throw new IllegalStateException("request is " + REQUEST.length + " bytes");
        }
    }

    /**
     * Builds the complete frame of a segment.
     *
     * @param s the segment
     * @param relativeNanos time since the SYN
     * @return Ethernet frame with the full payload
     */
    byte[] frame(Segment s, long relativeNanos) {
        boolean c = s.fromClient();
        long seq = ((c ? BlogCapture.CLIENT_ISN : BlogCapture.SERVER_ISN) + s.relativeSeq()) & 0xFFFF_FFFFL;
        long ack = (s.flags() & TcpFlags.ACK) == 0 ? 0
            : ((c ? BlogCapture.SERVER_ISN : BlogCapture.CLIENT_ISN) + s.relativeAck()) & 0xFFFF_FFFFL;
        long tsval;
        long ecr;
        if (c) {
            tsval = CLIENT_TS_BASE + relativeNanos / 1_000_000;
            ecr = lastServerTsval;
            lastClientTsval = tsval;
        } else {
            tsval = SERVER_TS_BASE + (relativeNanos - ONE_WAY_NANOS) / 1_000_000;
            ecr = lastClientTsval;
            lastServerTsval = tsval;
        }
        TcpBuilder tcp = Frames.ethernet(c ? CLIENT_MAC : GATEWAY_MAC, c ? GATEWAY_MAC : CLIENT_MAC)
            .ipv4(c ? BlogCapture.CLIENT_IP : BlogCapture.SERVER_IP, c ? BlogCapture.SERVER_IP : BlogCapture.CLIENT_IP)
            .id(c ? clientId++ : serverId++).ttl(c ? 64 : 52).dontFragment(true)
            .tcp(c ? BlogCapture.CLIENT_PORT : BlogCapture.SERVER_PORT,
                c ? BlogCapture.SERVER_PORT : BlogCapture.CLIENT_PORT)
            .seq(seq).ack(ack).flags(s.flags()).window(s.rawWindow());
        if ((s.flags() & TcpFlags.SYN) != 0) {
            tcp.mss(1460).sackPermitted().timestamps(tsval, ecr).nop().windowScale(BlogCapture.WINDOW_SCALE);
        } else {
            tcp.nop().nop().timestamps(tsval, ecr);
        }
        return tcp.payload(payload(s)).build();
    }

    private byte[] payload(Segment s) {
        if (s.length() == 0) {
            return zeros(0);
        }
        if (s.fromClient()) {
            return REQUEST;
        }
        if (s.relativeSeq() == 1) {
            byte[] p = zeros(s.length()).clone();
            System.arraycopy(responseHead, 0, p, 0, responseHead.length);
            return p;
        }
        return zeros(s.length());
    }

    private byte[] zeros(int length) {
        return zeros.computeIfAbsent(length, byte[]::new);
    }

    /** HTTP response head; the body (all zero bytes) fills the rest of the 52328683 bytes. */
    private static byte[] responseHead() {
        String before = "HTTP/1.1 200 OK\r\nDate: Wed, 26 Sep 2018 15:51:03 GMT\r\nServer: Apache\r\n"
            + "Accept-Ranges: bytes\r\nContent-Length: ";
        String after = "\r\nKeep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n";
        int digits = 8;
        long body = RESPONSE_LENGTH - before.length() - after.length() - digits;
        if (Long.toString(body).length() != digits) {
            throw new IllegalStateException("content length " + body);
        }
        return ascii(before + body + after);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
