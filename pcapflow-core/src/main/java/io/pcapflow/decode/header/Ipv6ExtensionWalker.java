package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * Steps over an IPv6 extension-header chain (RFC 8200 §4) one header at a time, without
 * allocating. Position it after the fixed header with {@link #wrap}, then call {@link #next()}
 * until it returns false; {@link #nextHeader()} and {@link #offset()} then name the upper-layer
 * protocol and where it starts, and {@link #status()} says why the walk stopped.
 *
 * <pre>
 * generic (0, 43, 60, 135, 139, 140)    fragment (44), 8 bytes          AH (51), RFC 4302
 * +--------+--------+--------------+    +--------+--------+-------+-+    +--------+--------+----------+
 * |  Next  |Hdr Ext | ...          |    |  Next  |Reserved| Offset|M|    |  Next  |Payload |Reserved  |
 * | Header |  Len   |              |    | Header |        | 13 bit| |    | Header |  Len   |          |
 * +--------+--------+--------------+    +--------+--------+-------+-+    +--------+--------+----------+
 * length = (Hdr Ext Len + 1) * 8        |        Identification     |    length = (Payload Len + 2) * 4
 *                                       +---------------------------+
 * </pre>
 *
 * <p>The walk stops (without error) at any protocol that is not an extension header, including
 * ESP (50), whose contents are encrypted, and No Next Header (59). Chains longer than
 * {@link #MAX_CHAIN_LENGTH} stop with {@link #CHAIN_TOO_LONG}: RFC 8200 §4.1 recommends each
 * header at most once (destination options twice), so a long chain is an attack or garbage. See
 * <a href="https://www.rfc-editor.org/rfc/rfc8200#section-4">RFC 8200 §4</a>.
 */
public final class Ipv6ExtensionWalker {
    /** Hop-by-hop options. */
    public static final int HOP_BY_HOP = 0;
    /** Routing header. */
    public static final int ROUTING = 43;
    /** Fragment header. */
    public static final int FRAGMENT = 44;
    /** Encapsulating security payload: ends the walk. */
    public static final int ESP = 50;
    /** Authentication header (RFC 4302). */
    public static final int AH = 51;
    /** No next header: ends the walk. */
    public static final int NO_NEXT_HEADER = 59;
    /** Destination options. */
    public static final int DESTINATION_OPTIONS = 60;
    /** Mobility header (RFC 6275). */
    public static final int MOBILITY = 135;
    /** Host identity protocol (RFC 7401). */
    public static final int HIP = 139;
    /** Shim6 (RFC 5533). */
    public static final int SHIM6 = 140;

    /** Most extension headers walked before giving up. */
    public static final int MAX_CHAIN_LENGTH = 16;

    /** Offset of the next-header byte in every extension header. */
    public static final int NEXT_HEADER_OFFSET = 0;
    /** Offset of the length byte in every extension header. */
    public static final int LENGTH_OFFSET = NEXT_HEADER_OFFSET + 1;
    /** Smallest extension header (and the fragment header's fixed length). */
    public static final int MIN_HEADER_LENGTH = 8;
    /** Offset of the fragment offset and M flag word in a fragment header. */
    public static final int FRAGMENT_OFFSET_OFFSET = LENGTH_OFFSET + 1;
    /** Offset of the identification in a fragment header. */
    public static final int FRAGMENT_ID_OFFSET = FRAGMENT_OFFSET_OFFSET + 2;
    /** Length of a fragment header. */
    public static final int FRAGMENT_HEADER_LENGTH = FRAGMENT_ID_OFFSET + 4;

    /** The walk reached a non-extension protocol. */
    public static final int OK = 0;
    /** An extension header runs past the limit. */
    public static final int TRUNCATED = 1;
    /** More than {@link #MAX_CHAIN_LENGTH} extension headers. */
    public static final int CHAIN_TOO_LONG = 2;

    private Bytes bytes;
    private int offset;
    private int limit;
    private int nextHeader;
    private int headerType;
    private int headerOffset;
    private int headerLength;
    private int count;
    private int status;

    /** Creates an unpositioned walker; call {@link #wrap} before walking. */
    public Ipv6ExtensionWalker() {
    }

    /**
     * Positions the walker at the first byte after the fixed IPv6 header.
     *
     * @param bytes      buffer holding the packet
     * @param offset     index of the first byte after the fixed header
     * @param limit      index one past the last byte that may be read
     * @param nextHeader the fixed header's next-header value
     * @return this walker
     */
    public Ipv6ExtensionWalker wrap(final Bytes bytes, final int offset, final int limit, final int nextHeader) {
        this.bytes = bytes;
        this.offset = offset;
        this.limit = limit;
        this.nextHeader = nextHeader;
        this.headerType = -1;
        this.headerOffset = -1;
        this.headerLength = 0;
        this.count = 0;
        this.status = OK;
        return this;
    }

    /**
     * Steps over the next extension header, if the current next-header value names one.
     *
     * @return true when a header was stepped over (read it through the accessors); false at the
     *         upper layer ({@link #status()} {@link #OK}) or on error
     */
    public boolean next() {
        if (!isExtension(nextHeader)) {
            return false;
        }
        if (count == MAX_CHAIN_LENGTH) {
            status = CHAIN_TOO_LONG;
            return false;
        }
        if (offset + MIN_HEADER_LENGTH > limit) {
            status = TRUNCATED;
            return false;
        }
        final int length;
        switch (nextHeader) {
            case FRAGMENT:
                length = FRAGMENT_HEADER_LENGTH;
                break;
            case AH:
                length = (bytes.u8(offset + LENGTH_OFFSET) + 2) * 4;
                break;
            default:
                length = (bytes.u8(offset + LENGTH_OFFSET) + 1) * 8;
                break;
        }
        if (offset + length > limit) {
            status = TRUNCATED;
            return false;
        }
        headerType = nextHeader;
        headerOffset = offset;
        headerLength = length;
        nextHeader = bytes.u8(offset + NEXT_HEADER_OFFSET);
        offset += length;
        count++;
        return true;
    }

    /** @return type of the header last stepped over, -1 before the first */
    public int headerType() {
        return headerType;
    }

    /** @return index of the header last stepped over */
    public int headerOffset() {
        return headerOffset;
    }

    /** @return length in bytes of the header last stepped over */
    public int headerLength() {
        return headerLength;
    }

    /** @return the next-header value after the headers stepped over so far */
    public int nextHeader() {
        return nextHeader;
    }

    /** @return index just after the headers stepped over so far (the upper layer once done) */
    public int offset() {
        return offset;
    }

    /** @return number of extension headers stepped over */
    public int count() {
        return count;
    }

    /** @return {@link #OK}, {@link #TRUNCATED} or {@link #CHAIN_TOO_LONG} */
    public int status() {
        return status;
    }

    /** @return fragment offset in bytes; valid when {@link #headerType()} is {@link #FRAGMENT} */
    public int fragmentOffset() {
        return bytes.u16(headerOffset + FRAGMENT_OFFSET_OFFSET) & 0xFFF8;
    }

    /** @return the M (more fragments) flag; valid when {@link #headerType()} is {@link #FRAGMENT} */
    public boolean isMoreFragments() {
        return (bytes.u8(headerOffset + FRAGMENT_OFFSET_OFFSET + 1) & 1) != 0;
    }

    /** @return the identification; valid when {@link #headerType()} is {@link #FRAGMENT} */
    public int fragmentId() {
        return bytes.i32(headerOffset + FRAGMENT_ID_OFFSET);
    }

    /**
     * @param protocol an IPv6 next-header value
     * @return whether the walker steps over it
     */
    public static boolean isExtension(final int protocol) {
        switch (protocol) {
            case HOP_BY_HOP:
            case ROUTING:
            case FRAGMENT:
            case AH:
            case DESTINATION_OPTIONS:
            case MOBILITY:
            case HIP:
            case SHIM6:
                return true;
            default:
                return false;
        }
    }
}
