package io.pcapflow.testkit.packet;

/** IPv4 header (RFC 791). Lengths and header checksum are computed unless overridden. */
public final class Ipv4Builder extends IpBuilder {
    private int tos;
    private int ttl = 64;
    private int id;
    private boolean dontFragment;
    private boolean moreFragments;
    private boolean reservedFlag;
    private int fragmentOffset;
    private byte[] options = new byte[0];
    private Integer ihl;
    private Integer totalLength;
    private Integer checksum;
    private Integer protocol;
    private Integer version;

    Ipv4Builder(FrameBuilder link, byte[] src, byte[] dst) {
        super(link, src, dst);
    }

    /**
     * Sets the time to live.
     *
     * @param value TTL
     * @return this
     */
    public Ipv4Builder ttl(int value) {
        this.ttl = value;
        return this;
    }

    /**
     * Sets the identification field.
     *
     * @param value 16-bit id
     * @return this
     */
    public Ipv4Builder id(int value) {
        this.id = value;
        return this;
    }

    /**
     * Sets the type-of-service / DSCP+ECN byte.
     *
     * @param value TOS byte
     * @return this
     */
    public Ipv4Builder tos(int value) {
        this.tos = value;
        return this;
    }

    /**
     * Sets the don't-fragment flag.
     *
     * @param value DF
     * @return this
     */
    public Ipv4Builder dontFragment(boolean value) {
        this.dontFragment = value;
        return this;
    }

    /**
     * Sets the more-fragments flag.
     *
     * @param value MF
     * @return this
     */
    public Ipv4Builder moreFragments(boolean value) {
        this.moreFragments = value;
        return this;
    }

    /**
     * Sets the reserved ("evil") flag bit (hostile tests).
     *
     * @param value reserved bit
     * @return this
     */
    public Ipv4Builder reservedFlag(boolean value) {
        this.reservedFlag = value;
        return this;
    }

    /**
     * Sets the fragment offset.
     *
     * @param units offset in 8-byte units (13 bits)
     * @return this
     */
    public Ipv4Builder fragmentOffset(int units) {
        this.fragmentOffset = units;
        return this;
    }

    /**
     * Sets raw option bytes; they are padded with zeros (EOL) to a multiple of 4.
     *
     * @param bytes options
     * @return this
     */
    public Ipv4Builder options(byte[] bytes) {
        this.options = bytes.clone();
        return this;
    }

    /**
     * Overrides the IHL field (hostile tests).
     *
     * @param words header length in 32-bit words
     * @return this
     */
    public Ipv4Builder ihl(int words) {
        this.ihl = words;
        return this;
    }

    /**
     * Overrides the version nibble (hostile tests).
     *
     * @param value version
     * @return this
     */
    public Ipv4Builder version(int value) {
        this.version = value;
        return this;
    }

    /**
     * Overrides the total length field (hostile tests).
     *
     * @param value total length
     * @return this
     */
    public Ipv4Builder totalLength(int value) {
        this.totalLength = value;
        return this;
    }

    /**
     * Overrides the header checksum (hostile tests).
     *
     * @param value checksum written as is
     * @return this
     */
    public Ipv4Builder checksum(int value) {
        this.checksum = value;
        return this;
    }

    /**
     * Writes a zero header checksum instead of computing it.
     *
     * @return this
     */
    public Ipv4Builder skipChecksum() {
        return checksum(0);
    }

    /**
     * Overrides the protocol field (the transport is still built as chosen).
     *
     * @param value protocol number
     * @return this
     */
    public Ipv4Builder protocol(int value) {
        this.protocol = value;
        return this;
    }

    /**
     * Returns the header length in bytes (20 plus padded options).
     *
     * @return header length
     */
    public int headerLength() {
        return 20 + (options.length + 3) / 4 * 4;
    }

    @Override
    long pseudoHeaderSum(int proto, int upperLength) {
        long s = Checksums.add(0, src, 0, 4);
        s = Checksums.add(s, dst, 0, 4);
        return s + proto + upperLength;
    }

    @Override
    byte[] frame(int proto, byte[] upper) {
        return link.wrap(EtherTypes.IPV4, header(proto, upper, fragmentOffset, moreFragments));
    }

    @Override
    byte[] fragment(int proto, byte[] part, int offset, boolean more) {
        return link.wrap(EtherTypes.IPV4, header(proto, part, fragmentOffset + offset / 8, more || moreFragments));
    }

    @Override
    boolean isIpv6() {
        return false;
    }

    private byte[] header(int proto, byte[] upper, int fragOffset, boolean more) {
        int hlen = headerLength();
        ByteSink s = new ByteSink();
        int v = version != null ? version : 4;
        s.u8((v << 4) | ((ihl != null ? ihl : hlen / 4) & 0x0F));
        s.u8(tos);
        s.u16(totalLength != null ? totalLength : hlen + upper.length);
        s.u16(id);
        int flags = (reservedFlag ? 0x8000 : 0) | (dontFragment ? 0x4000 : 0) | (more ? 0x2000 : 0);
        s.u16(flags | (fragOffset & 0x1FFF));
        s.u8(ttl);
        s.u8(protocol != null ? protocol : proto);
        s.u16(0);
        s.bytes(src).bytes(dst).bytes(options).zeros(hlen - 20 - options.length);
        s.bytes(upper);
        byte[] b = s.toByteArray();
        ByteSink.put16(b, 10, checksum != null ? checksum : Checksums.internet(b, 0, hlen));
        return b;
    }
}
