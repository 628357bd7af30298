package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;
import java.nio.ByteOrder;

/**
 * Linux netfilter NFLOG header (LINKTYPE_NFLOG, 239): a 4-byte header followed by TLVs.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Address family|    Version    |    Resource id (big-endian)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  TLV length (host order)      |   TLV type (host order)       |  repeated, each TLV
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  padded to 4 bytes;
 * |                  value (length - 4 bytes) ...                 |  type 9 = the packet
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>TLV length and type are in the capturing host's byte order; pcapflow reads them
 * little-endian, the order of every machine NFLOG captures are known to come from. See
 * <a href="https://www.tcpdump.org/linktypes/LINKTYPE_NFLOG.html">LINKTYPE_NFLOG</a>.
 */
public final class NflogHeader {
    /** Offset of the address family. */
    public static final int FAMILY_OFFSET = 0;
    /** Length of the address family. */
    public static final int FAMILY_LENGTH = 1;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = FAMILY_OFFSET + FAMILY_LENGTH;
    /** Length of the version. */
    public static final int VERSION_LENGTH = 1;
    /** Offset of the resource id. */
    public static final int RESOURCE_ID_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    /** Length of the resource id. */
    public static final int RESOURCE_ID_LENGTH = 2;
    /** Length of the header before the TLVs. */
    public static final int HEADER_LENGTH = RESOURCE_ID_OFFSET + RESOURCE_ID_LENGTH;
    /** Offset of a TLV's length, relative to the TLV. */
    public static final int TLV_LENGTH_OFFSET = 0;
    /** Offset of a TLV's type, relative to the TLV. */
    public static final int TLV_TYPE_OFFSET = 2;
    /** Length of a TLV header. */
    public static final int TLV_HEADER_LENGTH = 4;
    /** TLV type holding the packet (NFULA_PAYLOAD). */
    public static final int TLV_PAYLOAD = 9;
    /** Result of {@link #findTlv} when absent or malformed. */
    public static final long NOT_FOUND = -1L;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public NflogHeader() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the frame
     * @param offset index of the first header byte
     * @param length bytes available from {@code offset}, TLVs included
     * @return this flyweight
     */
    public NflogHeader wrap(final Bytes bytes, final int offset, final int length) {
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

    /** @return address family (2 = IPv4, 10 = IPv6) */
    public int family() {
        return bytes.u8(offset + FAMILY_OFFSET);
    }

    /** @return version, 0 */
    public int version() {
        return bytes.u8(offset + VERSION_OFFSET);
    }

    /** @return resource id (the NFLOG group) */
    public int resourceId() {
        return bytes.u16(offset + RESOURCE_ID_OFFSET);
    }

    /**
     * Walks the TLVs inside the wrapped length looking for one type.
     *
     * @param type TLV type wanted (flag bits 0xC000 ignored)
     * @return {@code valueOffset << 32 | valueLength} (declared length, which may run past the
     *         wrapped length when the capture was cut), or {@link #NOT_FOUND} when absent or when
     *         an earlier TLV is malformed or runs past the wrapped length
     */
    public long findTlv(final int type) {
        final int end = offset + length;
        int pos = offset + HEADER_LENGTH;
        while (pos + TLV_HEADER_LENGTH <= end) {
            final int tlvLength = bytes.u16(pos + TLV_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int tlvType = bytes.u16(pos + TLV_TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0x3FFF;
            if (tlvLength < TLV_HEADER_LENGTH) {
                return NOT_FOUND;
            }
            if (tlvType == type) {
                // The declared length: a snaplen cut may leave fewer bytes, which the caller checks.
                return ((long) (pos + TLV_HEADER_LENGTH) << 32) | (tlvLength - TLV_HEADER_LENGTH);
            }
            if (pos + tlvLength > end) {
                return NOT_FOUND;
            }
            pos += (tlvLength + 3) & ~3;
        }
        return NOT_FOUND;
    }
}
