package io.pcapflow.capture.text;

/**
 * Reads one record of {@code tcpdump -n} text, straight from bytes into a reused
 * {@link TcpdumpRecord}: no {@code String}, no regular expression, nothing allocated per line.
 *
 * <p>A record is {@code TIME [IFACE DIR] [IP|IP6|link header:] SRC.PORT > DST.PORT: Flags [..], seq
 * A[:B], ack N, win N, urg N, options [..], length N[: text]}. Times: {@code HH:MM:SS.frac},
 * {@code SECONDS.frac} ({@code -tt}) or {@code YYYY-MM-DD HH:MM:SS.frac} ({@code -tttt}), with 1 to
 * 9 fraction digits ({@code --nano}). The endpoints are found backwards from {@code : Flags [}, so
 * whatever precedes them ({@code -e} link headers, {@code -v} IP details) is stepped over. Fields
 * after the flags are read by keyword; a token that is none of them (a {@code -v} checksum, or an
 * annotation in edited text) is stepped over and counted in {@link TcpdumpRecord#oddTokens()}. The
 * record is complete at {@code length N}; before that, {@link Result#INCOMPLETE} tells the caller
 * to join the next line.
 */
public final class TcpdumpParser {
    /** What a parse found. */
    public enum Result {
        /** A complete TCP record. */
        RECORD,
        /** The text does not start with a timestamp: a continuation or some other line. */
        NOT_A_RECORD,
        /** A timestamped record without {@code Flags [}: not TCP (ARP, UDP, ICMP, IP fragment), or not yet. */
        NO_FLAGS,
        /** A TCP record that has not reached {@code length N} (yet). */
        INCOMPLETE,
        /** A TCP record with a field that cannot be read (address, number, flag letter). */
        MALFORMED,
        /** tcpdump cut the record short ({@code [|tcp]}): the capture's snaplen ended inside the header. */
        TRUNCATED,
        /** tcpdump reported a bad TCP header length. */
        BAD_HEADER
    }

    private static final long MAX_U32 = 0xFFFF_FFFFL;
    /** Payload lengths above this are refused: far beyond any GSO/TSO super-segment. */
    private static final long MAX_LENGTH = 1L << 24;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final String NO_TIME = "[Error converting time] ";
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    private byte[] b;
    private int p;
    private int end;
    private TcpdumpRecord r;
    private long number;
    private final int[] ipv6Groups = new int[8];

    /**
     * Parses {@code buffer[from, to)}, which holds one record without its line end (or several
     * joined lines).
     *
     * @param buffer the text
     * @param from   first byte
     * @param to     one past the last byte
     * @param record filled with what was read
     * @return what was found; {@code record} is meaningful for {@link Result#RECORD}
     */
    public Result parse(final byte[] buffer, final int from, final int to, final TcpdumpRecord record) {
        b = buffer;
        p = from;
        end = Math.min(to, buffer.length);
        r = record;
        record.reset(buffer);
        if (!timestamp()) {
            return Result.NOT_A_RECORD;
        }
        final int headerStart = p;
        final int flagsAt = tcpFlags(headerStart);
        if (flagsAt < 0) {
            return Result.NO_FLAGS;
        }
        if (!endpoints(headerStart, flagsAt)) {
            return Result.MALFORMED;
        }
        p = flagsAt + 7;
        if (!flags()) {
            return Result.MALFORMED;
        }
        return fields();
    }

    /**
     * @return where TCP's {@code Flags [} starts: the first one right after the endpoints' colon
     *         (ICMPv6 prints {@code , Flags [router, ...]}, which is not TCP), or -1
     */
    private int tcpFlags(final int from) {
        int at = find(from, "Flags [");
        while (at >= 0) {
            int q = at - 1;
            while (q >= from && b[q] == ' ') {
                q--;
            }
            if (q >= from && b[q] == ':') {
                return at;
            }
            at = find(at + 1, "Flags [");
        }
        return -1;
    }

    // ---- timestamp -------------------------------------------------------------------------

