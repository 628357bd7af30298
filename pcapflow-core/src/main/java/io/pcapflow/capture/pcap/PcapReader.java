package io.pcapflow.capture.pcap;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.AbstractCaptureReader;
import io.pcapflow.capture.CaptureFormat;
import io.pcapflow.capture.CaptureInput;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.NotACaptureException;
import io.pcapflow.capture.PacketHandler;

import java.io.IOException;
import java.nio.ByteOrder;

import static io.pcapflow.capture.pcap.PcapDescriptor.CAPLEN_OFFSET;
import static io.pcapflow.capture.pcap.PcapDescriptor.FILE_HEADER_LENGTH;
import static io.pcapflow.capture.pcap.PcapDescriptor.LEN_OFFSET;
import static io.pcapflow.capture.pcap.PcapDescriptor.MAX_CAPLEN;
import static io.pcapflow.capture.pcap.PcapDescriptor.TS_FRAC_OFFSET;
import static io.pcapflow.capture.pcap.PcapDescriptor.TS_SEC_OFFSET;

/**
 * Streaming reader of classic pcap files: both byte orders, microsecond, nanosecond and
 * "modified" magic numbers. A record cut by the end of the input is a truncated capture (warn,
 * stop); a captured length above {@link PcapDescriptor#MAX_CAPLEN} is corruption (stop, naming the
 * offset). Every good record before either is delivered.
 */
public final class PcapReader extends AbstractCaptureReader {
    private final ByteOrder order;
    private final CaptureFormat format;
    private final int recordHeaderLength;
    private final long fracToNanos;
    private final long snapLength;
    private final InterfaceInfo iface;
    private final long maxCaplen;
    private boolean warnedSnap;

    /**
     * Reads the file header.
     *
     * @param input      the input, at position 0
     * @param compressed whether the input was gzip-compressed
     * @throws IOException          when reading fails
     * @throws NotACaptureException when the header is not a supported pcap header
     */
    public PcapReader(final CaptureInput input, final boolean compressed) throws IOException {
        super(input, compressed);
        if (!input.require(0, FILE_HEADER_LENGTH)) {
            throw new NotACaptureException(input.name() + ": pcap file header cut short ("
                + input.available(0) + " of " + FILE_HEADER_LENGTH + " bytes)");
        }
        final Bytes b = input.bytes();
        final int magicBe = b.i32(PcapDescriptor.MAGIC_OFFSET);
        final int magic;
        if (isMagic(magicBe)) {
            order = ByteOrder.BIG_ENDIAN;
            magic = magicBe;
        } else if (isMagic(Integer.reverseBytes(magicBe))) {
            order = ByteOrder.LITTLE_ENDIAN;
            magic = Integer.reverseBytes(magicBe);
        } else {
            throw new NotACaptureException(input.name() + ": not a pcap file");
        }
        format = magic == PcapDescriptor.MAGIC_NANOS ? CaptureFormat.PCAP_NSEC
            : magic == PcapDescriptor.MAGIC_MODIFIED ? CaptureFormat.PCAP_MODIFIED : CaptureFormat.PCAP;
        recordHeaderLength = magic == PcapDescriptor.MAGIC_MODIFIED
            ? PcapDescriptor.MODIFIED_RECORD_HEADER_LENGTH : PcapDescriptor.RECORD_HEADER_LENGTH;
        fracToNanos = magic == PcapDescriptor.MAGIC_NANOS ? 1 : 1000;
        final int major = b.u16(PcapDescriptor.MAJOR_OFFSET, order);
        final int minor = b.u16(PcapDescriptor.MINOR_OFFSET, order);
        if (major != 2) {
            throw new NotACaptureException(input.name() + ": unsupported pcap version " + major + "." + minor
                + " (only 2.x exists)");
        }
        snapLength = b.u32(PcapDescriptor.SNAPLEN_OFFSET, order);
        // Some link types (USB, D-Bus) legitimately use a larger snaplen: honour it up to a hard cap.
        maxCaplen = Math.max(MAX_CAPLEN, Math.min(snapLength, CaptureInput.MAX_RANGE / 4));
        final int linkField = b.i32(PcapDescriptor.LINKTYPE_OFFSET, order);
        if ((linkField & PcapDescriptor.LINKTYPE_RESERVED_MASK) != 0) {
            throw new NotACaptureException(input.name() + ": pcap link-type field 0x"
                + Integer.toHexString(linkField) + " has reserved bits set (corrupt header)");
        }
        final long unitsPerSecond = magic == PcapDescriptor.MAGIC_NANOS ? 1_000_000_000L : 1_000_000L;
        iface = new InterfaceInfo(0, 0, 0, linkField & PcapDescriptor.LINKTYPE_MASK, snapLength, null, null,
            unitsPerSecond, 0);
        interfaces.add(iface);
        position = FILE_HEADER_LENGTH;
    }

    private static boolean isMagic(final int magic) {
        return magic == PcapDescriptor.MAGIC_MICROS || magic == PcapDescriptor.MAGIC_NANOS
            || magic == PcapDescriptor.MAGIC_MODIFIED;
    }

    @Override
    public CaptureFormat format() {
        return format;
    }

    /** @return byte order of the file, from its magic number */
    public ByteOrder order() {
        return order;
    }

    /** @return the file header's snapshot length */
    public long snapLength() {
        return snapLength;
    }

    @Override
    public int poll(final PacketHandler handler, final int limit) throws IOException {
        final CaptureInput in = input;
        final ByteOrder o = order;
        final int headerLength = recordHeaderLength;
        int delivered = 0;
        long pos = position;
        while (delivered < limit && !done) {
            if (!in.require(pos, headerLength)) {
                endOfInput(pos, headerLength);
                break;
            }
            int i = in.index(pos);
            Bytes b = in.bytes();
            final long seconds = b.u32(i + TS_SEC_OFFSET, o);
            final long fraction = b.u32(i + TS_FRAC_OFFSET, o);
            final long caplen = b.u32(i + CAPLEN_OFFSET, o);
            final long len = b.u32(i + LEN_OFFSET, o);
            if (caplen > maxCaplen) {
                fail("bad_record_length", pos, "record header claims " + caplen + " captured bytes (more than "
                    + maxCaplen + "): corrupt record, reading stopped");
                break;
            }
            final int total = headerLength + (int) caplen;
            if (!in.require(pos, total)) {
                fail("truncated_record", pos, "capture ends inside a record (" + (in.available(pos) - headerLength)
                    + " of " + caplen + " bytes present)");
                break;
            }
            if (caplen > snapLength && snapLength > 0 && !warnedSnap) {
                warnedSnap = true;
                warn("caplen_exceeds_snaplen", pos, "record of " + caplen
                    + " bytes exceeds the file's snapshot length " + snapLength);
            }
            i = in.index(pos);
            b = in.bytes();
            records++;
            record.set(records, seconds * 1_000_000_000L + fraction * fracToNanos, iface, (int) caplen, len,
                b, i + headerLength, pos);
            position = pos + total;
            handler.onPacket(record);
            pos = position;
            delivered++;
        }
        position = pos;
        return delivered;
    }

    private void endOfInput(final long pos, final int headerLength) {
        final long left = input.available(pos);
        if (left == 0) {
            done = true;
        } else {
            fail("truncated_record", pos, "capture ends inside a record header (" + left + " of "
                + headerLength + " bytes present)");
        }
    }
}
