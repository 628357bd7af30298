package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;
import java.nio.ByteOrder;

/**
 * BSD loopback header (LINKTYPE_NULL, 0, and LINKTYPE_LOOP, 108): a 4-byte address family.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Address family (AF_ value)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>For LINKTYPE_NULL the family is in the byte order of the capturing host, which the file
 * does not record, so {@link #family()} guesses the way Wireshark does: if the value read
 * little-endian is a known family it is little-endian, else big-endian. LINKTYPE_LOOP is always
 * big-endian ({@link #familyBigEndian()}). AF_INET6 differs between BSDs (24, 28, 30; 10 on Linux).
 * See <a href="https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html">LINKTYPE_NULL</a>.
 */
public final class NullHeader {
    /** Offset of the family. */
    public static final int FAMILY_OFFSET = 0;
    /** Length of the family. */
    public static final int FAMILY_LENGTH = 4;
    /** Length of the header. */
    public static final int HEADER_LENGTH = FAMILY_OFFSET + FAMILY_LENGTH;

    /** AF_INET on every BSD and Linux. */
    public static final int AF_INET = 2;
    /** AF_INET6 on Linux. */
    public static final int AF_INET6_LINUX = 10;
    /** AF_INET6 on NetBSD and OpenBSD. */
    public static final int AF_INET6_BSD = 24;
    /** AF_INET6 on FreeBSD. */
    public static final int AF_INET6_FREEBSD = 28;
    /** AF_INET6 on macOS. */
    public static final int AF_INET6_DARWIN = 30;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public NullHeader() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the frame
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public NullHeader wrap(final Bytes bytes, final int offset, final int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** @return index of the first header byte */
    public int offset() {
        return offset;
    }

    /** @return bytes available from {@link #offset()} when wrapped */
    public int length() {
        return length;
    }

    /** @return the family, byte order detected (LINKTYPE_NULL) */
    public int family() {
        final int le = bytes.i32(offset + FAMILY_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return isKnownFamily(le) ? le : bytes.i32(offset + FAMILY_OFFSET);
    }

    /** @return the family read big-endian (LINKTYPE_LOOP) */
    public int familyBigEndian() {
        return bytes.i32(offset + FAMILY_OFFSET);
    }

    /**
     * @param family an AF_ value
     * @return whether it is AF_INET or one of the AF_INET6 values
     */
    public static boolean isKnownFamily(final int family) {
        return family == AF_INET || isInet6(family);
    }

    /**
     * @param family an AF_ value
     * @return whether it is one of the platforms' AF_INET6 values
     */
    public static boolean isInet6(final int family) {
        return family == AF_INET6_BSD || family == AF_INET6_FREEBSD || family == AF_INET6_DARWIN
            || family == AF_INET6_LINUX;
    }
}