    private boolean timestamp() {
        final int start = p;
        if (startsWith(start, NO_TIME)) {
            // tcpdump could not format the time (out of gmtime's range): a record, but without a time
            p = start + NO_TIME.length();
            r.timeKind = TcpdumpRecord.TIME_NONE;
            return true;
        }
        final int digits = digitRun(start);
        if (digits == 4 && at(start + 4) == '-') {
            if (!digitsAt(start, 4) || at(start + 7) != '-' || !digitsAt(start + 5, 2) || !digitsAt(start + 8, 2)
                || at(start + 10) != ' ') {
                return false;
            }
            final long day = daysFromCivil(num(start, 4), num(start + 5, 2), num(start + 8, 2));
            p = start + 11;
            if (!timeOfDay()) {
                return false;
            }
            r.seconds += day * SECONDS_PER_DAY;
            r.timeKind = TcpdumpRecord.TIME_DATE;
        } else if (digits == 2 && at(start + 2) == ':') {
            if (!timeOfDay()) {
                return false;
            }
            r.timeKind = TcpdumpRecord.TIME_OF_DAY;
        } else if (digits >= 1 && digits <= 12 && at(start + digits) == '.') {
            long secs = 0;
            for (int i = 0; i < digits; i++) {
                secs = secs * 10 + (b[start + i] - '0');
            }
            r.seconds = secs;
            p = start + digits;
            if (!fraction()) {
                return false;
            }
            r.timeKind = TcpdumpRecord.TIME_EPOCH;
        } else {
            return false;
        }
        if (p >= end || b[p] != ' ') {
            return false;
        }
        p++;
        return true;
    }

    private boolean timeOfDay() {
        final int s = p;
        if (!digitsAt(s, 2) || at(s + 2) != ':' || !digitsAt(s + 3, 2) || at(s + 5) != ':' || !digitsAt(s + 6, 2)) {
            return false;
        }
        final int h = num(s, 2);
        final int m = num(s + 3, 2);
        final int sec = num(s + 6, 2);
        if (h > 23 || m > 59 || sec > 60) {
            return false;
        }
        r.seconds = h * 3600L + m * 60L + sec;
        p = s + 8;
        return at(p) == '.' && fraction();
    }

