package io.pcapflow.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a large synthetic classic pcap (microseconds, little-endian, Ethernet) for benchmarks:
 * millions of small packets in hundreds of thousands of interleaved TCP connections (handshake,
 * data segments of 1-255 bytes, delayed ACKs, FIN exchange or RST, some refused), about 70% IPv4,
 * 20% IPv6 and 10% 802.1Q-tagged IPv4, plus some UDP and ICMP echo, with increasing timestamps.
 *
 * <p>Streaming and constant-memory: {@value #SLOTS} connection slots are kept in primitive arrays
 * and each frame is encoded into one reused array. The output is a function of the seed only.
 * Addresses come from the documentation ranges only: 192.0.2.0/24, 198.51.100.0/24 and
 * 203.0.113.0/24 (servers) and 2001:db8::/32. All checksums are correct.
 *
 * <p>Usage: {@code CaptureGenerator OUT.pcap SIZE_MB [SEED]}; the file is at least
 * {@code SIZE_MB} MiB.
 */
public final class CaptureGenerator {
    /** Connections open at the same time. */
    static final int SLOTS = 4096;
    /** Largest TCP payload generated. */
    static final int MAX_PAYLOAD = 255;
    /** First timestamp: 2024-01-01T00:00:00Z, in microseconds. */
    static final long START_MICROS = 1_704_067_200_000_000L;

    private static final int RECORD_HEADER = 16;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final int KIND_V4 = 0;
    private static final int KIND_V6 = 1;
    private static final int KIND_VLAN = 2;
    private static final long CLIENT_MAC = 0x00005E005301L;
    private static final long SERVER_MAC = 0x00005E005302L;
    private static final long V6_CLIENT_PREFIX = 0x20010DB800010000L;
    private static final long V6_SERVER_PREFIX = 0x20010DB800020000L;
    private static final int[] CLIENT_NETS = {0xC0000200, 0xC6336400};
    private static final int SERVER_NET = 0xCB007100;
    private static final int[] SERVER_PORTS = {443, 443, 443, 443, 80, 80, 22, 25, 8080, 5432, 3306, 993};

    private static final int START = 0;
    private static final int SYN_ACK = 1;
    private static final int HANDSHAKE_ACK = 2;
    private static final int DATA = 3;
    private static final int DATA_ACK = 4;
    private static final int FIN_ACK1 = 5;
    private static final int FIN2 = 6;
    private static final int FIN_ACK2 = 7;
    private static final int REFUSED = 8;

    private final SplittableRandom random;
    private final OutputStream out;
    private final byte[] buf = new byte[2048];
    private final FrameEncoder enc = new FrameEncoder(buf);
    private final byte[] noise = new byte[1 << 16];

    private final int[] kind = new int[SLOTS];
    private final int[] vlan = new int[SLOTS];
    private final int[] clientAddr = new int[SLOTS];
    private final int[] serverAddr = new int[SLOTS];
    private final int[] clientPort = new int[SLOTS];
    private final int[] serverPort = new int[SLOTS];
    private final int[] clientSeq = new int[SLOTS];
    private final int[] serverSeq = new int[SLOTS];
    private final int[] state = new int[SLOTS];
    private final int[] dataLeft = new int[SLOTS];
    private final boolean[] resets = new boolean[SLOTS];
    private final boolean[] clientCloses = new boolean[SLOTS];
    private final boolean[] ackFromClient = new boolean[SLOTS];

    private long micros = START_MICROS;
    private int ipId;
    private long packets;
    private long connections;
    private long bytes;

    private CaptureGenerator(final OutputStream out, final long seed) {
        this.out = out;
        this.random = new SplittableRandom(seed);
        random.nextBytes(noise);
    }

    /**
     * What one generation run wrote.
     *
     * @param packets     packet records written
     * @param connections TCP connections started
     * @param bytes       file size in bytes
     */
    public record Summary(long packets, long connections, long bytes) {
    }

    /**
     * Command line entry: {@code OUT.pcap SIZE_MB [SEED]}.
     *
     * @param args output path, minimum size in MiB, optional seed (default 1)
     * @throws IOException when the file cannot be written
     */
    public static void main(final String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: CaptureGenerator OUT.pcap SIZE_MB [SEED]");
            System.exit(2);
        }
        final long sizeMb = Long.parseLong(args[1]);
        final long seed = args.length == 3 ? Long.parseLong(args[2]) : 1L;
        final long start = System.nanoTime();
        final Summary s = generate(Path.of(args[0]), sizeMb << 20, seed);
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("%s: %d packets, %d TCP connections, %d bytes in %.1f s%n",
            args[0], s.packets(), s.connections(), s.bytes(), seconds);
    }

    /**
     * Writes a capture of at least {@code minBytes} bytes.
     *
     * @param path     output file, replaced
     * @param minBytes minimum file size
     * @param seed     random seed; equal seeds give equal files
     * @return what was written
     * @throws IOException when the file cannot be written
     */
    public static Summary generate(final Path path, final long minBytes, final long seed) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            final CaptureGenerator g = new CaptureGenerator(os, seed);
            g.fileHeader();
            while (g.bytes < minBytes) {
                g.step();
            }
            return new Summary(g.packets, g.connections, g.bytes);
        }
    }

    private void fileHeader() throws IOException {
        enc.u32le(0, 0xA1B2C3D4);
        enc.u16le(4, 2);
        enc.u16le(6, 4);
        enc.u32le(8, 0);
        enc.u32le(12, 0);
        enc.u32le(16, 65535);
        enc.u32le(20, 1);
        out.write(buf, 0, 24);
        bytes = 24;
    }

    private void step() throws IOException {
        micros += 1 + random.nextInt(40);
        final int r = random.nextInt(100);
        if (r < 4) {
            udp();
        } else if (r < 5) {
            icmp();
        } else {
            advance(random.nextInt(SLOTS));
        }
    }

    private void advance(final int s) throws IOException {
        switch (state[s]) {
            case START:
                open(s);
                tcp(s, true, SYN, 0);
                state[s] = random.nextInt(100) < 3 ? REFUSED : SYN_ACK;
                break;
            case REFUSED:
                tcp(s, false, RST | ACK, 0);
                state[s] = START;
                break;
            case SYN_ACK:
                tcp(s, false, SYN | ACK, 0);
                state[s] = HANDSHAKE_ACK;
                break;
            case HANDSHAKE_ACK:
                tcp(s, true, ACK, 0);
                state[s] = DATA;
                break;
            case DATA:
                data(s);
                break;
            case DATA_ACK:
                tcp(s, ackFromClient[s], ACK, 0);
                state[s] = DATA;
                break;
            case FIN_ACK1:
                tcp(s, !clientCloses[s], ACK, 0);
                state[s] = FIN2;
                break;
            case FIN2:
                tcp(s, !clientCloses[s], FIN | ACK, 0);
                state[s] = FIN_ACK2;
                break;
            case FIN_ACK2:
                tcp(s, clientCloses[s], ACK, 0);
                state[s] = START;
                break;
            default:
                throw new IllegalStateException("state " + state[s]);
        }
    }

    private void data(final int s) throws IOException {
        if (dataLeft[s] == 0) {
            if (resets[s]) {
                tcp(s, random.nextBoolean(), RST | ACK, 0);
                state[s] = START;
            } else {
                tcp(s, clientCloses[s], FIN | ACK, 0);
                state[s] = FIN_ACK1;
            }
            return;
        }
        final boolean fromClient = random.nextInt(100) < 55;
        tcp(s, fromClient, PSH | ACK, 1 + random.nextInt(MAX_PAYLOAD));
        dataLeft[s]--;
        if (random.nextBoolean()) {
            ackFromClient[s] = !fromClient;
            state[s] = DATA_ACK;
        }
    }

    private void open(final int s) {
        connections++;
        final int k = random.nextInt(100);
        kind[s] = k < 70 ? KIND_V4 : k < 90 ? KIND_V6 : KIND_VLAN;
        vlan[s] = 100 + random.nextInt(8);
        if (kind[s] == KIND_V6) {
            clientAddr[s] = random.nextInt();
            serverAddr[s] = 1 + random.nextInt(512);
        } else {
            clientAddr[s] = CLIENT_NETS[random.nextInt(CLIENT_NETS.length)] | (1 + random.nextInt(254));
            serverAddr[s] = SERVER_NET | (1 + random.nextInt(64));
        }
        clientPort[s] = 32768 + random.nextInt(28232);
        serverPort[s] = SERVER_PORTS[random.nextInt(SERVER_PORTS.length)];
        clientSeq[s] = random.nextInt();
        serverSeq[s] = random.nextInt();
        dataLeft[s] = 2 + random.nextInt(11);
        resets[s] = random.nextInt(100) < 10;
        clientCloses[s] = random.nextBoolean();
    }

    /** Encodes and writes one TCP segment of slot {@code s}, advancing the sender's sequence number. */
    private void tcp(final int s, final boolean fromClient, final int flags, final int payload) throws IOException {
        final int seq = fromClient ? clientSeq[s] : serverSeq[s];
        final int ack = (flags & ACK) != 0 ? (fromClient ? serverSeq[s] : clientSeq[s]) : 0;
        final int mss = (flags & SYN) != 0 ? (kind[s] == KIND_V6 ? 1440 : 1460) : 0;
        final int tcpLength = (mss > 0 ? 24 : 20) + payload;
        final int ip = ip(s, fromClient, FrameEncoder.PROTO_TCP, tcpLength);
        final int l4 = ip + (kind[s] == KIND_V6 ? FrameEncoder.IPV6_HEADER : FrameEncoder.IPV4_HEADER);
        final int sport = fromClient ? clientPort[s] : serverPort[s];
        final int dport = fromClient ? serverPort[s] : clientPort[s];
        final int window = 29200 + ((seq >>> 8) & 0x7FFF);
        final int body = enc.tcp(l4, sport, dport, seq, ack, flags, window, mss);
        final int end = payload(body, payload);
        enc.transportChecksum(ip, kind[s] == KIND_V6, l4, end, FrameEncoder.PROTO_TCP, 16);
        final int advance = payload + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        if (fromClient) {
            clientSeq[s] += advance;
        } else {
            serverSeq[s] += advance;
        }
        record(end);
    }

    /**
     * Writes the Ethernet (and VLAN) and IP headers for slot {@code s} after the record header.
     *
     * @return offset of the IP header
     */
    private int ip(final int s, final boolean fromClient, final int protocol, final int l4Length) {
        final long dstMac = fromClient ? SERVER_MAC : CLIENT_MAC;
        final long srcMac = fromClient ? CLIENT_MAC : SERVER_MAC;
        final int k = kind[s];
        if (k == KIND_V6) {
            final int ip = enc.ethernet(RECORD_HEADER, dstMac, srcMac, -1, FrameEncoder.ETHERTYPE_IPV6);
            final long client = clientAddr[s] & 0xFFFFFFFFL;
            final long server = serverAddr[s];
            enc.ipv6(ip, fromClient ? V6_CLIENT_PREFIX : V6_SERVER_PREFIX, fromClient ? client : server,
                fromClient ? V6_SERVER_PREFIX : V6_CLIENT_PREFIX, fromClient ? server : client,
                protocol, l4Length, clientPort[s] * 31 + serverPort[s]);
            return ip;
        }
        final int ip = enc.ethernet(RECORD_HEADER, dstMac, srcMac, k == KIND_VLAN ? vlan[s] : -1,
            FrameEncoder.ETHERTYPE_IPV4);
        enc.ipv4(ip, fromClient ? clientAddr[s] : serverAddr[s], fromClient ? serverAddr[s] : clientAddr[s],
            protocol, l4Length, ipId++, fromClient ? 64 : 57);
        return ip;
    }

    /** A lone UDP datagram using a scratch slot's addressing, so it follows the family mix. */
    private void udp() throws IOException {
        final int s = scratch();
        final boolean fromClient = random.nextBoolean();
        final int payload = 16 + random.nextInt(180);
        final int ip = ip(s, fromClient, FrameEncoder.PROTO_UDP, FrameEncoder.UDP_HEADER + payload);
        final int l4 = ip + (kind[s] == KIND_V6 ? FrameEncoder.IPV6_HEADER : FrameEncoder.IPV4_HEADER);
        final int port = 5004 + 2 * random.nextInt(8);
        final int body = enc.udp(l4, fromClient ? clientPort[s] : port, fromClient ? port : clientPort[s], payload);
        final int end = payload(body, payload);
        enc.transportChecksum(ip, kind[s] == KIND_V6, l4, end, FrameEncoder.PROTO_UDP, 6);
        record(end);
    }

    /** A lone ICMP or ICMPv6 echo request or reply. */
    private void icmp() throws IOException {
        final int s = scratch();
        final boolean v6 = kind[s] == KIND_V6;
        final boolean fromClient = random.nextBoolean();
        final int payload = 32 + random.nextInt(25);
        final int protocol = v6 ? FrameEncoder.PROTO_ICMPV6 : FrameEncoder.PROTO_ICMP;
        final int ip = ip(s, fromClient, protocol, 8 + payload);
        final int l4 = ip + (v6 ? FrameEncoder.IPV6_HEADER : FrameEncoder.IPV4_HEADER);
        final int type = v6 ? (fromClient ? 128 : 129) : (fromClient ? 8 : 0);
        final int body = enc.echo(l4, type, clientPort[s], (int) (packets & 0xFFFF));
        final int end = payload(body, payload);
        enc.transportChecksum(v6 ? ip : -1, v6, l4, end, protocol, 2);
        record(end);
    }

    /**
     * Picks a slot whose addressing a connectionless packet borrows (so UDP and ICMP follow the
     * same family mix and hosts); a slot between connections gets fresh addressing first.
     */
    private int scratch() {
        final int s = random.nextInt(SLOTS);
        if (state[s] == START) {
            open(s);
            connections--;
        }
        return s;
    }

    private int payload(final int at, final int length) {
        System.arraycopy(noise, random.nextInt(noise.length - length), buf, at, length);
        return at + length;
    }

    /** Fills in the record header for a frame ending at {@code end} and writes both. */
    private void record(final int end) throws IOException {
        final int frame = end - RECORD_HEADER;
        enc.u32le(0, (int) (micros / 1_000_000L));
        enc.u32le(4, (int) (micros % 1_000_000L));
        enc.u32le(8, frame);
        enc.u32le(12, frame);
        out.write(buf, 0, end);
        packets++;
        bytes += end;
    }
}
