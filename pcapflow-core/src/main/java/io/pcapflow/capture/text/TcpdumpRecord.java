package io.pcapflow.capture.text;

import java.nio.charset.StandardCharsets;

/**
 * One TCP packet as {@code tcpdump} printed it, filled by {@link TcpdumpParser} and reused for
 * every line (a flyweight: nothing is allocated per line). Values are the printed ones: sequence
 * numbers may be relative, host and port names stay names. Text fields (names, interface, payload
 * text) are ranges of the parsed buffer, valid until the next parse; the {@code String} accessors
 * allocate and are meant for tests and messages.
 */
public final class TcpdumpRecord {
    /** No timestamp was read. */
    public static final int TIME_NONE = 0;
    /** {@code HH:MM:SS.frac}: seconds of the day, the date is not printed (tcpdump's default). */
    public static final int TIME_OF_DAY = 1;
    /** {@code SECONDS.frac} since the epoch ({@code -tt}). */
    public static final int TIME_EPOCH = 2;
    /** {@code YYYY-MM-DD HH:MM:SS.frac} ({@code -tttt}). */
    public static final int TIME_DATE = 3;

    /** Largest TCP option area, in bytes (RFC 9293: data offset 15 words minus the 20-byte header). */
    public static final int MAX_OPTION_BYTES = 40;
    /** Most SACK blocks that fit in the option area. */
    public static final int MAX_SACK_BLOCKS = 4;

    /** What an endpoint's host or port is: a number or a name. */
    public static final class Endpoint {
        /** Host is an IPv4 address. */
        public static final int HOST_IPV4 = 4;
        /** Host is an IPv6 address. */
        public static final int HOST_IPV6 = 6;
        /** Host is a name (no {@code -n}, or edited text). */
        public static final int HOST_NAME = 1;

        int hostKind;
        int ipv4;
        long ipv6High;
        long ipv6Low;
        int hostStart;
        int hostEnd;
        int port = -1;
        int portStart;
        int portEnd;
        private byte[] text;

        void reset(final byte[] buffer) {
            hostKind = 0;
            port = -1;
            text = buffer;
        }

        /** @return {@link #HOST_IPV4}, {@link #HOST_IPV6} or {@link #HOST_NAME} */
        public int hostKind() {
            return hostKind;
        }

        /** @return the IPv4 address, when {@link #hostKind()} is {@link #HOST_IPV4} */
        public int ipv4() {
            return ipv4;
        }

        /** @return high 64 bits of the IPv6 address */
        public long ipv6High() {
            return ipv6High;
        }

        /** @return low 64 bits of the IPv6 address */
        public long ipv6Low() {
            return ipv6Low;
        }

        /** @return whether the port is a name rather than a number */
        public boolean isPortName() {
            return port < 0;
        }

        /** @return the port number, or -1 when it is a name */
        public int port() {
            return port;
        }

        /** @return index of the host text's first byte in the parsed buffer */
        public int hostStart() {
            return hostStart;
        }

        /** @return index one past the host text in the parsed buffer */
        public int hostEnd() {
            return hostEnd;
        }

        /** @return index of the port text's first byte in the parsed buffer */
        public int portStart() {
            return portStart;
        }

        /** @return index one past the port text in the parsed buffer */
        public int portEnd() {
            return portEnd;
        }

        /** @return the host as printed (allocates) */
        public String host() {
            return printed(text, hostStart, hostEnd);
        }

        /** @return the port as printed (allocates) */
        public String portText() {
            return printed(text, portStart, portEnd);
        }
    }

    final Endpoint source = new Endpoint();
    final Endpoint destination = new Endpoint();
    final byte[] options = new byte[MAX_OPTION_BYTES];
    final long[] sackLeft = new long[MAX_SACK_BLOCKS];
    final long[] sackRight = new long[MAX_SACK_BLOCKS];
    final int[] sackOptionOffset = new int[MAX_SACK_BLOCKS];

    byte[] text;
    int timeKind;
    long seconds;
    int nanos;
    int fractionDigits;
    int interfaceStart = -1;
    int interfaceEnd = -1;
    int packetType = -1;
    int ipVersionHint;
    int flags;
    boolean hasSeq;
    long seq;
    boolean hasSeqEnd;
    long seqEnd;
    boolean hasAck;
    long ack;
    int window = -1;
    boolean hasUrgent;
    int urgent;
    int optionLength;
    boolean hasOptions;
    int mss = -1;
    int windowScale = -1;
    boolean sackPermitted;
    boolean hasTimestamps;
    long tsVal;
    long tsEcr;
    int sackCount;
    int unknownOptions;
    boolean optionsOverflow;
    long length = -1;
    int payloadTextStart = -1;
    int payloadTextEnd = -1;
    int oddTokens;

    void reset(final byte[] buffer) {
        text = buffer;
        source.reset(buffer);
        destination.reset(buffer);
        timeKind = TIME_NONE;
        seconds = 0;
        nanos = 0;
        fractionDigits = 0;
        interfaceStart = -1;
        interfaceEnd = -1;
        packetType = -1;
        ipVersionHint = 0;
        flags = 0;
        hasSeq = false;
        hasSeqEnd = false;
        hasAck = false;
        window = -1;
        hasUrgent = false;
        optionLength = 0;
        hasOptions = false;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        hasTimestamps = false;
        sackCount = 0;
        unknownOptions = 0;
        optionsOverflow = false;
        length = -1;
        payloadTextStart = -1;
        payloadTextEnd = -1;
        oddTokens = 0;
    }