    private boolean fraction() {
        p++;
        final int digits = digitRun(p);
        if (digits < 1 || digits > 9) {
            return false;
        }
        r.nanos = num(p, digits) * POW10[9 - digits];
        r.fractionDigits = digits;
        p += digits;
        return true;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(final long year, final long month, final long day) {
        final long y = month <= 2 ? year - 1 : year;
        final long era = Math.floorDiv(y, 400);
        final long yoe = y - era * 400;
        final long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    // ---- header: interface, direction, endpoints ---------------------------------------------

    private boolean endpoints(final int headerStart, final int flagsAt) {
        int q = flagsAt - 1;
        while (q > headerStart && b[q] == ' ') {
            q--;
        }
        if (q <= headerStart || b[q] != ':') {
            return false;
        }
        final int dstEnd = q;
        final int dstStart = tokenStart(headerStart, dstEnd);
        final int srcEnd = tokenBeforeArrow(headerStart, dstStart);
        if (srcEnd < 0) {
            return false;
        }
        final int srcStart = tokenStart(headerStart, srcEnd);
        if (isPort(srcStart, srcEnd) && isPort(dstStart, dstEnd)) {
            return portsAfterAddresses(headerStart, srcStart, srcEnd, dstStart, dstEnd);
        }
        prefix(headerStart, srcStart);
        return endpoint(r.source, srcStart, srcEnd) && endpoint(r.destination, dstStart, dstEnd)
            && sameFamily();
    }

    private boolean isPort(final int s, final int e) {
        final int d = digitRun(s);
        return d >= 1 && d <= 5 && s + d == e;
    }

    /**
     * {@code A > B: EXT ... SPORT > DPORT: Flags}: tcpdump prints the addresses before IPv6
     * extension headers and the bare ports after them.
     */
    private boolean portsAfterAddresses(final int headerStart, final int srcStart, final int srcEnd, final int dstStart,
                                        final int dstEnd) {
        int c = srcStart - 2;
        while (c > headerStart && !(b[c] == ':' && b[c + 1] == ' ')) {
            c--;
        }
        if (c <= headerStart) {
            return false;
        }
        final int hostEnd = c;
        final int hostStart = tokenStart(headerStart, hostEnd);
        final int srcHostEnd = tokenBeforeArrow(headerStart, hostStart);
        if (srcHostEnd < 0) {
            return false;
        }
        final int srcHostStart = tokenStart(headerStart, srcHostEnd);
        prefix(headerStart, srcHostStart);
        if (!host(r.source, srcHostStart, srcHostEnd) || !host(r.destination, hostStart, hostEnd)) {
            return false;
        }
        barePort(r.source, srcStart, srcEnd);
        barePort(r.destination, dstStart, dstEnd);
        return r.source.port <= 65_535 && r.destination.port <= 65_535 && sameFamily();
    }

    /** A port that {@link #isPort} already found to be 1 to 5 digits, so it is read without checks. */
    private void barePort(final TcpdumpRecord.Endpoint ep, final int s, final int e) {
        ep.port = num(s, e - s);
        ep.portStart = s;
        ep.portEnd = e;
    }

    /**
     * Steps back from {@code rightStart} over {@code " > "} to the token before the arrow. Both header forms,
     * {@code SRC.PORT > DST.PORT:} and the hosts before IPv6 extension headers, are read this way.
     *
     * @return one past that token, or -1 when no {@code >} comes first or only spaces stand before it
     */
    private int tokenBeforeArrow(final int floor, final int rightStart) {
        int q = rightStart - 1;
        while (q > floor && b[q] == ' ') {
            q--;
        }
        if (q <= floor || b[q] != '>') {
            return -1;
        }
        q--;
        while (q > floor && b[q] == ' ') {
            q--;
        }
        // the scan stops at floor even on a space: then nothing is there
        return b[q] == ' ' ? -1 : q + 1;
    }

    private boolean sameFamily() {
        final int a = r.source.hostKind;
        final int d = r.destination.hostKind;
        return a == d || a == TcpdumpRecord.Endpoint.HOST_NAME || d == TcpdumpRecord.Endpoint.HOST_NAME;
    }

    /** Interface and direction columns ({@code -i any}), then {@code IP} or {@code IP6}. */
    private void prefix(final int start, final int limit) {
        int s = skipSpaces(start, limit);
        int e = tokenEnd(s, limit);
        if (e == s) {
            return;
        }
        int type = directionWord(s, e);
        if (type < 0 && !isIpWord(s, e)) {
            final int s2 = skipSpaces(e, limit);
            final int e2 = tokenEnd(s2, limit);
            final int type2 = directionWord(s2, e2);
            if (type2 >= 0) {
                r.interfaceStart = s;
                r.interfaceEnd = e;
                type = type2;
                e = e2;
            }
        }
        if (type >= 0) {
            r.packetType = type;
            s = skipSpaces(e, limit);
            e = tokenEnd(s, limit);
        }
        if (isIpWord(s, e)) {
            r.ipVersionHint = e - s == 2 ? 4 : 6;
        }
    }

    private boolean isIpWord(final int s, final int e) {
        return (e - s == 2 && b[s] == 'I' && b[s + 1] == 'P')
            || (e - s == 3 && b[s] == 'I' && b[s + 1] == 'P' && b[s + 2] == '6');
    }

    /** @return the Linux packet type of a direction column, -1 when the token is none */
    private int directionWord(final int s, final int e) {
        final int n = e - s;
        if (n == 1) {
            switch (b[s]) {
                case 'B':
                    return 1;
                case 'M':
                    return 2;
                case 'P':
                    return 3;
                default:
                    return -1;
            }
        }
        if (n == 2 && b[s] == 'I' && b[s + 1] == 'n') {
            return 0;
        }
        if (n == 3 && b[s] == 'O' && b[s + 1] == 'u' && b[s + 2] == 't') {
            return 4;
        }
        if (n == 4 && b[s] == '(' && (b[s + 1] | 0x20) == 'i' && (b[s + 2] | 0x20) == 'n' && b[s + 3] == ')') {
            return 0;
        }
        if (n == 5 && b[s] == '(' && (b[s + 1] | 0x20) == 'o' && (b[s + 2] | 0x20) == 'u'
            && (b[s + 3] | 0x20) == 't' && b[s + 4] == ')') {
            return 4;
        }
        return -1;
    }

    private boolean endpoint(final TcpdumpRecord.Endpoint ep, final int s, final int e) {
        int dot = e - 1;
        while (dot > s && b[dot] != '.') {
            dot--;
        }
        if (dot <= s || dot >= e - 1) {
            return false;
        }
        ep.hostStart = s;
        ep.hostEnd = dot;
        ep.portStart = dot + 1;
        ep.portEnd = e;
        final int port = digitRun(dot + 1);
        if (port == e - dot - 1) {
            if (port > 5) {
                return false;
            }
            ep.port = num(dot + 1, port);
            if (ep.port > 65_535) {
                return false;
            }
        } else {
            ep.port = -1;
        }
        return host(ep, s, dot);
    }

    private boolean host(final TcpdumpRecord.Endpoint ep, final int s, final int dot) {
        ep.hostStart = s;
        ep.hostEnd = dot;
        if (contains(s, dot, ':')) {
            ep.hostKind = TcpdumpRecord.Endpoint.HOST_IPV6;
            return ipv6(ep, s, dot);
        }
        if (ipv4(s, dot)) {
            ep.hostKind = TcpdumpRecord.Endpoint.HOST_IPV4;
            ep.ipv4 = (int) number;
        } else {
            ep.hostKind = TcpdumpRecord.Endpoint.HOST_NAME;
        }
        return true;
    }

    /** Dotted quad into {@link #number}; false when the text is not exactly one. */
    private boolean ipv4(final int s, final int e) {
        long value = 0;
        int q = s;
        for (int part = 0; part < 4; part++) {
            final int d = digitRun(q);
            if (d < 1 || d > 3 || q + d > e) {
                return false;
            }
            final int octet = num(q, d);
            if (octet > 255) {
                return false;
            }
            value = (value << 8) | octet;
            q += d;
            if (part < 3) {
                if (q >= e || b[q] != '.') {
                    return false;
                }
                q++;
            }
        }
        number = value;
        return q == e;
    }

    /** RFC 4291 section 2.2 text forms: groups, one {@code ::}, an optional trailing dotted quad. */
    private boolean ipv6(final TcpdumpRecord.Endpoint ep, final int s, final int e) {
        final int[] groups = ipv6Groups;
        int count = 0;
        int gap = -1;
        int q = s;
        if (e - s >= 2 && b[s] == ':' && b[s + 1] == ':') {
            gap = 0;
            q = s + 2;
        } else if (e > s && b[s] == ':') {
            return false;
        }
        while (q < e) {
            int hexEnd = q;
            int value = 0;
            while (hexEnd < e && hexEnd - q < 5 && hexValue(b[hexEnd]) >= 0) {
                value = (value << 4) | hexValue(b[hexEnd]);
                hexEnd++;
            }
            if (hexEnd < e && b[hexEnd] == '.') {
                if (count > 6 || !ipv4(q, e)) {
                    return false;
                }
                groups[count++] = (int) (number >>> 16);
                groups[count++] = (int) (number & 0xFFFF);
                q = e;
                break;
            }
            if (hexEnd == q || hexEnd - q > 4 || count >= 8) {
                return false;
            }
            groups[count++] = value;
            q = hexEnd;
            if (q < e) {
                if (b[q] != ':') {
                    return false;
                }
                q++;
                if (q < e && b[q] == ':') {
                    if (gap >= 0) {
                        return false;
                    }
                    gap = count;
                    q++;
                } else if (q == e) {
                    return false;
                }
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return false;
        }
        long high = 0;
        long low = 0;
        final int zeros = 8 - count;
        int g = 0;
        for (int i = 0; i < 8; i++) {
            final int v;
            if (gap >= 0 && i >= gap && i < gap + zeros) {
                v = 0;
            } else {
                v = groups[g++];
            }
            if (i < 4) {
                high = (high << 16) | v;
            } else {
                low = (low << 16) | v;
            }
        }
        ep.ipv6High = high;
        ep.ipv6Low = low;
        return true;
    }

    private static int hexValue(final byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        final int l = c | 0x20;
        if (l >= 'a' && l <= 'f') {
            return l - 'a' + 10;
        }
        return -1;
    }

    // ---- flags and fields ------------------------------------------------------------------

    private boolean flags() {
        int f = 0;
        if (startsWith(p, "none]")) {
            p += 5;
            r.flags = 0;
            return true;
        }
        while (p < end && b[p] != ']') {
            switch (b[p]) {
                case 'F':
                    f |= 0x01;
                    break;
                case 'S':
                    f |= 0x02;
                    break;
                case 'R':
                    f |= 0x04;
                    break;
                case 'P':
                    f |= 0x08;
                    break;
                case '.':
                    f |= 0x10;
                    break;
                case 'U':
                    f |= 0x20;
                    break;
                case 'E':
                    f |= 0x40;
                    break;
                case 'W':
                    f |= 0x80;
                    break;
                case 'e':
                    f |= 0x100;
                    break;
                default:
                    return false;
            }
            p++;
        }
        if (p >= end) {
            return false;
        }
        p++;
        r.flags = f;
        return true;
    }

    private Result fields() {
        while (true) {
            skipSeparators();
            if (p >= end) {
                return Result.INCOMPLETE;
            }
            if (b[p] == '[') {
                final Result bracket = topLevelBracket();
                if (bracket != null) {
                    return bracket;
                }
                continue;
            }
            final int s = p;
            final int e = wordEnd(s);
            final Result result = field(s, e);
            if (result != null) {
                return result;
            }
        }
    }

    /** @return a final result, or null to go on */
    private Result field(final int s, final int e) {
        final int n = e - s;
        p = e;
        if (n == 3 && word(s, "seq")) {
            if (!unsigned32()) {
                return numberProblem();
            }
            r.seq = number;
            r.hasSeq = true;
            if (p < end && b[p] == ':') {
                p++;
                if (!unsigned32()) {
                    return numberProblem();
                }
                r.seqEnd = number;
                r.hasSeqEnd = true;
            }
        } else if (n == 3 && word(s, "ack")) {
            if (!unsigned32()) {
                return numberProblem();
            }
            r.ack = number;
            r.hasAck = true;
        } else if (n == 3 && word(s, "win")) {
            if (!unsigned32() || number > 0xFFFF) {
                return numberProblem();
            }
            r.window = (int) number;
        } else if (n == 3 && word(s, "urg")) {
            if (!unsigned32() || number > 0xFFFF) {
                return numberProblem();
            }
            r.urgent = (int) number;
            r.hasUrgent = true;
        } else if (n == 7 && word(s, "options")) {
            skipSpaces();
            if (p >= end) {
                return Result.INCOMPLETE;
            }
            if (b[p] != '[') {
                r.oddTokens++;
                return null;
            }
            p++;
            r.hasOptions = true;
            return options();
        } else if (n == 6 && word(s, "length")) {
            return length();
        } else {
            r.oddTokens++;
            if (e == s) {
                p++;
            }
        }
        return null;
    }

    private Result numberProblem() {
        return p >= end ? Result.INCOMPLETE : Result.MALFORMED;
    }

    private Result length() {
        if (!unsigned32()) {
            return numberProblem();
        }
        if (number > MAX_LENGTH) {
            return Result.MALFORMED;
        }
        r.length = number;
        if (p + 1 < end && b[p] == ':' && b[p + 1] == ' ') {
            r.payloadTextStart = p + 2;
            r.payloadTextEnd = end;
        }
        return Result.RECORD;
    }

    /** {@code [|tcp]}, {@code [bad hdr length ...]}, or some other bracket to step over. */
    private Result topLevelBracket() {
        if (startsWith(p, "[|")) {
            return Result.TRUNCATED;
        }
        if (startsWith(p, "[bad hdr length")) {
            return Result.BAD_HEADER;
        }
        r.oddTokens++;
        while (p < end && b[p] != ']') {
            p++;
        }
        if (p >= end) {
            return Result.INCOMPLETE;
        }
        p++;
        return null;
    }

    // ---- options ---------------------------------------------------------------------------

    private Result options() {
        while (true) {
            skipSeparators();
            if (p >= end) {
                return Result.INCOMPLETE;
            }
            final byte c = b[p];
            if (c == ']') {
                p++;
                return null;
            }
            if (c == '[') {
                return startsWith(p, "[|") ? Result.TRUNCATED : Result.MALFORMED;
            }
            final int s = p;
            final int e = wordEnd(s);
            p = e;
            final Result result = option(s, e);
            if (result != null) {
                return result;
            }
            // what follows an option must be ',' or ']': step over anything else (edited text)
            while (true) {
                skipSpaces();
                if (p >= end) {
                    return Result.INCOMPLETE;
                }
                if (b[p] == ',' || b[p] == ']') {
                    break;
                }
                if (b[p] == '[') {
                    return startsWith(p, "[|") ? Result.TRUNCATED : Result.MALFORMED;
                }
                final int js = p;
                final int je = wordEnd(js);
                p = je == js ? je + 1 : je;
                r.oddTokens++;
                if (je - js == 6 && word(js, "length")) {
                    // an options list never closed (wrapped or edited text): the record ends here
                    p = je;
                    return length();
                }
            }
        }
    }

    /**
     * Reads one option's value and re-encodes it.
     *
     * @return null to go on, anything else ends the record
     */
    private Result option(final int s, final int e) {
        final int n = e - s;
        if (n == 3 && word(s, "mss")) {
            if (!unsigned32() || number > 0xFFFF) {
                return numberProblem();
            }
            r.mss = (int) number;
            encode(2, 4, number, 2);
        } else if (n == 6 && word(s, "wscale")) {
            if (!unsigned32() || number > 0xFF) {
                return numberProblem();
            }
            r.windowScale = (int) number;
            encode(3, 3, number, 1);
        } else if (n == 6 && word(s, "sackOK")) {
            r.sackPermitted = true;
            encode(4, 2, 0, 0);
        } else if (n == 3 && word(s, "nop")) {
            encodeByte(1);
        } else if (n == 3 && word(s, "eol")) {
            encodeByte(0);
        } else if (n == 2 && word(s, "TS")) {
            return timestampOption();
        } else if (n == 4 && word(s, "sack")) {
            return sackOption();
        } else if (n == 6 && word(s, "length")) {
            r.oddTokens++;
            return length();
        } else {
            r.unknownOptions++;
            while (p < end && b[p] != ',' && b[p] != ']') {
                p++;
            }
        }
        return null;
    }

    private Result timestampOption() {
        skipSpaces();
        int s = p;
        int e = wordEnd(s);
        if (!(e - s == 3 && word(s, "val"))) {
            return e >= end ? Result.INCOMPLETE : Result.MALFORMED;
        }
        p = e;
        if (!unsigned32()) {
            return numberProblem();
        }
        final long val = number;
        skipSpaces();
        s = p;
        e = wordEnd(s);
        if (!(e - s == 3 && word(s, "ecr"))) {
            // a word cut by the end of the text ("ec") may go on in the next line
            return e >= end ? Result.INCOMPLETE : Result.MALFORMED;
        }
        p = e;
        if (!unsigned32()) {
            return numberProblem();
        }
        r.hasTimestamps = true;
        r.tsVal = val;
        r.tsEcr = number;
        if (room(10)) {
            final int o = r.optionLength;
            r.options[o] = 8;
            r.options[o + 1] = 10;
            put32(o + 2, val);
            put32(o + 6, number);
            r.optionLength = o + 10;
        }
        return null;
    }

    private Result sackOption() {
        if (!unsigned32() || number > 8) {
            return numberProblem();
        }
        final int blocks = (int) number;
        final boolean fits = room(2 + 8 * blocks);
        int o = r.optionLength;
        if (fits) {
            r.options[o] = 5;
            r.options[o + 1] = (byte) (2 + 8 * blocks);
            o += 2;
        }
        for (int i = 0; i < blocks; i++) {
            skipSpaces();
            if (p >= end) {
                return Result.INCOMPLETE;
            }
            if (b[p] != '{') {
                return Result.MALFORMED;
            }
            p++;
            if (!unsigned32()) {
                return numberProblem();
            }
            final long left = number;
            if (p >= end || b[p] != ':') {
                return numberProblem();
            }
            p++;
            if (!unsigned32()) {
                return numberProblem();
            }
            final long right = number;
            if (p >= end) {
                return Result.INCOMPLETE;
            }
            if (b[p] != '}') {
                return Result.MALFORMED;
            }
            p++;
            if (fits) {
                if (r.sackCount < TcpdumpRecord.MAX_SACK_BLOCKS) {
                    r.sackLeft[r.sackCount] = left;
                    r.sackRight[r.sackCount] = right;
                    r.sackOptionOffset[r.sackCount] = o;
                    r.sackCount++;
                }
                put32(o, left);
                put32(o + 4, right);
                o += 8;
            }
        }
        if (fits) {
            r.optionLength = o;
        }
        return null;
    }

    private boolean room(final int bytes) {
        if (r.optionLength + bytes > TcpdumpRecord.MAX_OPTION_BYTES) {
            r.optionsOverflow = true;
            return false;
        }
        return true;
    }

    private void encodeByte(final int kind) {
        if (room(1)) {
            r.options[r.optionLength++] = (byte) kind;
        }
    }

    private void encode(final int kind, final int length, final long value, final int valueBytes) {
        if (!room(length)) {
            return;
        }
        final int o = r.optionLength;
        r.options[o] = (byte) kind;
        r.options[o + 1] = (byte) length;
        for (int i = 0; i < valueBytes; i++) {
            r.options[o + 2 + i] = (byte) (value >>> (8 * (valueBytes - 1 - i)));
        }
        r.optionLength = o + length;
    }

    private void put32(final int o, final long v) {
        r.options[o] = (byte) (v >>> 24);
        r.options[o + 1] = (byte) (v >>> 16);
        r.options[o + 2] = (byte) (v >>> 8);
        r.options[o + 3] = (byte) v;
    }

    // ---- lexical helpers -------------------------------------------------------------------

    /** Reads an unsigned 32-bit decimal after optional spaces into {@link #number}. */
    private boolean unsigned32() {
        skipSpaces();
        final int d = digitRun(p);
        if (d < 1 || d > 10) {
            return false;
        }
        long v = 0;
        for (int i = 0; i < d; i++) {
            v = v * 10 + (b[p + i] - '0');
        }
        if (v > MAX_U32) {
            return false;
        }
        number = v;
        p += d;
        return true;
    }

    private void skipSpaces() {
        while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r')) {
            p++;
        }
    }

    private void skipSeparators() {
        while (p < end && (b[p] == ' ' || b[p] == ',' || b[p] == '\t' || b[p] == '\r')) {
            p++;
        }
    }

    private int skipSpaces(final int from, final int limit) {
        int q = from;
        while (q < limit && b[q] == ' ') {
            q++;
        }
        return q;
    }

    /** Start of the space-separated token that ends at {@code to}, looking no further back than {@code floor}. */
    private int tokenStart(final int floor, final int to) {
        int q = to;
        while (q > floor && b[q - 1] != ' ') {
            q--;
        }
        return q;
    }

    private int tokenEnd(final int from, final int limit) {
        int q = from;
        while (q < limit && b[q] != ' ') {
            q++;
        }
        return q;
    }

    /** End of a word: letters, digits, '-' and '_' (option names like {@code unknown-30}, {@code sackOK}). */
    private int wordEnd(final int from) {
        int q = from;
        while (q < end) {
            final int c = b[q];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                q++;
            } else {
                break;
            }
        }
        return q;
    }

    private boolean word(final int s, final String w) {
        for (int i = 0; i < w.length(); i++) {
            if (b[s + i] != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWith(final int s, final String w) {
        if (s + w.length() > end) {
            return false;
        }
        return word(s, w);
    }

    private int find(final int from, final String w) {
        final int last = end - w.length();
        final byte first = (byte) w.charAt(0);
        for (int q = from; q <= last; q++) {
            if (b[q] == first && word(q, w)) {
                return q;
            }
        }
        return -1;
    }

    private boolean contains(final int s, final int e, final char c) {
        for (int q = s; q < e; q++) {
            if (b[q] == c) {
                return true;
            }
        }
        return false;
    }

    private int at(final int i) {
        return i < end ? b[i] : -1;
    }

    private int digitRun(final int from) {
        int q = from;
        while (q < end && b[q] >= '0' && b[q] <= '9') {
            q++;
        }
        return q - from;
    }

    private boolean digitsAt(final int from, final int count) {
        return from + count <= end && digitRun(from) >= count;
    }

    /** Decimal value of {@code count} digits known to be there (at most 9). */
    private int num(final int from, final int count) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            v = v * 10 + (b[from + i] - '0');
        }
        return v;
    }
}
