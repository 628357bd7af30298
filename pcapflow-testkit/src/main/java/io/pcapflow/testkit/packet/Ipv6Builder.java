package io.pcapflow.testkit.packet;

import java.util.ArrayList;
import java.util.List;

/** IPv6 header (RFC 8200) with an arbitrary chain of extension headers, written in call order. */
public final class Ipv6Builder extends IpBuilder {
    private final List<int[]> extTypes = new ArrayList<>();
    private final List<byte[]> extBytes = new ArrayList<>();
    private int trafficClass;
    private int flowLabel;
    private int hopLimit = 64;
    private long fragmentId = 0x12345678L;
    private Integer payloadLength;
    private Integer nextHeader;
    private byte[] pseudoDst;

    Ipv6Builder(FrameBuilder link, byte[] src, byte[] dst) {
        super(link, src, dst);
    }

    /**
     * Sets the hop limit.
     *
     * @param value hop limit
     * @return this
     */
    public Ipv6Builder hopLimit(int value) {
        this.hopLimit = value;
        return this;
    }

    /**
     * Sets the traffic class.
     *
     * @param value 8-bit traffic class
     * @return this
     */
    public Ipv6Builder trafficClass(int value) {
        this.trafficClass = value;
        return this;
    }

    /**
     * Sets the flow label.
     *
     * @param value 20-bit flow label
     * @return this
     */
    public Ipv6Builder flowLabel(int value) {
        this.flowLabel = value;
        return this;
    }

    /**
     * Appends a hop-by-hop options header; options are padded with Pad1/PadN to 8 bytes.
     *
     * @param options option TLVs (may be empty)
     * @return this
     */
    public Ipv6Builder hopByHop(byte[] options) {
        return addExtension(IpProtocols.HOP_BY_HOP, optionsHeader(options));
    }

    /**
     * Appends a destination options header; options are padded with Pad1/PadN to 8 bytes.
     *
     * @param options option TLVs (may be empty)
     * @return this
     */
    public Ipv6Builder destinationOptions(byte[] options) {
        return addExtension(IpProtocols.DESTINATION_OPTIONS, optionsHeader(options));
    }

    /**
     * Appends a routing header with 4 reserved bytes followed by the given addresses (type 0/2 layout).
     *
     * @param type routing type
     * @param segmentsLeft segments left
     * @param addresses IPv6 literals
     * @return this
     */
    public Ipv6Builder routing(int type, int segmentsLeft, String... addresses) {
        ByteSink data = new ByteSink().zeros(4);
        for (String a : addresses) {
            data.bytes(Addresses.ipv6(a));
        }
        return routingRaw(type, segmentsLeft, data.toByteArray());
    }

    /**
     * Appends a routing header with raw type-specific data (zero-padded to 8 bytes).
     *
     * @param type routing type
     * @param segmentsLeft segments left
     * @param typeSpecific bytes after the segments-left field
     * @return this
     */
    public Ipv6Builder routingRaw(int type, int segmentsLeft, byte[] typeSpecific) {
        int total = (4 + typeSpecific.length + 7) / 8 * 8;
        ByteSink s = new ByteSink().u8(0).u8(total / 8 - 1).u8(type).u8(segmentsLeft).bytes(typeSpecific);
        s.zeros(total - s.size());
        return addExtension(IpProtocols.ROUTING, s.toByteArray());
    }

    /**
     * Appends a fragment header.
     *
     * @param offsetUnits fragment offset in 8-byte units
     * @param more M flag
     * @param identification 32-bit id
     * @return this
     */
    public Ipv6Builder fragmentHeader(int offsetUnits, boolean more, long identification) {
        byte[] h = new ByteSink().u8(0).u8(0).u16(((offsetUnits & 0x1FFF) << 3) | (more ? 1 : 0))
            .u32(identification).toByteArray();
        return addExtension(IpProtocols.FRAGMENT, h);
    }

    /**
     * Appends an atomic fragment header (offset 0, M clear; RFC 6946).
     *
     * @param identification 32-bit id
     * @return this
     */
    public Ipv6Builder atomicFragment(long identification) {
        return fragmentHeader(0, false, identification);
    }