    /** @return one of the {@code TIME_*} constants */
    public int timeKind() {
        return timeKind;
    }

    /**
     * @return whole seconds: of the day for {@link #TIME_OF_DAY}, since the epoch (the printed
     *         clock taken as UTC) otherwise
     */
    public long seconds() {
        return seconds;
    }

    /** @return the fraction of the second, in nanoseconds */
    public int nanos() {
        return nanos;
    }

    /** @return digits printed after the decimal point (6 for µs, 9 for {@code --nano}) */
    public int fractionDigits() {
        return fractionDigits;
    }

    /** @return whether an interface column ({@code -i any}) was printed */
    public boolean hasInterface() {
        return interfaceStart >= 0;
    }

    /** @return the interface name (allocates), or {@code null} */
    public String interfaceName() {
        return interfaceStart < 0 ? null : printed(text, interfaceStart, interfaceEnd);
    }

    /**
     * @return the Linux packet type the direction column stands for: 0 {@code In}, 1 {@code B},
     *         2 {@code M}, 3 {@code P}, 4 {@code Out}; -1 when no direction was printed
     */
    public int packetType() {
        return packetType;
    }

    /** @return 4 after {@code IP}, 6 after {@code IP6}, 0 when neither was printed */
    public int ipVersionHint() {
        return ipVersionHint;
    }

    /** @return the source endpoint */
    public Endpoint source() {
        return source;
    }

    /** @return the destination endpoint */
    public Endpoint destination() {
        return destination;
    }

    /** @return TCP flag bits (FIN 0x01 ... CWR 0x80, AE 0x100) */
    public int flags() {
        return flags;
    }

    /** @return whether {@code seq} was printed (tcpdump omits it for empty segments without SYN/FIN/RST) */
    public boolean hasSeq() {
        return hasSeq;
    }

    /** @return the printed sequence number (relative unless {@code -S} or the first of a connection) */
    public long seq() {
        return seq;
    }

    /** @return whether {@code seq A:B} printed an end */
    public boolean hasSeqEnd() {
        return hasSeqEnd;
    }

    /** @return the printed end of the sequence range */
    public long seqEnd() {
        return seqEnd;
    }

    /** @return whether {@code ack} was printed */
    public boolean hasAck() {
        return hasAck;
    }

    /** @return the printed acknowledgement number */
    public long ack() {
        return ack;
    }

    /** @return the raw (unscaled) window, -1 when not printed */
    public int window() {
        return window;
    }

    /** @return whether {@code urg} was printed */
    public boolean hasUrgent() {
        return hasUrgent;
    }

    /** @return the urgent pointer */
    public int urgent() {
        return urgent;
    }

    /** @return whether an {@code options [...]} list was printed */
    public boolean hasOptions() {
        return hasOptions;
    }

    /** @return the options re-encoded in wire format, in printed order (SACK edges as printed) */
    public byte[] optionBytes() {
        return options;
    }

    /** @return bytes used in {@link #optionBytes()} */
    public int optionLength() {
        return optionLength;
    }

    /** @return MSS, or -1 */
    public int mss() {
        return mss;
    }

    /** @return window scale shift, or -1 */
    public int windowScale() {
        return windowScale;
    }

    /** @return whether {@code sackOK} was printed */
    public boolean sackPermitted() {
        return sackPermitted;
    }

    /** @return whether {@code TS val X ecr Y} was printed */
    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    /** @return TS value */
    public long tsVal() {
        return tsVal;
    }

    /** @return TS echo reply */
    public long tsEcr() {
        return tsEcr;
    }

    /** @return SACK blocks printed (at most {@link #MAX_SACK_BLOCKS} are kept) */
    public int sackCount() {
        return sackCount;
    }

    /**
     * @param i block index
     * @return left edge as printed
     */
    public long sackLeft(final int i) {
        return sackLeft[i];
    }

    /**
     * @param i block index
     * @return right edge as printed
     */
    public long sackRight(final int i) {
        return sackRight[i];
    }

    /** @return options printed that cannot be re-encoded (md5, mptcp, unknown-N, ...) */
    public int unknownOptions() {
        return unknownOptions;
    }

    /** @return TCP payload length ({@code length N}) */
    public long length() {
        return length;
    }

    /** @return text printed after {@code length N:} (an application summary), or {@code null} */
    public String payloadText() {
        return payloadTextStart < 0 ? null : printed(text, payloadTextStart, payloadTextEnd);
    }

    /** tcpdump's text is bytes; ISO-8859-1 gives each byte back as one char, whatever it is. */
    private static String printed(final byte[] text, final int start, final int end) {
        return new String(text, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * @return tokens the parser did not expect and stepped over (0 for what tcpdump prints; edited
     *         or wrapped text, such as annotations between fields, counts here)
     */
    public int oddTokens() {
        return oddTokens;
    }
}
