package io.pcapflow.capture;

import io.pcapflow.bytes.Bytes;

/**
 * One packet record as read from any capture format: the single record model every reader fills
 * and every analyzer consumes. Mutable and reused: a reader owns one instance and refills it for
 * each record, so reading allocates nothing per packet.
 *
 * <p>The packet bytes are {@code bytes().u8(offset()) .. offset() + capturedLength() - 1}, a view
 * into the reader's buffer (never a copy), valid only until the handler returns.
 */
public final class CaptureRecord {
    private long ordinal;
    private long timestampNanos;
    private int interfaceId;
    private InterfaceInfo iface;
    private int direction;
    private int linkType;
    private int capturedLength;
    private long originalLength;
    private Bytes bytes;
    private int offset;
    private long fileOffset;
    private int flags;
    private int optionsOffset;
    private int optionsLength;

    /** Creates an empty record, for readers. */
    public CaptureRecord() {
    }

    /**
     * Fills the record; called by readers only.
     *
     * @param ordinal        1-based frame number over the whole input, as Wireshark numbers frames
     * @param timestampNanos capture time, nanoseconds since the epoch (UTC)
     * @param iface          interface the packet was captured on
     * @param capturedLength bytes present in the capture
     * @param originalLength length of the packet on the wire
     * @param bytes          the buffer holding the packet
     * @param offset         index of the first packet byte in {@code bytes}
     * @param fileOffset     byte offset of the record (its header) in the input, for messages
     * @return this record
     */
    public CaptureRecord set(final long ordinal, final long timestampNanos, final InterfaceInfo iface,
                             final int capturedLength, final long originalLength, final Bytes bytes,
                             final int offset, final long fileOffset) {
        this.ordinal = ordinal;
        this.timestampNanos = timestampNanos;
        this.iface = iface;
        this.interfaceId = iface.id();
        this.linkType = iface.linkType();
        this.direction = Direction.UNKNOWN;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.bytes = bytes;
        this.offset = offset;
        this.fileOffset = fileOffset;
        this.flags = 0;
        this.optionsOffset = 0;
        this.optionsLength = 0;
        return this;
    }

    /**
     * Sets the pcapng {@code epb_flags} word and the direction it carries; called by readers only.
     *
     * @param flags raw {@code epb_flags} value
     * @return this record
     */
    public CaptureRecord flags(final int flags) {
        this.flags = flags;
        switch (flags & 0x3) {
            case 1:
                this.direction = Direction.INBOUND;
                break;
            case 2:
                this.direction = Direction.OUTBOUND;
                break;
            default:
                this.direction = Direction.UNKNOWN;
        }
        return this;
    }

    /**
     * Records where the block's options lie in {@link #bytes()}; called by pcapng readers only.
     *
     * @param optionsOffset index of the first option
     * @param optionsLength bytes of options, 0 when none
     * @return this record
     */
    public CaptureRecord options(final int optionsOffset, final int optionsLength) {
        this.optionsOffset = optionsOffset;
        this.optionsLength = optionsLength;
        return this;
    }

    /** @return 1-based frame number across all sections (Wireshark's {@code frame.number}) */
    public long ordinal() {
        return ordinal;
    }

    /** @return capture time in nanoseconds since the epoch, UTC */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** @return interface id: the pcapng IDB index within its section, 0 for classic pcap */
    public int interfaceId() {
        return interfaceId;
    }

    /** @return the interface the packet came from (name, link type, resolution) */
    public InterfaceInfo iface() {
        return iface;
    }

    /** @return {@link Direction} constant from the capture format, or {@link Direction#UNKNOWN} */
    public int direction() {
        return direction;
    }

    /** @return LINKTYPE_ of this packet ({@link LinkType}) */
    public int linkType() {
        return linkType;
    }

    /** @return bytes present in the capture for this packet */
    public int capturedLength() {
        return capturedLength;
    }

    /** @return packet length on the wire (may exceed {@link #capturedLength()} when snaplen cut it) */
    public long originalLength() {
        return originalLength;
    }

    /** @return the buffer holding the packet bytes, valid during the handler call only */
    public Bytes bytes() {
        return bytes;
    }

    /** @return index of the first packet byte in {@link #bytes()} */
    public int offset() {
        return offset;
    }

    /** @return byte offset of this record's header in the (decompressed) input */
    public long fileOffset() {
        return fileOffset;
    }

    /** @return raw pcapng {@code epb_flags}, 0 when absent */
    public int flags() {
        return flags;
    }

    /** @return index in {@link #bytes()} of the pcapng block options */
    public int optionsOffset() {
        return optionsOffset;
    }

    /** @return length of the pcapng block options, 0 when none */
    public int optionsLength() {
        return optionsLength;
    }
}