    /**
     * Appends a raw extension header; its first byte is overwritten with the next header value.
     *
     * @param type header type announced by the previous header
     * @param header whole header bytes (length field included as given)
     * @return this
     */
    public Ipv6Builder extension(int type, byte[] header) {
        return addExtension(type, header.clone());
    }

    /**
     * Sets the identification used by {@link #fragments}.
     *
     * @param identification 32-bit id
     * @return this
     */
    public Ipv6Builder fragmentId(long identification) {
        this.fragmentId = identification;
        return this;
    }

    /**
     * Overrides the payload length field (hostile tests).
     *
     * @param value payload length
     * @return this
     */
    public Ipv6Builder payloadLength(int value) {
        this.payloadLength = value;
        return this;
    }

    /**
     * Overrides the next header field of the fixed header (hostile tests).
     *
     * @param value next header
     * @return this
     */
    public Ipv6Builder nextHeader(int value) {
        this.nextHeader = value;
        return this;
    }

    /**
     * Sets the destination used in the transport pseudo-header (default: the header destination),
     * e.g. the final address of a routing header with segments left.
     *
     * @param address IPv6 literal
     * @return this
     */
    public Ipv6Builder pseudoHeaderDestination(String address) {
        this.pseudoDst = Addresses.ipv6(address);
        return this;
    }

    private Ipv6Builder addExtension(int type, byte[] header) {
        extTypes.add(new int[] {type});
        extBytes.add(header);
        return this;
    }

    private static byte[] optionsHeader(byte[] options) {
        int total = (2 + options.length + 7) / 8 * 8;
        ByteSink s = new ByteSink().u8(0).u8(total / 8 - 1).bytes(options);
        int pad = total - s.size();
        if (pad == 1) {
            s.u8(0);
        } else if (pad > 1) {
            s.u8(1).u8(pad - 2).zeros(pad - 2);
        }
        return s.toByteArray();
    }

    @Override
    long pseudoHeaderSum(int proto, int upperLength) {
        long s = Checksums.add(0, src, 0, 16);
        s = Checksums.add(s, pseudoDst != null ? pseudoDst : dst, 0, 16);
        return s + (upperLength >>> 16) + (upperLength & 0xFFFF) + proto;
    }

    @Override
    byte[] frame(int proto, byte[] upper) {
        return link.wrap(EtherTypes.IPV6, packet(extTypes, extBytes, proto, upper));
    }

    @Override
    byte[] fragment(int proto, byte[] part, int offset, boolean more) {
        List<int[]> types = new ArrayList<>(extTypes);
        List<byte[]> bytes = new ArrayList<>(extBytes);
        types.add(new int[] {IpProtocols.FRAGMENT});
        bytes.add(new ByteSink().u8(0).u8(0).u16(((offset / 8) << 3) | (more ? 1 : 0)).u32(fragmentId)
            .toByteArray());
        return link.wrap(EtherTypes.IPV6, packet(types, bytes, proto, part));
    }

    @Override
    boolean isIpv6() {
        return true;
    }

    private byte[] packet(List<int[]> types, List<byte[]> headers, int proto, byte[] upper) {
        ByteSink ext = new ByteSink();
        for (int i = 0; i < headers.size(); i++) {
            byte[] h = headers.get(i).clone();
            h[0] = (byte) (i + 1 < types.size() ? types.get(i + 1)[0] : proto);
            ext.bytes(h);
        }
        int first = types.isEmpty() ? proto : types.get(0)[0];
        ByteSink s = new ByteSink();
        s.u32((6L << 28) | ((trafficClass & 0xFFL) << 20) | (flowLabel & 0xFFFFF));
        s.u16(payloadLength != null ? payloadLength : ext.size() + upper.length);
        s.u8(nextHeader != null ? nextHeader : first);
        s.u8(hopLimit);
        s.bytes(src).bytes(dst).bytes(ext.toByteArray()).bytes(upper);
        return s.toByteArray();
    }
}
