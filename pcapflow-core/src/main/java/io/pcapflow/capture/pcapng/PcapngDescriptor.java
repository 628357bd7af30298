package io.pcapflow.capture.pcapng;

/**
 * Block and option codes of pcapng (draft-ietf-opsawg-pcapng). Every block:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Block Type                           |
 * |                      Block Total Length                       |
 * /                          Block Body                           /  padded to 32 bits
 * |                      Block Total Length                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Options: code (16), length (16), value padded to 32 bits; code 0 ends the list.
 */
final class PcapngDescriptor {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int OPB = 0x00000002;
    static final int SPB = 0x00000003;
    static final int NRB = 0x00000004;
    static final int ISB = 0x00000005;
    static final int EPB = 0x00000006;

    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    static final int TYPE_OFFSET = 0;
    static final int LENGTH_OFFSET = TYPE_OFFSET + 4;
    static final int BODY_OFFSET = LENGTH_OFFSET + 4;
    /** Type, length and the trailing length copy. */
    static final int BLOCK_OVERHEAD = 12;

    /** SHB body: byte-order magic, major, minor, section length (64). */
    static final int SHB_MAGIC_OFFSET = BODY_OFFSET;
    static final int SHB_MAJOR_OFFSET = SHB_MAGIC_OFFSET + 4;
    static final int SHB_MINOR_OFFSET = SHB_MAJOR_OFFSET + 2;
    static final int SHB_SECTION_LENGTH_OFFSET = SHB_MINOR_OFFSET + 2;
    static final int SHB_OPTIONS_OFFSET = SHB_SECTION_LENGTH_OFFSET + 8;

    /** IDB body: link type (16), reserved (16), snaplen (32). */
    static final int IDB_LINKTYPE_OFFSET = BODY_OFFSET;
    static final int IDB_SNAPLEN_OFFSET = IDB_LINKTYPE_OFFSET + 4;
    static final int IDB_OPTIONS_OFFSET = IDB_SNAPLEN_OFFSET + 4;

    /** EPB body: interface id, timestamp high, low, captured length, original length, data. */
    static final int EPB_INTERFACE_OFFSET = BODY_OFFSET;
    static final int EPB_TS_HIGH_OFFSET = EPB_INTERFACE_OFFSET + 4;
    static final int EPB_TS_LOW_OFFSET = EPB_TS_HIGH_OFFSET + 4;
    static final int EPB_CAPLEN_OFFSET = EPB_TS_LOW_OFFSET + 4;
    static final int EPB_LEN_OFFSET = EPB_CAPLEN_OFFSET + 4;
    static final int EPB_DATA_OFFSET = EPB_LEN_OFFSET + 4;

    /** Obsolete Packet Block body: interface id (16), drops (16), timestamp high, low, caplen, len. */
    static final int OPB_INTERFACE_OFFSET = BODY_OFFSET;
    static final int OPB_TS_HIGH_OFFSET = OPB_INTERFACE_OFFSET + 4;
    static final int OPB_TS_LOW_OFFSET = OPB_TS_HIGH_OFFSET + 4;
    static final int OPB_CAPLEN_OFFSET = OPB_TS_LOW_OFFSET + 4;
    static final int OPB_LEN_OFFSET = OPB_CAPLEN_OFFSET + 4;
    static final int OPB_DATA_OFFSET = OPB_LEN_OFFSET + 4;

    /** SPB body: original length, data. */
    static final int SPB_LEN_OFFSET = BODY_OFFSET;
    static final int SPB_DATA_OFFSET = SPB_LEN_OFFSET + 4;

    /** ISB body: interface id, timestamp high, low, options. */
    static final int ISB_INTERFACE_OFFSET = BODY_OFFSET;
    static final int ISB_TS_HIGH_OFFSET = ISB_INTERFACE_OFFSET + 4;
    static final int ISB_TS_LOW_OFFSET = ISB_TS_HIGH_OFFSET + 4;
    static final int ISB_OPTIONS_OFFSET = ISB_TS_LOW_OFFSET + 4;

    static final int OPT_END = 0;
    static final int OPT_COMMENT = 1;
    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;
    static final int EPB_FLAGS = 2;
    static final int ISB_IFRECV = 4;
    static final int ISB_IFDROP = 5;
    static final int ISB_FILTERACCEPT = 6;
    static final int ISB_OSDROP = 7;
    static final int ISB_USRDELIV = 8;

    /**
     * Largest block accepted; a longer claimed length is corruption. Wireshark's limit is 16 MiB of
     * packet data plus overhead; comments can be large, so allow twice that.
     */
    static final int MAX_BLOCK_LENGTH = 32 * 1024 * 1024;

    private PcapngDescriptor() {
    }
}
