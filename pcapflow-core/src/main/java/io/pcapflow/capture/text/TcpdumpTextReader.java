package io.pcapflow.capture.text;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.AbstractCaptureReader;
import io.pcapflow.capture.CaptureFormat;
import io.pcapflow.capture.CaptureInput;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.LinkType;
import io.pcapflow.capture.PacketHandler;

import java.io.IOException;

/**
 * Reads {@code tcpdump -n} text as a capture: every TCP record becomes a packet whose IPv4 or IPv6
 * and TCP headers (with the options) are rebuilt from the text in one reused buffer, so the decoder
 * and everything after it see what they would have seen in the capture, down to the header.
 *
 * <ul>
 *   <li>The packet is cut after the TCP header, like a snaplen cut: the IP length fields say
 *       {@code length N} more bytes follow, so payload lengths are right while no payload exists.
 *       Lengths that do not fit the IP length field (GSO super-segments) set it to 0, which the
 *       decoder reads as "use the frame length".</li>
 *   <li>With interface and direction columns ({@code -i any}) packets are LINKTYPE_LINUX_SLL2 with
 *       the direction as packet type; every interface name becomes an {@link InterfaceInfo} in order
 *       of appearance (index from 1 in the SLL2 header). Otherwise they are LINKTYPE_RAW.</li>
 *   <li>Relative sequence numbers are made absolute with tcpdump's own rule (print-tcp.c): only
 *       packets with ACK are relative, the first ACK packet of a conversation (or any SYN+ACK) sets
 *       both bases (its seq, and its ack minus 1), SACK edges are relative to the other side's base.
 *       The {@code seq} of empty segments, which tcpdump does not print, is the next sequence number
 *       of that direction. See {@link SequenceBases} for the memory bound.</li>
 *   <li>Host and port names get numbers from a {@link NameTable}.</li>
 *   <li>A record wrapped over several lines is joined until it reaches {@code length N} (at most
 *       {@link #MAX_JOINED_LINES} lines, {@link #MAX_RECORD} bytes); a blank line or the next
 *       timestamp ends it.</li>
 *   <li>Everything else (ARP, UDP, ICMP, hex dumps, {@code -v} extras, text) is skipped and counted
 *       per reason; each reason becomes one warning naming its first line. Nothing in the text is
 *       fatal.</li>
 * </ul>
 *
 * <p>Ordinals count timestamped records, TCP or not, so they are tcpdump's packet numbers, which are
 * the capture's frame numbers. The byte offset of a record is that of its first line.
 */
public final class TcpdumpTextReader extends AbstractCaptureReader {
    /** Longest record kept when wrapped lines are joined. */
    public static final int MAX_RECORD = 8192;
    /** Most lines joined into one record. */
    public static final int MAX_JOINED_LINES = 16;
    /** Longest line read; a longer one is skipped ({@code line_too_long}). */
    public static final int MAX_LINE = 1 << 20;

    private static final int BUFFER = MAX_LINE * 2;
    private static final int SNIFF = 4096;
    private static final long NANOS = 1_000_000_000L;
    private static final int HALF_DAY = 43_200;
    private static final int ACK = 0x10;
    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;
    private static final long DECIDING_DISTANCE = 1L << 27;
    private static final int ETHER_IPV4 = 0x0800;
    private static final int ETHER_IPV6 = 0x86DD;
    private static final int ARPHRD_ETHER = 1;
    private static final int MAX_INTERFACES = 4096;

