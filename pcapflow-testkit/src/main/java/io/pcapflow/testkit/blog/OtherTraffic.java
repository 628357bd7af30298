package io.pcapflow.testkit.blog;

import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.TcpBuilder;
import io.pcapflow.testkit.packet.TcpFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The capture's other TCP/IPv4 traffic: one small HTTP exchange after another between documentation
 * addresses (clients in 192.0.2.0/24, servers in 198.51.100.0/24 and 203.0.113.0/24, port 80), each
 * complete and clean: handshake, request, response segments each acknowledged, FIN both ways.
 *
 * <p>An exchange of n response segments has 7 + 2n packets, 8 + 2n when the server first acknowledges
 * the request on its own; sizes cycle through 9…20 and the last exchange takes exactly what is left,
 * so the generator yields exactly the requested number of packets.
 */
final class OtherTraffic {
    static final int MIN_EXCHANGE = 9;
    static final int CLIENT_PORT_BASE = 40_000;

    private static final int MSS_PAYLOAD = 1460;
    private static final byte[] ROUTER_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, (byte) 0xFE};

    private final Deque<byte[]> pending = new ArrayDeque<>();
    private int remaining;
    private int exchange;

    OtherTraffic(int total) {
        if (total < MIN_EXCHANGE) {
            throw new IllegalArgumentException("too few packets: " + total);
        }
        this.remaining = total;
    }

    /**
     * Returns the next frame (complete, not cut to the snapshot length).
     *
     * @return Ethernet frame
     */
    byte[] next() {
        if (pending.isEmpty()) {
            if (remaining == 0) {
                throw new IllegalStateException("no other traffic left");
            }
            int size = MIN_EXCHANGE + (exchange * 5 + exchange / 3) % 12;
            if (remaining - size < MIN_EXCHANGE) {
                size = remaining;
            }
            remaining -= size;
            new Exchange(exchange++, size).build(pending);
        }
        return pending.poll();
    }

    /** One HTTP exchange; sequence numbers relative to the ISNs are tracked as the frames are built. */
    private static final class Exchange {
        private final int index;
        private final int responseSegments;
        private final boolean separateAck;
        private final String client;
        private final String server;
        private final byte[] clientMac;
        private final int clientPort;
        private final long clientIsn;
        private final long serverIsn;
        private long clientNext;
        private long serverNext;
        private int clientId;
        private int serverId;

        Exchange(int index, int size) {
            this.index = index;
            this.responseSegments = (size - 7) / 2;
            this.separateAck = (size - 7) % 2 == 1;
            int host = 10 + index % 120;
            this.client = "192.0.2." + host;
            this.server = index % 2 == 0 ? "198.51.100." + (20 + index % 97) : "203.0.113." + (20 + index % 89);
            this.clientMac = new byte[] {0x02, 0x00, (byte) 0xC0, 0x00, 0x02, (byte) host};
            this.clientPort = CLIENT_PORT_BASE + index;
            this.clientIsn = mix(2L * index + 1);
            this.serverIsn = mix(2L * index + 2);
            this.clientId = (int) (mix(3L * index) & 0xFFFF);
            this.serverId = (int) (mix(5L * index) & 0xFFFF);
        }

        void build(Deque<byte[]> out) {
            out.add(client(TcpFlags.SYN, new byte[0]));
            out.add(server(TcpFlags.SYN | TcpFlags.ACK, new byte[0]));
            out.add(client(TcpFlags.ACK, new byte[0]));
            out.add(client(TcpFlags.PSH | TcpFlags.ACK, request()));
            if (separateAck) {
                out.add(server(TcpFlags.ACK, new byte[0]));
            }
            int lastLength = 200 + (int) (index * 977L % (MSS_PAYLOAD - 200));
            long total = (long) (responseSegments - 1) * MSS_PAYLOAD + lastLength;
            byte[] response = response(total);
            for (int i = 0; i < responseSegments; i++) {
                boolean last = i == responseSegments - 1;
                byte[] part = Arrays.copyOfRange(response, i * MSS_PAYLOAD, last ? response.length
                    : (i + 1) * MSS_PAYLOAD);
                out.add(server(last ? TcpFlags.PSH | TcpFlags.ACK : TcpFlags.ACK, part));
                out.add(client(TcpFlags.ACK, new byte[0]));
            }
            out.add(client(TcpFlags.FIN | TcpFlags.ACK, new byte[0]));
            out.add(server(TcpFlags.FIN | TcpFlags.ACK, new byte[0]));
            out.add(client(TcpFlags.ACK, new byte[0]));
        }

        private byte[] request() {
            String head = "GET /item/" + index + " HTTP/1.1\r\nHost: " + server + "\r\nX-Pad: ";
            byte[] r = fill(head, 90 + index * 131 % 300);
            r[r.length - 4] = '\r';
            r[r.length - 3] = '\n';
            r[r.length - 2] = '\r';
            r[r.length - 1] = '\n';
            return r;
        }

        private static byte[] response(long total) {
            String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ";
            for (int digits = 1; digits < 10; digits++) {
                long body = total - head.length() - digits - 4;
                if (Long.toString(body).length() == digits) {
                    return fill(head + body + "\r\n\r\n", (int) total);
                }
            }
            return fill("", (int) total);
        }

        private static byte[] fill(String head, int length) {
            byte[] b = new byte[length];
            Arrays.fill(b, (byte) 'x');
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(h, 0, b, 0, Math.min(h.length, length));
            return b;
        }

        private byte[] client(int flags, byte[] payload) {
            TcpBuilder t = Frames.ethernet(clientMac, ROUTER_MAC).ipv4(client, server).id(clientId++).ttl(128)
                .dontFragment(true).tcp(clientPort, 80);
            long seq = clientIsn + clientNext;
            clientNext += advance(flags, payload);
            return finish(t, flags, seq, serverIsn + serverNext, 1026, 8, payload);
        }

        private byte[] server(int flags, byte[] payload) {
            TcpBuilder t = Frames.ethernet(ROUTER_MAC, clientMac).ipv4(server, client).id(serverId++).ttl(56)
                .dontFragment(true).tcp(80, clientPort);
            long seq = serverIsn + serverNext;
            serverNext += advance(flags, payload);
            return finish(t, flags, seq, clientIsn + clientNext, 235, 7, payload);
        }

        private static long advance(int flags, byte[] payload) {
            return payload.length + ((flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0 ? 1 : 0);
        }

        private static byte[] finish(TcpBuilder t, int flags, long seq, long ack, int window, int scale,
            byte[] payload) {
            boolean syn = (flags & TcpFlags.SYN) != 0;
            t.seq(seq & 0xFFFF_FFFFL).ack((flags & TcpFlags.ACK) != 0 ? ack & 0xFFFF_FFFFL : 0).flags(flags)
                .window(syn ? 64_240 : window);
            if (syn) {
                t.mss(1460).nop().windowScale(scale).nop().nop().sackPermitted();
            }
            return t.payload(payload).build();
        }

        /** SplitMix64 finaliser, for ISNs and IP ids that look random but are fixed. */
        private static long mix(long x) {
            long z = x * 0x9E37_79B9_7F4A_7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            return (z ^ (z >>> 31)) & 0xFFFF_FFFFL;
        }
    }
}
