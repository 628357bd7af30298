package io.pcapflow.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the outside leg of a capture as a 1:1 NAT would forward it, for the {@code nat} benchmark:
 * client addresses swapped between 192.0.2.0/24 and 198.51.100.0/24 (IPv6 client prefix
 * 2001:db8:1::/48 moved to 2001:db8:3::/48), ports kept (a bijection, so no two inside connections
 * share an outside key), client-to-server packets 30 µs later and server-to-client ones 30 µs
 * earlier than on the inside, and every 1000th packet dropped. Reads classic little-endian µs
 * Ethernet pcap as {@link CaptureGenerator} writes it.
 *
 * <p>Usage: {@code NatLegGenerator INSIDE.pcap OUTSIDE.pcap}
 */
public final class NatLegGenerator {
    private static final int SERVER_NET = 0xCB007100;
    private static final long TRANSIT_MICROS = 30;
    private static final int DROP_EVERY = 1000;

    private NatLegGenerator() {
    }

    /**
     * @param args inside file, outside file
     * @throws IOException when a file cannot be read or written
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: NatLegGenerator INSIDE.pcap OUTSIDE.pcap");
            System.exit(2);
        }
        long packets = 0;
        long dropped = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 20);
             DataInputStream in = new DataInputStream(raw);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 20)) {
            final byte[] header = new byte[24];
            in.readFully(header);
            if (u32(header, 0) != 0xA1B2C3D4L) {
                throw new IOException(args[0] + ": not a little-endian microsecond pcap");
            }
            out.write(header);
            final byte[] rec = new byte[16];
            byte[] data = new byte[65536 + 16];
            while (true) {
                try {
                    in.readFully(rec);
                } catch (EOFException e) {
                    break;
                }
                final int caplen = (int) u32(rec, 8);
                if (caplen > data.length) {
                    data = new byte[caplen];
                }
                in.readFully(data, 0, caplen);
                packets++;
                if (packets % DROP_EVERY == 0) {
                    dropped++;
                    continue;
                }
                final int fromClient = translate(data, caplen);
                long micros = u32(rec, 0) * 1_000_000L + u32(rec, 4);
                micros += fromClient > 0 ? TRANSIT_MICROS : fromClient < 0 ? -TRANSIT_MICROS : 0;
                put32(rec, 0, micros / 1_000_000L);
                put32(rec, 4, micros % 1_000_000L);
                out.write(rec);
                out.write(data, 0, caplen);
            }
        }
        System.err.printf(Locale.ROOT, "%s: %d packets read, %d dropped%n", args[1], packets, dropped);
    }

    /** @return 1 for a client-to-server packet, -1 for server-to-client, 0 for other */
    private static int translate(final byte[] d, final int len) {
        int ip = 14;
        int type = (d[12] & 0xFF) << 8 | d[13] & 0xFF;
        while ((type == 0x8100 || type == 0x88A8) && ip + 4 <= len) {
            type = (d[ip + 2] & 0xFF) << 8 | d[ip + 3] & 0xFF;
            ip += 4;
        }
        if (type == 0x0800 && ip + 20 <= len) {
            final int src = (int) be32(d, ip + 12);
            final int dst = (int) be32(d, ip + 16);
            if ((dst & 0xFFFFFF00) == SERVER_NET) {
                putBe32(d, ip + 12, swap(src));
                return 1;
            }
            if ((src & 0xFFFFFF00) == SERVER_NET) {
                putBe32(d, ip + 16, swap(dst));
                return -1;
            }
        } else if (type == 0x86DD && ip + 40 <= len) {
            // client prefix 2001:db8:1::/48 -> 2001:db8:3::/48 (byte 5 of the address)
            if (d[ip + 8 + 5] == 1) {
                d[ip + 8 + 5] = 3;
                return 1;
            }
            if (d[ip + 24 + 5] == 1) {
                d[ip + 24 + 5] = 3;
                return -1;
            }
        }
        return 0;
    }

    private static int swap(final int a) {
        final int net = a & 0xFFFFFF00;
        if (net == 0xC0000200) {
            return 0xC6336400 | a & 0xFF;
        }
        if (net == 0xC6336400) {
            return 0xC0000200 | a & 0xFF;
        }
        return a;
    }

    private static long u32(final byte[] b, final int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    private static void put32(final byte[] b, final int i, final long v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }

    private static long be32(final byte[] b, final int i) {
        return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    }

    private static void putBe32(final byte[] b, final int i, final int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
