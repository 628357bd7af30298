package io.pcapflow.capture.pcapng;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.AbstractCaptureReader;
import io.pcapflow.capture.CaptureFormat;
import io.pcapflow.capture.CaptureInput;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.InterfaceStatistics;
import io.pcapflow.capture.NotACaptureException;
import io.pcapflow.capture.PacketHandler;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.pcapflow.capture.pcapng.PcapngDescriptor.BLOCK_OVERHEAD;
import static io.pcapflow.capture.pcapng.PcapngDescriptor.LENGTH_OFFSET;
import static io.pcapflow.capture.pcapng.PcapngDescriptor.MAX_BLOCK_LENGTH;

/**
 * Streaming pcapng reader: several sections of either byte order, interface description blocks
 * with {@code if_name}, {@code if_tsresol} and {@code if_tsoffset}, enhanced, simple and obsolete
 * packet blocks, interface statistics; unknown blocks are skipped. Block lengths are validated
 * (at least 12, a multiple of 4, at most {@link PcapngDescriptor#MAX_BLOCK_LENGTH}, equal at both
 * ends) before a block is read, so no length field drives allocation.
 */
public final class PcapngReader extends AbstractCaptureReader {
    private final List<InterfaceInfo> sectionInterfaces = new ArrayList<>();
    private final OptionWalker options = new OptionWalker();
    private ByteOrder order = ByteOrder.BIG_ENDIAN;
    private int section = -1;

    /**
     * Reads the first section header.
     *
     * @param input      the input, at position 0
     * @param compressed whether the input was gzip-compressed
     * @throws IOException          when reading fails
     * @throws NotACaptureException when the first block is not a valid section header
     */
    public PcapngReader(final CaptureInput input, final boolean compressed) throws IOException {
        super(input, compressed);
        final String problem = readSectionHeader(0);
        if (problem != null) {
            throw new NotACaptureException(input.name() + ": " + problem);
        }
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    @Override
    public int poll(final PacketHandler handler, final int limit) throws IOException {
        int delivered = 0;
        while (delivered < limit && !done) {
            final long pos = position;
            if (!input.require(pos, 8)) {
                if (input.available(pos) == 0) {
                    done = true;
                } else {
                    fail("truncated_block", pos, "capture ends inside a block header");
                }
                break;
            }
            final int type = input.bytes().i32(input.index(pos), order);
            if (type == PcapngDescriptor.SHB) {
                final String problem = readSectionHeader(pos);
                if (problem != null) {
                    fail("bad_section_header", pos, problem);
                }
                continue;
            }
            final int length = blockLength(pos);
            if (length < 0) {
                break;
            }
            final int i = input.index(pos);
            switch (type) {
                case PcapngDescriptor.EPB:
                    delivered += enhancedPacket(handler, pos, i, length);
                    break;
                case PcapngDescriptor.SPB:
                    delivered += simplePacket(handler, pos, i, length);
                    break;
                case PcapngDescriptor.OPB:
                    delivered += obsoletePacket(handler, pos, i, length);
                    break;
                case PcapngDescriptor.IDB:
                    interfaceDescription(pos, i, length);
                    break;
                case PcapngDescriptor.ISB:
                    interfaceStatistics(pos, i, length);
                    break;
                default:
                    // NRB, DSB, custom and unknown blocks carry no packets: skipped by design
                    break;
            }
            if (!done) {
                position = pos + length;
            }
        }
        return delivered;
    }

    /** @return the block length after validating it and making the block readable, or -1 (damage) */
    private int blockLength(final long pos) throws IOException {
        final long length = input.bytes().u32(input.index(pos) + LENGTH_OFFSET, order);
        if (length < BLOCK_OVERHEAD || (length & 3) != 0 || length > MAX_BLOCK_LENGTH) {
            fail("bad_block_length", pos, "block total length " + length + " is impossible: corrupt block");
            return -1;
        }
        if (!input.require(pos, (int) length)) {
            fail("truncated_block", pos, "capture ends inside a block (" + input.available(pos) + " of " + length
                + " bytes present)");
            return -1;
        }
        final long trailer = input.bytes().u32(input.index(pos) + (int) length - 4, order);
        if (trailer != length) {
            fail("bad_block_length", pos, "block total length " + length + " differs from its trailing copy "
                + trailer + ": corrupt block");
            return -1;
        }
        return (int) length;
    }

    /** @return null when the section header was read, else what is wrong with it */
    private String readSectionHeader(final long pos) throws IOException {
        if (!input.require(pos, PcapngDescriptor.SHB_OPTIONS_OFFSET + 4)) {
            return "section header block cut short";
        }
        final Bytes b = input.bytes();
        int i = input.index(pos);
        final int magic = b.i32(i + PcapngDescriptor.SHB_MAGIC_OFFSET);
        if (magic == PcapngDescriptor.BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(magic) == PcapngDescriptor.BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            return "section header has no byte-order magic";
        }
        final long length = b.u32(i + LENGTH_OFFSET, order);
        if (length < PcapngDescriptor.SHB_OPTIONS_OFFSET + 4 || (length & 3) != 0 || length > MAX_BLOCK_LENGTH) {
            return "section header block length " + length + " is impossible";
        }
        if (!input.require(pos, (int) length)) {
            return "section header block cut short (" + input.available(pos) + " of " + length + " bytes)";
        }
        i = input.index(pos);
        final int major = input.bytes().u16(i + PcapngDescriptor.SHB_MAJOR_OFFSET, order);
        final int minor = input.bytes().u16(i + PcapngDescriptor.SHB_MINOR_OFFSET, order);
        if (major != 1) {
            return "unsupported pcapng version " + major + "." + minor;
        }
        if (input.bytes().u32(i + (int) length - 4, order) != length) {
            return "section header block length differs from its trailing copy";
        }
        final Bytes bytes = input.bytes();
        if (!options.reset(bytes, i + PcapngDescriptor.SHB_OPTIONS_OFFSET, i + (int) length - 4, order)) {
            return "section header option overruns the block";
        }
        while (options.next()) {
            if (options.code() == PcapngDescriptor.OPT_COMMENT) {
                comments.add(options.string());
            }
        }
        if (options.malformed()) {
            return "section header option overruns the block";
        }
        section++;
        sectionInterfaces.clear();
        position = pos + length;
        return null;
    }

    private void interfaceDescription(final long pos, final int i, final int length) {
        final Bytes b = input.bytes();
        final int linkType = b.u16(i + PcapngDescriptor.IDB_LINKTYPE_OFFSET, order);
        final long snapLength = b.u32(i + PcapngDescriptor.IDB_SNAPLEN_OFFSET, order);
        String name = null;
        String description = null;
        long unitsPerSecond = 1_000_000L;
        long offsetSeconds = 0;
        if (length >= PcapngDescriptor.IDB_OPTIONS_OFFSET + 4) {
            options.reset(b, i + PcapngDescriptor.IDB_OPTIONS_OFFSET, i + length - 4, order);
            while (options.next()) {
                switch (options.code()) {
                    case PcapngDescriptor.IF_NAME:
                        name = options.string();
                        break;
                    case PcapngDescriptor.IF_DESCRIPTION:
                        description = options.string();
                        break;
                    case PcapngDescriptor.IF_TSRESOL:
                        unitsPerSecond = resolution(pos, options.length() >= 1 ? b.u8(options.valueIndex()) : 6);
                        break;
                    case PcapngDescriptor.IF_TSOFFSET:
                        if (options.length() >= 8) {
                            offsetSeconds = b.i64(options.valueIndex(), order);
                        }
                        break;
                    default:
                        break;
                }
            }
            if (options.malformed()) {
                warn("bad_option", pos, "interface description option overruns the block; later options ignored");
            }
        }
        final InterfaceInfo iface = new InterfaceInfo(section, sectionInterfaces.size(), interfaces.size(), linkType,
            snapLength, name, description, unitsPerSecond, offsetSeconds);
        sectionInterfaces.add(iface);
        interfaces.add(iface);
    }

    private long resolution(final long pos, final int tsresol) {
        final int exponent = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0) {
            if (exponent <= 62) {
                return 1L << exponent;
            }
        } else if (exponent <= 18) {
            long units = 1;
            for (int k = 0; k < exponent; k++) {
                units *= 10;
            }
            return units;
        }
        warn("bad_tsresol", pos, "if_tsresol " + tsresol + " is out of range; microseconds assumed");
        return 1_000_000L;
    }

