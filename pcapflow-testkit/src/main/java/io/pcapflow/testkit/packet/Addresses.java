package io.pcapflow.testkit.packet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parsers for address literals (no name resolution). */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Parses a dotted-quad IPv4 literal.
     *
     * @param text e.g. {@code "192.0.2.1"}
     * @return 4 bytes
     */
    public static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 literal: " + text);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 literal: " + text);
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /**
     * Parses an IPv6 literal (must contain a colon, so no DNS lookup happens).
     *
     * @param text e.g. {@code "2001:db8::1"}
     * @return 16 bytes
     */
    public static byte[] ipv6(String text) {
        if (text.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text);
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet6Address) {
                return a.getAddress();
            }
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
            return mapped;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text, e);
        }
    }

    /**
     * Parses a MAC address written with colons or dashes.
     *
     * @param text e.g. {@code "02:00:00:00:00:01"}
     * @return 6 bytes
     */
    public static byte[] mac(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }
}
