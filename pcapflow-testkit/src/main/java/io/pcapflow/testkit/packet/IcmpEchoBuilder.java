package io.pcapflow.testkit.packet;

/** ICMP echo (RFC 792, type 8/0) or ICMPv6 echo (RFC 4443, type 128/129, pseudo-header checksum). */
public final class IcmpEchoBuilder extends TransportBuilder {
    private final int identifier;
    private final int sequence;
    private boolean reply;
    private Integer type;
    private int code;

    IcmpEchoBuilder(IpBuilder ip, int identifier, int sequence) {
        super(ip);
        this.identifier = identifier;
        this.sequence = sequence;
    }

    /**
     * Makes this an echo reply instead of a request.
     *
     * @return this
     */
    public IcmpEchoBuilder reply() {
        this.reply = true;
        return this;
    }

    /**
     * Overrides the type (hostile tests or other ICMP messages with the same layout).
     *
     * @param value type
     * @return this
     */
    public IcmpEchoBuilder type(int value) {
        this.type = value;
        return this;
    }

    /**
     * Sets the code.
     *
     * @param value code
     * @return this
     */
    public IcmpEchoBuilder code(int value) {
        this.code = value;
        return this;
    }

    /**
     * Sets the payload.
     *
     * @param bytes payload
     * @return this
     */
    public IcmpEchoBuilder payload(byte[] bytes) {
        this.payload = bytes.clone();
        return this;
    }

    /**
     * Overrides the checksum.
     *
     * @param value checksum written as is
     * @return this
     */
    public IcmpEchoBuilder checksum(int value) {
        this.checksum = value;
        return this;
    }

    @Override
    int protocol() {
        return ip.isIpv6() ? IpProtocols.ICMPV6 : IpProtocols.ICMP;
    }

    @Override
    byte[] segment() {
        int t;
        if (type != null) {
            t = type;
        } else if (ip.isIpv6()) {
            t = reply ? 129 : 128;
        } else {
            t = reply ? 0 : 8;
        }
        byte[] seg = new ByteSink().u8(t).u8(code).u16(0).u16(identifier).u16(sequence).bytes(payload)
            .toByteArray();
        finishChecksum(seg, 2, ip.isIpv6(), false);
        return seg;
    }
}
