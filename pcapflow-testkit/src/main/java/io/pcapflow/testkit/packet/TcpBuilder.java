package io.pcapflow.testkit.packet;

/** TCP header (RFC 9293) with options in call order, zero-padded to 32 bits. */
public final class TcpBuilder extends TransportBuilder {
    private final int srcPort;
    private final int dstPort;
    private final ByteSink options = new ByteSink();
    private long seq;
    private long ack;
    private int flags;
    private int window = 65535;
    private int urgentPointer;
    private int reserved;
    private Integer dataOffset;

    TcpBuilder(IpBuilder ip, int srcPort, int dstPort) {
        super(ip);
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    /**
     * Sets the sequence number.
     *
     * @param value 32-bit sequence number
     * @return this
     */
    public TcpBuilder seq(long value) {
        this.seq = value;
        return this;
    }

    /**
     * Sets the acknowledgment number (the ACK flag is not implied).
     *
     * @param value 32-bit acknowledgment number
     * @return this
     */
    public TcpBuilder ack(long value) {
        this.ack = value;
        return this;
    }

    /**
     * Sets the flags, a combination of {@link TcpFlags} bits.
     *
     * @param value 9-bit flags
     * @return this
     */
    public TcpBuilder flags(int value) {
        this.flags = value;
        return this;
    }

    /**
     * Sets the (unscaled) window field.
     *
     * @param value 16-bit window
     * @return this
     */
    public TcpBuilder window(int value) {
        this.window = value;
        return this;
    }

    /**
     * Sets the urgent pointer.
     *
     * @param value 16-bit urgent pointer
     * @return this
     */
    public TcpBuilder urgentPointer(int value) {
        this.urgentPointer = value;
        return this;
    }

    /**
     * Sets the 3 reserved bits between data offset and NS (hostile tests).
     *
     * @param bits value 0..7
     * @return this
     */
    public TcpBuilder reservedBits(int bits) {
        this.reserved = bits & 7;
        return this;
    }

    /**
     * Appends an MSS option (kind 2).
     *
     * @param value MSS
     * @return this
     */
    public TcpBuilder mss(int value) {
        options.u8(TcpOptionKinds.MSS).u8(4).u16(value);
        return this;
    }

    /**
     * Appends a window scale option (kind 3).
     *
     * @param shift shift count
     * @return this
     */
    public TcpBuilder windowScale(int shift) {
        options.u8(TcpOptionKinds.WINDOW_SCALE).u8(3).u8(shift);
        return this;
    }

    /**
     * Appends a SACK-permitted option (kind 4).
     *
     * @return this
     */
    public TcpBuilder sackPermitted() {
        options.u8(TcpOptionKinds.SACK_PERMITTED).u8(2);
        return this;
    }

    /**
     * Appends a SACK option (kind 5).
     *
     * @param edges left, right, left, right, ... (32-bit sequence numbers)
     * @return this
     */
    public TcpBuilder sack(long... edges) {
        if (edges.length % 2 != 0) {
            throw new IllegalArgumentException("SACK edges come in pairs");
        }
        options.u8(TcpOptionKinds.SACK).u8(2 + 4 * edges.length);
        for (long e : edges) {
            options.u32(e);
        }
        return this;
    }

    /**
     * Appends a timestamps option (kind 8).
     *
     * @param value TSval
     * @param echoReply TSecr
     * @return this
     */
    public TcpBuilder timestamps(long value, long echoReply) {
        options.u8(TcpOptionKinds.TIMESTAMPS).u8(10).u32(value).u32(echoReply);
        return this;
    }

    /**
     * Appends a NOP (kind 1).
     *
     * @return this
     */
    public TcpBuilder nop() {
        options.u8(TcpOptionKinds.NOP);
        return this;
    }

    /**
     * Appends an end-of-option-list byte (kind 0).
     *
     * @return this
     */
    public TcpBuilder eol() {
        options.u8(TcpOptionKinds.EOL);
        return this;
    }

    /**
     * Appends a kind-length-data option; the length byte is 2 + data length.
     *
     * @param kind option kind
     * @param data option data
     * @return this
     */
    public TcpBuilder option(int kind, byte[] data) {
        options.u8(kind).u8(2 + data.length).bytes(data);
        return this;
    }

    /**
     * Appends raw option bytes verbatim (odd lengths, truncated options, ...).
     *
     * @param bytes bytes
     * @return this
     */
    public TcpBuilder rawOptions(byte[] bytes) {
        options.bytes(bytes);
        return this;
    }

    /**
     * Overrides the data offset field (hostile tests).
     *
     * @param words header length in 32-bit words
     * @return this
     */
    public TcpBuilder dataOffset(int words) {
        this.dataOffset = words;
        return this;
    }

    /**
     * Overrides the checksum.
     *
     * @param value checksum written as is
     * @return this
     */
    public TcpBuilder checksum(int value) {
        this.checksum = value;
        return this;
    }

    /**
     * Writes a zero checksum instead of computing it.
     *
     * @return this
     */
    public TcpBuilder skipChecksum() {
        return checksum(0);
    }

    /**
     * Sets the payload.
     *
     * @param bytes payload
     * @return this
     */
    public TcpBuilder payload(byte[] bytes) {
        this.payload = bytes.clone();
        return this;
    }

    /**
     * Returns the header length in bytes (20 plus padded options).
     *
     * @return header length
     */
    public int headerLength() {
        return 20 + (options.size() + 3) / 4 * 4;
    }

    @Override
    int protocol() {
        return IpProtocols.TCP;
    }

    @Override
    byte[] segment() {
        int hlen = headerLength();
        int off = dataOffset != null ? dataOffset : hlen / 4;
        ByteSink s = new ByteSink();
        s.u16(srcPort).u16(dstPort).u32(seq).u32(ack);
        s.u8(((off & 0x0F) << 4) | (reserved << 1) | ((flags >>> 8) & 1)).u8(flags);
        s.u16(window).u16(0).u16(urgentPointer);
        byte[] opts = options.toByteArray();
        s.bytes(opts).zeros(hlen - 20 - opts.length).bytes(payload);
        byte[] seg = s.toByteArray();
        finishChecksum(seg, 16, true, false);
        return seg;
    }
}
