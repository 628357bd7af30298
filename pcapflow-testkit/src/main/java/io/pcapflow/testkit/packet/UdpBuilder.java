package io.pcapflow.testkit.packet;

/** UDP header (RFC 768); checksum over the IPv4/IPv6 pseudo-header unless overridden. */
public final class UdpBuilder extends TransportBuilder {
    private final int srcPort;
    private final int dstPort;
    private Integer length;

    UdpBuilder(IpBuilder ip, int srcPort, int dstPort) {
        super(ip);
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    /**
     * Sets the payload.
     *
     * @param bytes payload
     * @return this
     */
    public UdpBuilder payload(byte[] bytes) {
        this.payload = bytes.clone();
        return this;
    }

    /**
     * Overrides the length field (hostile tests).
     *
     * @param value length
     * @return this
     */
    public UdpBuilder length(int value) {
        this.length = value;
        return this;
    }

    /**
     * Overrides the checksum (0 means "no checksum" on IPv4).
     *
     * @param value checksum written as is
     * @return this
     */
    public UdpBuilder checksum(int value) {
        this.checksum = value;
        return this;
    }

    /**
     * Writes a zero checksum instead of computing it.
     *
     * @return this
     */
    public UdpBuilder skipChecksum() {
        return checksum(0);
    }

    @Override
    int protocol() {
        return IpProtocols.UDP;
    }

    @Override
    byte[] segment() {
        byte[] seg = new ByteSink().u16(srcPort).u16(dstPort).u16(length != null ? length : 8 + payload.length)
            .u16(0).bytes(payload).toByteArray();
        finishChecksum(seg, 6, true, true);
        return seg;
    }
}