    private InterfaceInfo iface(final long pos, final long id) {
        if (id >= sectionInterfaces.size()) {
            fail("unknown_interface", pos, "packet refers to interface " + id + " but the section describes "
                + sectionInterfaces.size());
            return null;
        }
        return sectionInterfaces.get((int) id);
    }

    private int enhancedPacket(final PacketHandler handler, final long pos, final int i, final int length) {
        if (length < PcapngDescriptor.EPB_DATA_OFFSET + 4) {
            fail("bad_block_length", pos, "enhanced packet block of " + length + " bytes is too short");
            return 0;
        }
        final Bytes b = input.bytes();
        final InterfaceInfo iface = iface(pos, b.u32(i + PcapngDescriptor.EPB_INTERFACE_OFFSET, order));
        if (iface == null) {
            return 0;
        }
        final long caplen = b.u32(i + PcapngDescriptor.EPB_CAPLEN_OFFSET, order);
        final int room = length - PcapngDescriptor.EPB_DATA_OFFSET - 4;
        if (caplen > room) {
            fail("bad_record_length", pos, "enhanced packet block claims " + caplen + " captured bytes but holds "
                + room + ": corrupt block");
            return 0;
        }
        final long units = (b.u32(i + PcapngDescriptor.EPB_TS_HIGH_OFFSET, order) << 32)
            | b.u32(i + PcapngDescriptor.EPB_TS_LOW_OFFSET, order);
        final long len = b.u32(i + PcapngDescriptor.EPB_LEN_OFFSET, order);
        final int data = i + PcapngDescriptor.EPB_DATA_OFFSET;
        final int optionsStart = data + (((int) caplen + 3) & ~3);
        final int optionsEnd = i + length - 4;
        records++;
        record.set(records, iface.toNanos(units), iface, (int) caplen, len, b, data, pos);
        if (optionsEnd > optionsStart) {
            record.options(optionsStart, optionsEnd - optionsStart);
            packetFlags(pos, b, optionsStart, optionsEnd);
        }
        handler.onPacket(record);
        return 1;
    }

