package io.pcapflow.cli.option;

import io.pcapflow.decode.IpAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * An address literal, optionally with a port ({@code 192.0.2.1}, {@code 192.0.2.1:80},
 * {@code [2001:db8::1]:80}, {@code 2001:db8::1}), held in the canonical text our outputs use so a
 * filter compares equal however the user wrote it.
 *
 * @param address canonical address text, or null for "any address"
 * @param port    port, or -1 for any port
 */
public record Endpoint(String address, int port) {

    /**
     * Parses a command-line value.
     *
     * @param text   what the user typed
     * @param option option name for messages
     * @param withPort whether {@code :PORT} is expected
     * @return the endpoint
     * @throws IllegalArgumentException with a one-line message when the value is not an address
     */
    public static Endpoint parse(final String text, final String option, final boolean withPort) {
        String host = text;
        int port = -1;
        if (withPort) {
            final int colon = text.lastIndexOf(':');
            final boolean bracketed = text.startsWith("[");
            if (bracketed) {
                final int close = text.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(option + " " + text + ": missing ']'");
                }
                host = text.substring(1, close);
                if (close + 1 < text.length()) {
                    if (text.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException(option + " " + text + ": expected [IPv6]:PORT");
                    }
                    port = port(text.substring(close + 2), option, text);
                }
            } else if (colon > 0 && text.indexOf(':') == colon) {
                host = text.substring(0, colon);
                port = port(text.substring(colon + 1), option, text);
            }
        }
        return new Endpoint(canonical(host, option, text), port);
    }

    private static int port(final String digits, final String option, final String text) {
        try {
            final int p = Integer.parseInt(digits);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + text + ": not a port number (0-65535)", e);
        }
    }

    private static String canonical(final String host, final String option, final String text) {
        if (host.isEmpty() || "*".equals(host)) {
            return null;
        }
        if (!host.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException(option + " " + text + ": not an IPv4 or IPv6 address");
        }
        final byte[] a;
        try {
            a = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + " " + text + ": not an IPv4 or IPv6 address", e);
        }
        final ByteBuffer b = ByteBuffer.wrap(a);
        final StringBuilder sb = new StringBuilder();
        if (a.length == 4) {
            IpAddresses.appendIpv4(sb, b.getInt());
        } else {
            IpAddresses.appendIpv6(sb, b.getLong(), b.getLong());
        }
        return sb.toString();
    }

    /**
     * @param addressText canonical address text
     * @param portNumber  port
     * @return whether this endpoint selects that address and port
     */
    public boolean matches(final String addressText, final int portNumber) {
        return (address == null || address.equals(addressText)) && (port < 0 || port == portNumber);
    }
}
