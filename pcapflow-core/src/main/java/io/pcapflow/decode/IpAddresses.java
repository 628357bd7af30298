package io.pcapflow.decode;

/**
 * Text forms of addresses held as primitives, appended to a caller's {@link StringBuilder} so
 * that exporters can reuse one builder. For output, not for the per-packet decode path.
 */
public final class IpAddresses {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpAddresses() {
    }

    /**
     * Appends dotted-quad text.
     *
     * @param sb      destination
     * @param address IPv4 address, big-endian in an int
     * @return {@code sb}
     */
    public static StringBuilder appendIpv4(final StringBuilder sb, final int address) {
        return sb.append(address >>> 24).append('.').append((address >>> 16) & 0xFF).append('.')
            .append((address >>> 8) & 0xFF).append('.').append(address & 0xFF);
    }

    /**
     * Appends RFC 5952 canonical text: lowercase hex without leading zeros, the longest run of two
     * or more zero groups (the first on ties) as {@code ::}, and the embedded IPv4 forms that
     * {@code inet_ntop} (and so tshark) prints: {@code ::ffff:a.b.c.d} and {@code ::a.b.c.d}.
     *
     * @param sb destination
     * @param hi first 8 bytes
     * @param lo last 8 bytes
     * @return {@code sb}
     */
    public static StringBuilder appendIpv6(final StringBuilder sb, final long hi, final long lo) {
        int bestStart = -1;
        int bestLength = 0;
        int runStart = -1;
        for (int i = 0; i < 8; i++) {
            if (group(hi, lo, i) == 0) {
                if (runStart < 0) {
                    runStart = i;
                }
                final int runLength = i - runStart + 1;
                if (runLength > bestLength) {
                    bestStart = runStart;
                    bestLength = runLength;
                }
            } else {
                runStart = -1;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
            bestLength = 0;
        }
        // inet_ntop's rule: IPv4-compatible (::a.b.c.d, not :: or ::1) and IPv4-mapped (::ffff:a.b.c.d).
        if (bestStart == 0 && (bestLength == 6 || (bestLength == 5 && group(hi, lo, 5) == 0xFFFF))) {
            sb.append("::");
            if (bestLength == 5) {
                sb.append("ffff:");
            }
            return appendIpv4(sb, (int) lo);
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                sb.append(':');
            }
            appendHex(sb, group(hi, lo, i));
        }
        return sb;
    }

    /**
     * Appends the packet's source address (nothing when it has no IP header).
     *
     * @param sb   destination
     * @param view decoded packet
     * @return {@code sb}
     */
    public static StringBuilder appendSource(final StringBuilder sb, final PacketView view) {
        switch (view.ipVersion()) {
            case 4:
                return appendIpv4(sb, view.ipv4Source());
            case 6:
                return appendIpv6(sb, view.ipv6SourceHigh(), view.ipv6SourceLow());
            default:
                return sb;
        }
    }

    /**
     * Appends the packet's destination address (nothing when it has no IP header).
     *
     * @param sb   destination
     * @param view decoded packet
     * @return {@code sb}
     */
    public static StringBuilder appendDestination(final StringBuilder sb, final PacketView view) {
        switch (view.ipVersion()) {
            case 4:
                return appendIpv4(sb, view.ipv4Destination());
            case 6:
                return appendIpv6(sb, view.ipv6DestinationHigh(), view.ipv6DestinationLow());
            default:
                return sb;
        }
    }

    private static int group(final long hi, final long lo, final int i) {
        final long half = i < 4 ? hi : lo;
        return (int) (half >>> (48 - 16 * (i & 3))) & 0xFFFF;
    }

    private static void appendHex(final StringBuilder sb, final int value) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            final int nibble = (value >>> shift) & 0xF;
            if (nibble != 0 || started || shift == 0) {
                sb.append(HEX[nibble]);
                started = true;
            }
        }
    }
}