    /** Why lines were skipped; the kind names are stable. */
    enum Skip {
        NOT_TCP("tcpdump_not_tcp", "not a TCP packet (ARP, UDP, ICMP, IP fragment, other protocol)"),
        CONTINUATION("tcpdump_continuation", "text that continues no record (hex dump, -v detail, comment)"),
        INCOMPLETE("tcpdump_incomplete", "TCP record ending before 'length N'"),
        MALFORMED("tcpdump_malformed", "TCP record with an unreadable field"),
        TRUNCATED("tcpdump_truncated", "TCP record tcpdump cut short ([|tcp]: the capture's snaplen)"),
        BAD_HEADER("tcpdump_bad_header", "TCP record with a bad header length"),
        NO_TIME("tcpdump_no_time", "TCP record whose time tcpdump could not print ([Error converting time])"),
        LINE_TOO_LONG("tcpdump_line_too_long", "line longer than " + MAX_LINE + " bytes"),
        TOO_MANY_NAMES("tcpdump_too_many_names", "TCP record with a name beyond the name table's bound"),
        TOO_MANY_INTERFACES("tcpdump_too_many_interfaces", "TCP record on an interface beyond "
            + MAX_INTERFACES + " names");

        final String kind;
        final String description;

        Skip(final String kind, final String description) {
            this.kind = kind;
            this.description = description;
        }
    }

    private final TcpdumpTextOptions options;
    private final TcpdumpParser parser = new TcpdumpParser();
    private final TcpdumpRecord text = new TcpdumpRecord();
    private final NameTable names = new NameTable();
    private final NameTable.Interner interfaceNames = new NameTable.Interner(MAX_INTERFACES);
    private final SequenceBases bases;
    private final byte[] buffer = new byte[BUFFER];
    private final byte[] joined = new byte[MAX_RECORD];
    private final byte[] packet = new byte[20 + 40 + 60];
    private final Bytes packetBytes = new Bytes(packet);
    private final long[] skipped = new long[Skip.values().length];
    private final long[] firstSkipOffset = new long[Skip.values().length];
    private final long[] firstSkipLine = new long[Skip.values().length];
    private final long[] firstSkipRecord = new long[Skip.values().length];
    private final InterfaceInfo[] byName = new InterfaceInfo[MAX_INTERFACES];

    private int bufferStart;
    private int bufferEnd;
    private long bufferPosition;
    private boolean eof;
    private boolean skippingLongLine;
    private long lineNumber;
    private long ordinal;

    private int joinedLength;
    private int joinedLines;
    private long joinedOffset;
    private long joinedOrdinal;
    private long joinedLineNumber;
    private TcpdumpParser.Result joinedResult;

    private TcpdumpTextOptions.SequenceNumbers mode;
    private long unknownBases;
    private long lastTimeOfDay = -1;
    private long dayCarry;
    private InterfaceInfo raw;
    private InterfaceInfo directionOnly;
    private boolean summarized;

    private TcpdumpRecordHandler recordHandler;
    private int delivered;
    private int limit;
    private PacketHandler handler;

    /**
     * @param input      the text, at its first byte
     * @param compressed whether it was gzip-compressed
     * @param options    date, sequence number mode and bounds
     */
    public TcpdumpTextReader(final CaptureInput input, final boolean compressed, final TcpdumpTextOptions options) {
        super(input, compressed);
        this.options = options;
        this.mode = options.sequenceNumbers();
        this.bases = new SequenceBases(options.maxConnections());
    }

    /**
     * Tells whether the input starts like tcpdump output: its first non-blank line (within the first
     * {@value #SNIFF} bytes) is a timestamped packet line, TCP or any other ({@code >} between
     * endpoints, or ARP).
     *
     * @param input the input, at its start
     * @return whether to read it as tcpdump text
     * @throws IOException when reading fails
     */
    public static boolean looksLikeTcpdump(final CaptureInput input) throws IOException {
        final int n = input.require(0, SNIFF) ? SNIFF : (int) Math.min(SNIFF, input.available(0));
        final byte[] head = new byte[n];
        input.bytes().copyTo(input.index(0), head, 0, n);
        int start = 0;
        while (true) {
            int end = start;
            while (end < n && head[end] != '\n') {
                end++;
            }
            if (!isBlank(head, start, end)) {
                final TcpdumpParser.Result result = new TcpdumpParser().parse(head, start, end, new TcpdumpRecord());
                switch (result) {
                    case RECORD:
                    case INCOMPLETE:
                    case TRUNCATED:
                    case BAD_HEADER:
                    case MALFORMED:
                        return true;
                    case NO_FLAGS:
                        return contains(head, start, end, " > ") || contains(head, start, end, " ARP");
                    default:
                        return false;
                }
            }
            if (end >= n) {
                return false;
            }
            start = end + 1;
        }
    }

