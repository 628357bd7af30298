package io.pcapflow.decode.header;

import io.pcapflow.bytes.Bytes;

/**
 * IEEE 802.1Q / 802.1ad VLAN tag, positioned just after the TPID that announced it (the TPID is
 * the previous layer's EtherType field).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | PCP |D|        VLAN ID        |    Encapsulated EtherType     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>TPIDs recognised: 0x8100 (802.1Q C-tag), 0x88A8 (802.1ad S-tag) and 0x9100 (pre-standard
 * Q-in-Q, still seen in the wild). See
 * <a href="https://standards.ieee.org/ieee/802.1Q/10323/">IEEE 802.1Q</a>.
 */
public final class VlanTag {
    /** Offset of the tag control information (PCP, DEI, VID). */
    public static final int TCI_OFFSET = 0;
    /** Length of the TCI. */
    public static final int TCI_LENGTH = 2;
    /** Offset of the encapsulated EtherType. */
    public static final int ETHER_TYPE_OFFSET = TCI_OFFSET + TCI_LENGTH;
    /** Length of the encapsulated EtherType. */
    public static final int ETHER_TYPE_LENGTH = 2;
    /** Length of the tag after the TPID. */
    public static final int HEADER_LENGTH = ETHER_TYPE_OFFSET + ETHER_TYPE_LENGTH;

    /** 802.1Q customer tag. */
    public static final int TPID_8021Q = 0x8100;
    /** 802.1ad service tag. */
    public static final int TPID_8021AD = 0x88A8;
    /** Pre-standard Q-in-Q tag. */
    public static final int TPID_QINQ_9100 = 0x9100;

    private Bytes bytes;
    private int offset;
    private int length;

    /** Creates an unpositioned flyweight; call {@link #wrap} before reading. */
    public VlanTag() {
    }

    /**
     * Positions the flyweight.
     *
     * @param bytes  buffer holding the frame
     * @param offset index of the TCI
     * @param length bytes available from {@code offset}
     * @return this flyweight
     */
    public VlanTag wrap(final Bytes bytes, final int offset, final int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** @return index of the TCI */
    public int offset() {
        return offset;
    }

    /** @return bytes available from {@link #offset()} when wrapped */
    public int length() {
        return length;
    }

    /** @return priority code point, 0..7 */
    public int priority() {
        return bytes.u8(offset + TCI_OFFSET) >>> 5;
    }

    /** @return drop eligible indicator */
    public boolean isDropEligible() {
        return (bytes.u8(offset + TCI_OFFSET) & 0x10) != 0;
    }

    /** @return VLAN identifier, 0..4095 */
    public int vlanId() {
        return bytes.u16(offset + TCI_OFFSET) & 0x0FFF;
    }

    /** @return the EtherType of what the tag encapsulates */
    public int etherType() {
        return bytes.u16(offset + ETHER_TYPE_OFFSET);
    }

    /**
     * @param etherType an EtherType value
     * @return whether it announces a VLAN tag
     */
    public static boolean isTagProtocol(final int etherType) {
        return etherType == TPID_8021Q || etherType == TPID_8021AD || etherType == TPID_QINQ_9100;
    }
}