    private void packetFlags(final long pos, final Bytes b, final int start, final int end) {
        options.reset(b, start, end, order);
        while (options.next()) {
            if (options.code() == PcapngDescriptor.EPB_FLAGS && options.length() >= 4) {
                record.flags(b.i32(options.valueIndex(), order));
            }
        }
        if (options.malformed()) {
            warn("bad_option", pos, "packet block option overruns the block; options ignored");
        }
    }

    private int simplePacket(final PacketHandler handler, final long pos, final int i, final int length) {
        if (length < PcapngDescriptor.SPB_DATA_OFFSET + 4) {
            fail("bad_block_length", pos, "simple packet block of " + length + " bytes is too short");
            return 0;
        }
        final InterfaceInfo iface = iface(pos, 0);
        if (iface == null) {
            return 0;
        }
        final Bytes b = input.bytes();
        final long len = b.u32(i + PcapngDescriptor.SPB_LEN_OFFSET, order);
        // An SPB has no captured length: it is the original length cut to the snaplen and the block
        long caplen = Math.min(len, length - PcapngDescriptor.SPB_DATA_OFFSET - 4);
        if (iface.snapLength() > 0) {
            caplen = Math.min(caplen, iface.snapLength());
        }
        records++;
        // SPBs carry no timestamp; 0 marks "unknown", as Wireshark shows it
        record.set(records, 0, iface, (int) caplen, len, b, i + PcapngDescriptor.SPB_DATA_OFFSET, pos);
        handler.onPacket(record);
        return 1;
    }

    private int obsoletePacket(final PacketHandler handler, final long pos, final int i, final int length) {
        if (length < PcapngDescriptor.OPB_DATA_OFFSET + 4) {
            fail("bad_block_length", pos, "packet block of " + length + " bytes is too short");
            return 0;
        }
        final Bytes b = input.bytes();
        final InterfaceInfo iface = iface(pos, b.u16(i + PcapngDescriptor.OPB_INTERFACE_OFFSET, order));
        if (iface == null) {
            return 0;
        }
        final long caplen = b.u32(i + PcapngDescriptor.OPB_CAPLEN_OFFSET, order);
        final int room = length - PcapngDescriptor.OPB_DATA_OFFSET - 4;
        if (caplen > room) {
            fail("bad_record_length", pos, "packet block claims " + caplen + " captured bytes but holds " + room
                + ": corrupt block");
            return 0;
        }
        final long units = (b.u32(i + PcapngDescriptor.OPB_TS_HIGH_OFFSET, order) << 32)
            | b.u32(i + PcapngDescriptor.OPB_TS_LOW_OFFSET, order);
        final int data = i + PcapngDescriptor.OPB_DATA_OFFSET;
        final int optionsStart = data + (((int) caplen + 3) & ~3);
        final int optionsEnd = i + length - 4;
        records++;
        record.set(records, iface.toNanos(units), iface, (int) caplen, b.u32(i + PcapngDescriptor.OPB_LEN_OFFSET,
            order), b, data, pos);
        if (optionsEnd > optionsStart) {
            record.options(optionsStart, optionsEnd - optionsStart);
            packetFlags(pos, b, optionsStart, optionsEnd);
        }
        handler.onPacket(record);
        return 1;
    }

    private void interfaceStatistics(final long pos, final int i, final int length) {
        if (length < PcapngDescriptor.ISB_OPTIONS_OFFSET + 4) {
            warn("bad_block_length", pos, "interface statistics block too short; ignored");
            return;
        }
        final Bytes b = input.bytes();
        final long id = b.u32(i + PcapngDescriptor.ISB_INTERFACE_OFFSET, order);
        if (id >= sectionInterfaces.size()) {
            warn("unknown_interface", pos, "statistics for undescribed interface " + id + "; ignored");
            return;
        }
        final InterfaceInfo iface = sectionInterfaces.get((int) id);
        final long units = (b.u32(i + PcapngDescriptor.ISB_TS_HIGH_OFFSET, order) << 32)
            | b.u32(i + PcapngDescriptor.ISB_TS_LOW_OFFSET, order);
        final long[] values = {-1, -1, -1, -1, -1};
        options.reset(b, i + PcapngDescriptor.ISB_OPTIONS_OFFSET, i + length - 4, order);
        while (options.next()) {
            final int code = options.code();
            if (code >= PcapngDescriptor.ISB_IFRECV && code <= PcapngDescriptor.ISB_USRDELIV && options.length() >= 8) {
                values[code - PcapngDescriptor.ISB_IFRECV] = b.i64(options.valueIndex(), order);
            }
        }
        statistics.add(new InterfaceStatistics(iface.globalId(), iface.toNanos(units), values[0], values[1],
            values[2], values[3], values[4]));
    }
}