    private static boolean contains(final byte[] b, final int start, final int end, final String w) {
        outer:
        for (int i = start; i + w.length() <= end; i++) {
            for (int j = 0; j < w.length(); j++) {
                if (b[i + j] != w.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.TCPDUMP_TEXT;
    }

    /**
     * @param listener sees each complete TCP record as printed (names as names), or {@code null}
     * @return this reader
     */
    public TcpdumpTextReader onRecord(final TcpdumpRecordHandler listener) {
        this.recordHandler = listener;
        return this;
    }

    /** @return the names met so far and the numbers they were given */
    public NameTable names() {
        return names;
    }

    /** @return the sequence number mode in force (AUTO until the text has told) */
    public TcpdumpTextOptions.SequenceNumbers sequenceNumbers() {
        return mode;
    }

    /**
     * @param reason a {@link Skip} kind name, e.g. {@code tcpdump_not_tcp}
     * @return lines or records skipped for that reason so far
     */
    public long skipped(final String reason) {
        for (final Skip s : Skip.values()) {
            if (s.kind.equals(reason)) {
                return skipped[s.ordinal()];
            }
        }
        return 0;
    }

    /** @return lines read so far */
    public long lines() {
        return lineNumber;
    }

    @Override
    public int poll(final PacketHandler packetHandler, final int max) throws IOException {
        handler = packetHandler;
        limit = max;
        delivered = 0;
        while (delivered < limit && !done) {
            if (!nextLine()) {
                if (joinedLength > 0) {
                    closeJoined();
                }
                done = true;
                summarize();
            }
        }
        handler = null;
        return delivered;
    }

    /** Reads one line and acts on it; false at the end of the input. */
    private boolean nextLine() throws IOException {
        while (true) {
            int nl = indexOfNewline(bufferStart, bufferEnd);
            if (nl < 0) {
                if (!eof) {
                    if (bufferEnd - bufferStart >= MAX_LINE) {
                        if (!skippingLongLine) {
                            skippingLongLine = true;
                            lineNumber++;
                            skip(Skip.LINE_TOO_LONG, bufferPosition + bufferStart, lineNumber);
                        }
                        bufferStart = bufferEnd;
                    }
                    fill();
                    continue;
                }
                if (bufferStart >= bufferEnd) {
                    return false;
                }
                nl = bufferEnd;
            }
            final int start = bufferStart;
            bufferStart = Math.min(nl + 1, bufferEnd);
            if (skippingLongLine) {
                skippingLongLine = false;
                continue;
            }
            int end = nl;
            if (end > start && buffer[end - 1] == '\r') {
                end--;
            }
            lineNumber++;
            line(start, end, bufferPosition + start);
            position = bufferPosition + bufferStart;
            return true;
        }
    }

    private int indexOfNewline(final int from, final int to) {
        final byte[] b = buffer;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void fill() throws IOException {
        final int keep = bufferEnd - bufferStart;
        if (bufferStart > 0) {
            System.arraycopy(buffer, bufferStart, buffer, 0, keep);
            bufferPosition += bufferStart;
            bufferStart = 0;
            bufferEnd = keep;
        }
        final long at = bufferPosition + bufferEnd;
        final int want = buffer.length - bufferEnd;
        final int got;
        if (input.require(at, want)) {
            got = want;
        } else {
            got = (int) Math.min(want, input.available(at));
            eof = true;
        }
        if (got > 0) {
            input.bytes().copyTo(input.index(at), buffer, bufferEnd, got);
            bufferEnd += got;
        }
    }

    private void line(final int start, final int end, final long offset) {
        if (isBlank(buffer, start, end)) {
            if (joinedLength > 0) {
                closeJoined();
            }
            return;
        }
        final TcpdumpParser.Result result = parser.parse(buffer, start, end, text);
        if (result == TcpdumpParser.Result.NOT_A_RECORD) {
            if (joinedLength > 0) {
                continueJoined(start, end);
            } else {
                skip(Skip.CONTINUATION, offset, lineNumber);
            }
            return;
        }
        if (joinedLength > 0) {
            closeJoined();
        }
        ordinal++;
        records = ordinal;
        switch (result) {
            case RECORD:
                deliver(offset, lineNumber);
                break;
            case INCOMPLETE:
            case NO_FLAGS:
                startJoined(start, end, offset, result);
                break;
            default:
                skip(reasonOf(result), offset, lineNumber);
        }
    }

    private void startJoined(final int start, final int end, final long offset, final TcpdumpParser.Result result) {
        final int n = Math.min(end - start, MAX_RECORD);
        System.arraycopy(buffer, start, joined, 0, n);
        joinedLength = n;
        joinedLines = 1;
        joinedOffset = offset;
        joinedOrdinal = ordinal;
        joinedLineNumber = lineNumber;
        joinedResult = result;
    }

    private void continueJoined(final int start, final int end) {
        final int n = end - start;
        if (joinedLength + 1 + n > MAX_RECORD || joinedLines >= MAX_JOINED_LINES) {
            closeJoined();
            skip(Skip.CONTINUATION, bufferPosition + start, lineNumber);
            return;
        }
        joined[joinedLength] = ' ';
        System.arraycopy(buffer, start, joined, joinedLength + 1, n);
        joinedLength += 1 + n;
        joinedLines++;
        final TcpdumpParser.Result result = parser.parse(joined, 0, joinedLength, text);
        switch (result) {
            case RECORD:
                joinedLength = 0;
                deliver(joinedOffset, joinedLineNumber, joinedOrdinal);
                break;
            case INCOMPLETE:
            case NO_FLAGS:
                joinedResult = result;
                break;
            default:
                joinedLength = 0;
                skip(reasonOf(result), joinedOffset, joinedLineNumber);
        }
    }

    private void closeJoined() {
        joinedLength = 0;
        skip(joinedResult == TcpdumpParser.Result.NO_FLAGS ? Skip.NOT_TCP : Skip.INCOMPLETE, joinedOffset,
            joinedLineNumber);
    }

    private static Skip reasonOf(final TcpdumpParser.Result result) {
        switch (result) {
            case TRUNCATED:
                return Skip.TRUNCATED;
            case BAD_HEADER:
                return Skip.BAD_HEADER;
            case NO_FLAGS:
                return Skip.NOT_TCP;
            case INCOMPLETE:
                return Skip.INCOMPLETE;
            default:
                return Skip.MALFORMED;
        }
    }

    private static boolean isBlank(final byte[] b, final int start, final int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\f') {
                return false;
            }
        }
        return true;
    }

    private void skip(final Skip reason, final long offset, final long line) {
        final int i = reason.ordinal();
        if (skipped[i]++ == 0) {
            firstSkipOffset[i] = offset;
            firstSkipLine[i] = line;
            firstSkipRecord[i] = Math.max(1, ordinal);
        }
    }

    private void summarize() {
        if (summarized) {
            return;
        }
        summarized = true;
        for (final Skip s : Skip.values()) {
            final long n = skipped[s.ordinal()];
            if (n > 0) {
                final int i = s.ordinal();
                warn(s.kind, firstSkipOffset[i], firstSkipRecord[i], n + (n == 1 ? " line" : " lines")
                    + " skipped: " + s.description + "; first at line " + firstSkipLine[i]);
            }
        }
        if (bases.evictions() > 0) {
            warn("tcpdump_seq_bases_evicted", position, records + 1, bases.evictions()
                + " open connections' sequence bases were dropped to stay within " + options.maxConnections()
                + " connections; a later packet of one restarts its relative numbers (one jump)");
        }
        if (unknownBases > 0) {
            warn("tcpdump_seq_base_unknown", position, records + 1, unknownBases
                + " directions began with an empty segment, whose base tcpdump did not print: their"
                + " sequence numbers stay relative");
        }
    }

    // ---- one TCP record to one packet ---------------------------------------------------------

    private void deliver(final long offset, final long line) {
        deliver(offset, line, ordinal);
    }

    private void deliver(final long offset, final long line, final long recordOrdinal) {
        final TcpdumpRecord t = text;
        if (recordHandler != null) {
            recordHandler.onRecord(t, recordOrdinal, line);
        }
        final int version = family(t);
        final long srcHigh;
        final long srcLow;
        final long dstHigh;
        final long dstLow;
        final TcpdumpRecord.Endpoint s = t.source;
        final TcpdumpRecord.Endpoint d = t.destination;
        final int srcNumber = s.hostKind == TcpdumpRecord.Endpoint.HOST_NAME ? names.host(t.text, s.hostStart,
            s.hostEnd) : 0;
        final int dstNumber = d.hostKind == TcpdumpRecord.Endpoint.HOST_NAME ? names.host(t.text, d.hostStart,
            d.hostEnd) : 0;
        final int srcPort = s.port >= 0 ? s.port : names.port(t.text, s.portStart, s.portEnd);
        final int dstPort = d.port >= 0 ? d.port : names.port(t.text, d.portStart, d.portEnd);
        if (srcNumber < 0 || dstNumber < 0 || srcPort < 0 || dstPort < 0) {
            skip(Skip.TOO_MANY_NAMES, offset, line);
            return;
        }
        if (version == 4) {
            srcHigh = 0;
            srcLow = (s.hostKind == TcpdumpRecord.Endpoint.HOST_IPV4 ? s.ipv4 : NameTable.ipv4(srcNumber))
                & 0xFFFF_FFFFL;
            dstHigh = 0;
            dstLow = (d.hostKind == TcpdumpRecord.Endpoint.HOST_IPV4 ? d.ipv4 : NameTable.ipv4(dstNumber))
                & 0xFFFF_FFFFL;
        } else {
            srcHigh = s.hostKind == TcpdumpRecord.Endpoint.HOST_IPV6 ? s.ipv6High : NameTable.IPV6_BASE_HIGH;
            srcLow = s.hostKind == TcpdumpRecord.Endpoint.HOST_IPV6 ? s.ipv6Low : NameTable.ipv6Low(srcNumber);
            dstHigh = d.hostKind == TcpdumpRecord.Endpoint.HOST_IPV6 ? d.ipv6High : NameTable.IPV6_BASE_HIGH;
            dstLow = d.hostKind == TcpdumpRecord.Endpoint.HOST_IPV6 ? d.ipv6Low : NameTable.ipv6Low(dstNumber);
        }
        final InterfaceInfo iface = iface(t, offset, line);
        if (iface == null) {
            return;
        }
        absolute(t, version, srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort);
        if (t.timeKind == TcpdumpRecord.TIME_NONE) {
            // its numbers still count (tcpdump set its bases from this packet), the packet cannot
            skip(Skip.NO_TIME, offset, line);
            return;
        }
        final int captured = synthesize(t, iface, version, srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort);
        final long wire = captured + t.length;
        record.set(recordOrdinal, timestamp(t), iface, captured, wire, packetBytes, 0, offset);
        delivered++;
        handler.onPacket(record);
    }

    private static int family(final TcpdumpRecord t) {
        if (t.source.hostKind == TcpdumpRecord.Endpoint.HOST_IPV6
            || t.destination.hostKind == TcpdumpRecord.Endpoint.HOST_IPV6) {
            return 6;
        }
        if (t.source.hostKind == TcpdumpRecord.Endpoint.HOST_IPV4
            || t.destination.hostKind == TcpdumpRecord.Endpoint.HOST_IPV4) {
            return 4;
        }
        return t.ipVersionHint == 6 ? 6 : 4;
    }

    private long timestamp(final TcpdumpRecord t) {
        long seconds = t.seconds;
        if (t.timeKind == TcpdumpRecord.TIME_OF_DAY) {
            // the date is not printed: a clock that runs back by more than half a day passed midnight
            if (lastTimeOfDay >= 0 && seconds < lastTimeOfDay - HALF_DAY) {
                dayCarry++;
            }
            lastTimeOfDay = seconds;
            seconds += (options.epochDay() + dayCarry) * 86_400L;
        }
        return seconds * NANOS + t.nanos;
    }

    private InterfaceInfo iface(final TcpdumpRecord t, final long offset, final long line) {
        final long units = pow10(t.fractionDigits);
        if (t.interfaceStart >= 0) {
            final int i = interfaceNames.intern(t.text, t.interfaceStart, t.interfaceEnd);
            if (i < 0) {
                skip(Skip.TOO_MANY_INTERFACES, offset, line);
                return null;
            }
            if (byName[i] == null) {
                byName[i] = addInterface(LinkType.LINUX_SLL2, t.interfaceName(), units);
            }
            return byName[i];
        }
        if (t.packetType >= 0) {
            if (directionOnly == null) {
                directionOnly = addInterface(LinkType.LINUX_SLL2, null, units);
            }
            return directionOnly;
        }
        if (raw == null) {
            raw = addInterface(LinkType.RAW, null, units);
        }
        return raw;
    }

    private InterfaceInfo addInterface(final int linkType, final String name, final long units) {
        final int id = interfaces.size();
        final InterfaceInfo info = new InterfaceInfo(0, id, id, linkType, 0, name, null, units, 0);
        interfaces.add(info);
        return info;
    }

    private static long pow10(final int digits) {
        long u = 1;
        for (int i = 0; i < digits; i++) {
            u *= 10;
        }
        return Math.max(u, 10);
    }

    // ---- sequence numbers -------------------------------------------------------------------

    private long absSeq;
    private long absAck;
    private long sackBase;
    private boolean relativeNow;

    /** Fills {@link #absSeq}, {@link #absAck} and {@link #sackBase} from the printed numbers. */
    private void absolute(final TcpdumpRecord t, final int version, final long srcHigh, final long srcLow,
                          final int srcPort, final long dstHigh, final long dstLow, final int dstPort) {
        final boolean rev = srcPort > dstPort || (srcPort == dstPort
            && compareUnsigned(srcHigh, srcLow, dstHigh, dstLow) > 0);
        final long ports = rev ? ((long) dstPort << 16 | srcPort) << 8 | version
            : ((long) srcPort << 16 | dstPort) << 8 | version;
        if (rev) {
            bases.find(dstHigh, dstLow, srcHigh, srcLow, ports);
        } else {
            bases.find(srcHigh, srcLow, dstHigh, dstLow, ports);
        }
        final int side = rev ? 1 : 0;
        final int other = 1 - side;
        int state = bases.state();
        final long printedAck = t.hasAck ? t.ack : 0;
        final boolean ack = (t.flags & ACK) != 0;
        sackBase = 0;
        relativeNow = true;
        if (!ack || mode == TcpdumpTextOptions.SequenceNumbers.ABSOLUTE) {
            absSeq = t.hasSeq ? t.seq : inferredSeq(state, side);
            absAck = ack ? printedAck : 0;
        } else if ((state & SequenceBases.TCPDUMP_ENTRY) == 0 || (t.flags & SYN) != 0) {
            // tcpdump's first packet of the conversation: printed as is, and it sets both bases
            absSeq = t.hasSeq ? t.seq : inferredSeq(state, side);
            if (!t.hasSeq && (state & nextBit(side)) == 0) {
                unknownBases++;
            }
            absAck = printedAck;
            state |= SequenceBases.TCPDUMP_ENTRY | baseBit(0) | baseBit(1);
            bases.base(side, absSeq);
            bases.base(other, printedAck - 1);
            // tcpdump makes SACK edges relative even on this packet; absolute ones lie near the ack
            if (mode == TcpdumpTextOptions.SequenceNumbers.AUTO && t.sackCount > 0) {
                relativeNow = decide(t.sackLeft[0], printedAck - 1);
            }
            sackBase = mode == TcpdumpTextOptions.SequenceNumbers.ABSOLUTE || !relativeNow ? 0 : bases.base(other);
        } else {
            boolean relative = mode == TcpdumpTextOptions.SequenceNumbers.RELATIVE;
            if (mode == TcpdumpTextOptions.SequenceNumbers.AUTO) {
                relative = decide(t, side, other);
            }
            if (!relative) {
                absSeq = t.hasSeq ? t.seq : inferredSeq(state, side);
                absAck = printedAck;
            } else {
                absSeq = t.hasSeq ? t.seq + bases.base(side) : inferredSeq(state, side);
                absAck = printedAck + bases.base(other);
                sackBase = bases.base(other);
            }
        }
        absSeq &= 0xFFFF_FFFFL;
        absAck &= 0xFFFF_FFFFL;
        long next = absSeq + t.length;
        if ((t.flags & SYN) != 0) {
            next++;
        }
        if ((t.flags & FIN) != 0) {
            next++;
        }
        if ((state & nextBit(side)) == 0 || (t.flags & (SYN | RST)) != 0
            || (int) (next - bases.next(side)) > 0) {
            bases.next(side, next);
        }
        state |= nextBit(side);
        if ((t.flags & SYN) != 0) {
            // a new connection on the same ports (port reuse) is open again
            state &= ~(SequenceBases.CLOSED | SequenceBases.FIN_A | SequenceBases.FIN_B);
        }
        if ((t.flags & FIN) != 0) {
            state |= side == 0 ? SequenceBases.FIN_A : SequenceBases.FIN_B;
        }
        if ((t.flags & RST) != 0 || (state & (SequenceBases.FIN_A | SequenceBases.FIN_B))
            == (SequenceBases.FIN_A | SequenceBases.FIN_B)) {
            state |= SequenceBases.CLOSED;
        }
        bases.state(state);
    }

    private long inferredSeq(final int state, final int side) {
        if ((state & nextBit(side)) != 0) {
            return bases.next(side);
        }
        if ((state & baseBit(side)) != 0) {
            return bases.base(side);
        }
        return 0;
    }

    /**
     * AUTO: the first packet whose printed number fits only one reading (relative numbers are small,
     * absolute ones lie near the base) settles the mode for the input; until then each packet takes
     * the reading that puts its number nearer.
     *
     * @return whether to read this packet's numbers as relative
     */
    private boolean decide(final TcpdumpRecord t, final int side, final int other) {
        final int state = bases.state();
        if (t.hasSeq) {
            return decide(t.seq, bases.base(side), (state & nextBit(side)) != 0, bases.next(side));
        }
        if (t.hasAck) {
            return decide(t.ack, bases.base(other), (state & nextBit(other)) != 0, bases.next(other));
        }
        return true;
    }

    private boolean decide(final long printed, final long base) {
        return decide(printed, base, false, 0);
    }

    /**
     * @param hasExpected whether the number this one should be near is known (the side's next seq)
     * @param expected    that number
     */
    private boolean decide(final long printed, final long base, final boolean hasExpected, final long expected) {
        final long distance = Math.abs((long) (int) (printed - base));
        final boolean relative = printed < DECIDING_DISTANCE;
        final boolean absolute = distance < DECIDING_DISTANCE;
        if (relative && !absolute) {
            mode = TcpdumpTextOptions.SequenceNumbers.RELATIVE;
            return true;
        }
        if (absolute && !relative) {
            mode = TcpdumpTextOptions.SequenceNumbers.ABSOLUTE;
            return false;
        }
        if (hasExpected) {
            return Math.abs((long) (int) (printed + base - expected)) <= Math.abs((long) (int) (printed - expected));
        }
        return printed <= distance;
    }

    private static int baseBit(final int side) {
        return side == 0 ? SequenceBases.BASE_A : SequenceBases.BASE_B;
    }

    private static int nextBit(final int side) {
        return side == 0 ? SequenceBases.NEXT_A : SequenceBases.NEXT_B;
    }

    private static int compareUnsigned(final long aHigh, final long aLow, final long bHigh, final long bLow) {
        final int high = Long.compareUnsigned(aHigh, bHigh);
        return high != 0 ? high : Long.compareUnsigned(aLow, bLow);
    }

    // ---- header synthesis -------------------------------------------------------------------

    private int synthesize(final TcpdumpRecord t, final InterfaceInfo iface, final int version, final long srcHigh,
                           final long srcLow, final int srcPort, final long dstHigh, final long dstLow,
                           final int dstPort) {
        final byte[] p = packet;
        int o = 0;
        if (iface.linkType() == LinkType.LINUX_SLL2) {
            put16(p, 0, version == 4 ? ETHER_IPV4 : ETHER_IPV6);
            put16(p, 2, 0);
            put32(p, 4, iface.globalId() + 1);
            put16(p, 8, ARPHRD_ETHER);
            p[10] = (byte) Math.max(0, t.packetType);
            p[11] = 0;
            for (int i = 12; i < 20; i++) {
                p[i] = 0;
            }
            o = 20;
        }
        final int optionBytes = (t.optionLength + 3) & ~3;
        final int tcpLength = 20 + optionBytes;
        final long ipPayload = tcpLength + t.length;
        if (version == 4) {
            final long total = 20 + ipPayload;
            p[o] = 0x45;
            p[o + 1] = 0;
            put16(p, o + 2, total > 0xFFFF ? 0 : (int) total);
            put16(p, o + 4, 0);
            put16(p, o + 6, 0x4000);
            p[o + 8] = 64;
            p[o + 9] = 6;
            put16(p, o + 10, 0);
            put32(p, o + 12, srcLow);
            put32(p, o + 16, dstLow);
            put16(p, o + 10, ipv4Checksum(p, o));
            o += 20;
        } else {
            put32(p, o, 0x6000_0000L);
            put16(p, o + 4, ipPayload > 0xFFFF ? 0 : (int) ipPayload);
            p[o + 6] = 6;
            p[o + 7] = 64;
            put64(p, o + 8, srcHigh);
            put64(p, o + 16, srcLow);
            put64(p, o + 24, dstHigh);
            put64(p, o + 32, dstLow);
            o += 40;
        }
        put16(p, o, srcPort);
        put16(p, o + 2, dstPort);
        put32(p, o + 4, absSeq);
        put32(p, o + 8, absAck);
        p[o + 12] = (byte) ((tcpLength / 4) << 4 | (t.flags >>> 8 & 1));
        p[o + 13] = (byte) t.flags;
        put16(p, o + 14, Math.max(0, t.window));
        put16(p, o + 16, 0);
        put16(p, o + 18, t.hasUrgent ? t.urgent : 0);
        System.arraycopy(t.options, 0, p, o + 20, t.optionLength);
        for (int i = t.optionLength; i < optionBytes; i++) {
            p[o + 20 + i] = 0;
        }
        for (int i = 0; i < t.sackCount; i++) {
            final int at = o + 20 + t.sackOptionOffset[i];
            put32(p, at, t.sackLeft[i] + sackBase);
            put32(p, at + 4, t.sackRight[i] + sackBase);
        }
        return o + tcpLength;
    }

    private static int ipv4Checksum(final byte[] p, final int o) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((p[o + i] & 0xFF) << 8) | (p[o + i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private static void put16(final byte[] p, final int o, final int v) {
        p[o] = (byte) (v >>> 8);
        p[o + 1] = (byte) v;
    }

    private static void put32(final byte[] p, final int o, final long v) {
        p[o] = (byte) (v >>> 24);
        p[o + 1] = (byte) (v >>> 16);
        p[o + 2] = (byte) (v >>> 8);
        p[o + 3] = (byte) v;
    }

    private static void put64(final byte[] p, final int o, final long v) {
        put32(p, o, v >>> 32);
        put32(p, o + 4, v);
    }
}
