package io.pcapflow.decode;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds test frames with plain ByteBuffer puts written from the RFC layouts, independently of
 * the decoder's constants. Lengths (IPv4 total length, IPv6 payload length, UDP length) are
 * patched in {@link #build()} unless set explicitly. To be replaced by the shared test kit.
 */
final class Frames {
    static final int SRC4 = 0xC0A80001;
    static final int DST4 = 0x0A000002;
    static final long SRC6_HI = 0x20010DB800000000L;
    static final long SRC6_LO = 0x0000000000000001L;
    static final long DST6_HI = 0x20010DB800000000L;
    static final long DST6_LO = 0x0000000000000002L;

    private final ByteBuffer b = ByteBuffer.allocate(70_000);
    private int ipv4Start = -1;
    private int ipv6Start = -1;
    private int udpStart = -1;
    private boolean fixedIpLength;

    static Frames frame() {
        return new Frames();
    }

    Frames ethernet(final int etherType) {
        b.put(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55});
        b.put(new byte[] {0, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xAA});
        b.putShort((short) etherType);
        return this;
    }

    /** A VLAN tag after a TPID already written as the previous EtherType. */
    Frames vlan(final int vlanId, final int nextEtherType) {
        b.putShort((short) ((3 << 13) | vlanId));
        b.putShort((short) nextEtherType);
        return this;
    }

    Frames sll(final int packetType, final int protocol) {
        b.putShort((short) packetType);
        b.putShort((short) 1);
        b.putShort((short) 6);
        b.put(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0});
        b.putShort((short) protocol);
        return this;
    }

    Frames sll2(final int protocol, final int ifIndex, final int packetType) {
        b.putShort((short) protocol);
        b.putShort((short) 0);
        b.putInt(ifIndex);
        b.putShort((short) 1);
        b.put((byte) packetType);
        b.put((byte) 6);
        b.put(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0});
        return this;
    }

    Frames nullFamily(final int family, final boolean littleEndian) {
        b.putInt(littleEndian ? Integer.reverseBytes(family) : family);
        return this;
    }

    Frames raw(final byte... bytes) {
        b.put(bytes);
        return this;
    }

    Frames putShortLe(final int value) {
        b.put((byte) value);
        b.put((byte) (value >>> 8));
        return this;
    }

    Frames ipv4(final int protocol) {
        return ipv4(protocol, 0x1234, 0, new byte[0]);
    }

    /** IPv4 header; {@code flagsFragment} is the raw 16-bit flags/offset word. */
    Frames ipv4(final int protocol, final int id, final int flagsFragment, final byte[] options) {
        ipv4Start = b.position();
        b.put((byte) (0x40 | (5 + options.length / 4)));
        b.put((byte) 0);
        b.putShort((short) 0);
        b.putShort((short) id);
        b.putShort((short) flagsFragment);
        b.put((byte) 64);
        b.put((byte) protocol);
        b.putShort((short) 0);
        b.putInt(SRC4);
        b.putInt(DST4);
        b.put(options);
        return this;
    }

    Frames ipv6(final int nextHeader) {
        ipv6Start = b.position();
        b.putInt(0x60000000);
        b.putShort((short) 0);
        b.put((byte) nextHeader);
        b.put((byte) 57);
        b.putLong(SRC6_HI);
        b.putLong(SRC6_LO);
        b.putLong(DST6_HI);
        b.putLong(DST6_LO);
        return this;
    }

    /** Generic IPv6 extension header of {@code 8 * (extLen + 1)} bytes. */
    Frames ipv6Extension(final int nextHeader, final int extLen) {
        b.put((byte) nextHeader);
        b.put((byte) extLen);
        b.put(new byte[6 + 8 * extLen]);
        return this;
    }

    /** IPv6 authentication header of {@code 4 * (payloadLen + 2)} bytes. */
    Frames ipv6Ah(final int nextHeader, final int payloadLen) {
        b.put((byte) nextHeader);
        b.put((byte) payloadLen);
        b.put(new byte[4 * (payloadLen + 2) - 2]);
        return this;
    }

    Frames ipv6Fragment(final int nextHeader, final int offsetBytes, final boolean more, final int id) {
        b.put((byte) nextHeader);
        b.put((byte) 0);
        b.putShort((short) (offsetBytes | (more ? 1 : 0)));
        b.putInt(id);
        return this;
    }

    Frames tcp(final int sport, final int dport, final int seq, final int ack, final int flags,
               final int window, final byte[] options) {
        b.putShort((short) sport);
        b.putShort((short) dport);
        b.putInt(seq);
        b.putInt(ack);
        b.putShort((short) (((5 + options.length / 4) << 12) | flags));
        b.putShort((short) window);
        b.putShort((short) 0);
        b.putShort((short) 0);
        b.put(options);
        return this;
    }

    Frames udp(final int sport, final int dport) {
        udpStart = b.position();
        b.putShort((short) sport);
        b.putShort((short) dport);
        b.putShort((short) 0);
        b.putShort((short) 0);
        return this;
    }

    Frames icmp(final int type, final int code) {
        b.put((byte) type);
        b.put((byte) code);
        b.putShort((short) 0);
        b.putInt(0);
        return this;
    }

    Frames payload(final int length) {
        for (int i = 0; i < length; i++) {
            b.put((byte) i);
        }
        return this;
    }

    /** Keeps the IP length fields as written (0) or lets the test set them. */
    Frames fixedIpLength() {
        fixedIpLength = true;
        return this;
    }

    byte[] build() {
        final int end = b.position();
        if (!fixedIpLength && ipv4Start >= 0) {
            b.putShort(ipv4Start + 2, (short) (end - ipv4Start));
        }
        if (!fixedIpLength && ipv6Start >= 0) {
            b.putShort(ipv6Start + 4, (short) (end - ipv6Start - 40));
        }
        if (udpStart >= 0) {
            b.putShort(udpStart + 4, (short) (end - udpStart));
        }
        return Arrays.copyOf(b.array(), end);
    }

    // ---- TCP options, each written from RFC 9293 / 7323 / 2018 ----

    static byte[] synOptions() {
        final ByteBuffer o = ByteBuffer.allocate(20);
        o.put((byte) 2).put((byte) 4).putShort((short) 1460);
        o.put((byte) 4).put((byte) 2);
        o.put((byte) 8).put((byte) 10).putInt(0x01020304).putInt(0);
        o.put((byte) 1);
        o.put((byte) 3).put((byte) 3).put((byte) 7);
        return o.array();
    }

    static byte[] sackOptions(final int... edges) {
        final int len = 2 + 4 * edges.length;
        final ByteBuffer o = ByteBuffer.allocate((2 + len + 3) / 4 * 4);
        o.put((byte) 1).put((byte) 1).put((byte) 5).put((byte) len);
        for (final int e : edges) {
            o.putInt(e);
        }
        return o.array();
    }

    // ---- records ----

    static CaptureRecord record(final int linkType, final byte[] frame) {
        return record(linkType, frame, frame.length, frame.length);
    }

    static CaptureRecord record(final int linkType, final byte[] frame, final int captured, final long original) {
        final InterfaceInfo iface = new InterfaceInfo(0, 0, 0, linkType, 65535, null, null, 1_000_000L, 0L);
        final Bytes bytes = new Bytes(Arrays.copyOf(frame, captured));
        return new CaptureRecord().set(1, 0, iface, captured, original, bytes, 0, 0);
    }

    /** A record whose packet sits at a non-zero offset inside a larger buffer. */
    static CaptureRecord recordAt(final int linkType, final byte[] frame, final int offset) {
        final byte[] buf = new byte[offset + frame.length + 7];
        System.arraycopy(frame, 0, buf, offset, frame.length);
        final InterfaceInfo iface = new InterfaceInfo(0, 0, 0, linkType, 65535, null, null, 1_000_000L, 0L);
        return new CaptureRecord().set(1, 0, iface, frame.length, frame.length, new Bytes(buf), offset, 0);
    }

    static CaptureRecord record(final int linkType, final byte[] frame, final long timestampNanos) {
        final InterfaceInfo iface = new InterfaceInfo(0, 0, 0, linkType, 65535, null, null, 1_000_000L, 0L);
        return new CaptureRecord().set(1, timestampNanos, iface, frame.length, frame.length, new Bytes(frame), 0, 0);
    }
}
