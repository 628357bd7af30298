package io.pcapflow.capture.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Numbers for the host and port names of tcpdump text (printed without {@code -n}, or edited by
 * hand), so named records can travel the packet pipeline, and the names back for display.
 *
 * <p>Hosts get addresses in order of first appearance: the n-th distinct name (n from 1) is
 * {@code 198.18.0.0 + n} when its record is IPv4 or has no numeric address at all (RFC 2544's
 * benchmarking block, 198.18.0.0/15, which no real capture or fixture of ours uses), and
 * {@code 2001:db8:ffff::n} when the other endpoint is IPv6 (inside the documentation prefix
 * 2001:db8::/32, RFC 3849). A name keeps its number, n, in both families. Ports named after a
 * well-known service ({@code http}, {@code ssh}, ...) get that service's number; other port names
 * get {@code 49152 + n - 1} (the dynamic range) in order of appearance. At most
 * {@link #MAX_HOSTS} host and {@link #MAX_PORTS} port names are kept; lookups are by bytes and
 * allocate only when a name is new.
 */
public final class NameTable {
    /** Most host names numbered. */
    public static final int MAX_HOSTS = 65_536;
    /** Most port names numbered. */
    public static final int MAX_PORTS = 16_384;
    /** First address of the IPv4 block names map into (198.18.0.0). */
    public static final int IPV4_BASE = (198 << 24) | (18 << 16);
    /** High 64 bits of the IPv6 prefix names map into (2001:db8:ffff::/48). */
    public static final long IPV6_BASE_HIGH = 0x2001_0db8_ffff_0000L;
    /** First port given to a name that is no well-known service. */
    public static final int FIRST_NAMED_PORT = 49_152;

    private static final String[] SERVICES = {
        "ftp-data", "20", "ftp", "21", "ssh", "22", "telnet", "23", "smtp", "25", "domain", "53", "http", "80",
        "kerberos", "88", "pop3", "110", "sunrpc", "111", "auth", "113", "nntp", "119", "netbios-ssn", "139",
        "imap", "143", "bgp", "179", "ldap", "389", "https", "443", "microsoft-ds", "445", "submissions", "465",
        "exec", "512", "login", "513", "shell", "514", "printer", "515", "submission", "587", "ldaps", "636",
        "rsync", "873", "imaps", "993", "pop3s", "995", "nfs", "2049", "mysql", "3306", "ms-wbt-server", "3389",
        "sip", "5060", "xmpp-client", "5222", "postgresql", "5432", "redis", "6379", "http-alt", "8080",
    };

    private final Interner hosts = new Interner(MAX_HOSTS);
    private final Interner ports = new Interner(MAX_PORTS);
    private final int[] portNumbers = new int[MAX_PORTS];
    private int namedPorts;
    private int[] nameOfPort;

    /**
     * @param text  bytes holding the name
     * @param start first byte
     * @param end   one past the last byte
     * @return the 1-based number of the host name, or -1 when the table is full
     */
    public int host(final byte[] text, final int start, final int end) {
        final int i = hosts.intern(text, start, end);
        return i < 0 ? -1 : i + 1;
    }

    /**
     * @param text  bytes holding the name
     * @param start first byte
     * @param end   one past the last byte
     * @return the port number for the name, or -1 when the table is full
     */
    public int port(final byte[] text, final int start, final int end) {
        final int before = ports.size();
        final int i = ports.intern(text, start, end);
        if (i < 0) {
            return -1;
        }
        if (i == before) {
            final int number = serviceNumber(text, start, end);
            portNumbers[i] = number >= 0 ? number : FIRST_NAMED_PORT + namedPorts++;
            if (nameOfPort == null) {
                nameOfPort = new int[65_536];
            }
            if (nameOfPort[portNumbers[i]] == 0) {
                nameOfPort[portNumbers[i]] = i + 1;
            }
        }
        return portNumbers[i];
    }

    private static int serviceNumber(final byte[] text, final int start, final int end) {
        for (int s = 0; s < SERVICES.length; s += 2) {
            final String name = SERVICES[s];
            if (name.length() == end - start && matches(name, text, start)) {
                return Integer.parseInt(SERVICES[s + 1]);
            }
        }
        return -1;
    }

    private static boolean matches(final String name, final byte[] text, final int start) {
        for (int i = 0; i < name.length(); i++) {
            if (text[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param number 1-based host number from {@link #host}
     * @return the IPv4 address standing for it
     */
    public static int ipv4(final int number) {
        return IPV4_BASE + number;
    }

    /**
     * @param number 1-based host number from {@link #host}
     * @return low 64 bits of the IPv6 address standing for it (the high bits are {@link #IPV6_BASE_HIGH})
     */
    public static long ipv6Low(final int number) {
        return number;
    }

    /**
     * @param ipv4 an address
     * @return the name it stands for, or {@code null}
     */
    public String hostName(final int ipv4) {
        final long n = (ipv4 & 0xFFFF_FFFFL) - (IPV4_BASE & 0xFFFF_FFFFL);
        return n >= 1 && n <= hosts.size() ? hosts.name((int) n - 1) : null;
    }

    /**
     * @param high high 64 bits of an IPv6 address
     * @param low  low 64 bits
     * @return the name it stands for, or {@code null}
     */
    public String hostName(final long high, final long low) {
        return high == IPV6_BASE_HIGH && low >= 1 && low <= hosts.size() ? hosts.name((int) low - 1) : null;
    }

    /**
     * @param port a port number
     * @return the name that was given this number, or {@code null}
     */
    public String portName(final int port) {
        if (nameOfPort == null || port < 0 || port > 65_535 || nameOfPort[port] == 0) {
            return null;
        }
        return ports.name(nameOfPort[port] - 1);
    }

    /** @return host names in order of appearance (number 1 first) */
    public List<String> hostNames() {
        final List<String> names = new ArrayList<>(hosts.size());
        for (int i = 0; i < hosts.size(); i++) {
            names.add(hosts.name(i));
        }
        return names;
    }

    /** @return port names in order of appearance */
    public List<String> portNames() {
        final List<String> names = new ArrayList<>(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            names.add(ports.name(i));
        }
        return names;
    }

    /** Byte strings to dense indices, open addressing; a name is copied once, when first seen. */
    static final class Interner {
        private static final int MAX_NAME = 255;

        private final int max;
        private final int[] slots;
        private final int mask;
        private byte[][] names = new byte[16][];
        private int size;

        Interner(final int max) {
            this.max = max;
            final int capacity = Integer.highestOneBit(max) << 2;
            this.slots = new int[capacity];
            this.mask = capacity - 1;
        }

        int size() {
            return size;
        }

        String name(final int index) {
            return new String(names[index], StandardCharsets.ISO_8859_1);
        }

        /** @return the dense index of the name, or -1 when the table is full or the name too long */
        int intern(final byte[] text, final int start, final int end) {
            final int length = end - start;
            if (length > MAX_NAME) {
                return -1;
            }
            int h = 1;
            for (int i = start; i < end; i++) {
                h = 31 * h + text[i];
            }
            h ^= h >>> 16;
            int slot = h & mask;
            while (slots[slot] != 0) {
                final byte[] known = names[slots[slot] - 1];
                if (known.length == length && Arrays.equals(known, 0, length, text, start, end)) {
                    return slots[slot] - 1;
                }
                slot = (slot + 1) & mask;
            }
            if (size >= max) {
                return -1;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, Math.min(max, size * 2));
            }
            names[size] = Arrays.copyOfRange(text, start, end);
            slots[slot] = ++size;
            return size - 1;
        }
    }
}
