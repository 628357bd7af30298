package io.pcapflow.capture.pcap;

/**
 * Layout of the classic pcap format (draft-ietf-opsawg-pcap), in the byte order its magic shows.
 *
 * <pre>
 * File header (24 bytes):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Magic Number                         |
 * |          Major Version        |         Minor Version         |
 * |                           Reserved1 (thiszone)                |
 * |                           Reserved2 (sigfigs)                 |
 * |                            SnapLen                            |
 * | FCS |f|0 0 0 0 0 0 0 0 0 0|           LinkType                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Record header (16 bytes; 24 in the "modified" variant):
 * |                      Timestamp (Seconds)                      |
 * |            Timestamp (Microseconds or nanoseconds)            |
 * |                    Captured Packet Length                     |
 * |                    Original Packet Length                     |
 * </pre>
 */
final class PcapDescriptor {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int MAGIC_MODIFIED = 0xA1B2CD34;

    static final int MAGIC_OFFSET = 0;
    static final int MAJOR_OFFSET = MAGIC_OFFSET + 4;
    static final int MINOR_OFFSET = MAJOR_OFFSET + 2;
    static final int THISZONE_OFFSET = MINOR_OFFSET + 2;
    static final int SIGFIGS_OFFSET = THISZONE_OFFSET + 4;
    static final int SNAPLEN_OFFSET = SIGFIGS_OFFSET + 4;
    static final int LINKTYPE_OFFSET = SNAPLEN_OFFSET + 4;
    static final int FILE_HEADER_LENGTH = LINKTYPE_OFFSET + 4;

    static final int TS_SEC_OFFSET = 0;
    static final int TS_FRAC_OFFSET = TS_SEC_OFFSET + 4;
    static final int CAPLEN_OFFSET = TS_FRAC_OFFSET + 4;
    static final int LEN_OFFSET = CAPLEN_OFFSET + 4;
    static final int RECORD_HEADER_LENGTH = LEN_OFFSET + 4;
    /** The modified format appends ifindex (4), protocol (2), pkt_type (1) and padding (1). */
    static final int MODIFIED_RECORD_HEADER_LENGTH = RECORD_HEADER_LENGTH + 8;

    /** Link-type field bits 16-25 are reserved and must be zero; bits 26-31 carry the FCS length. */
    static final int LINKTYPE_RESERVED_MASK = 0x03FF_0000;
    static final int LINKTYPE_MASK = 0x0000_FFFF;

    /**
     * Largest captured length accepted: Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD. A record header
     * claiming more is corrupt (as in the corpus's hand-modified files), not a huge packet.
     */
    static final int MAX_CAPLEN = 262_144;

    private PcapDescriptor() {
    }
}
