package io.pcapflow.trace;

import io.pcapflow.capture.CaptureRecord;

import java.io.IOException;

/**
 * Classic pcap, little-endian, version 2.4: the original bytes, captured and original lengths and
 * link type of every packet. The file takes the first packet's interface: nanosecond magic
 * ({@code a1b23c4d}) when its timestamps have more than 6 fraction digits, microseconds otherwise;
 * its snap length (262144 when unknown or unlimited). A packet with another link type cannot be
 * stored (classic pcap has one per file), nor can a time before 1970 or after 2106: such packets
 * are counted ({@code not_written} in the index), not written; use pcapng for such inputs.
 */
public final class PcapFormat implements FlowFormat {
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int DEFAULT_SNAPLEN = 262_144;

    private final byte[] header = new byte[24];

    @Override
    public boolean holdsFragments() {
        return true;
    }

    @Override
    public String extension() {
        return "pcap";
    }

    @Override
    public Dumper open(final TraceFlow flow, final OutputFile out, final CaptureRecord first) throws IOException {
        final boolean nanos = first.iface().fractionDigits() > 6;
        final long snap = first.iface().snapLength();
        final int linkType = first.linkType();
        LittleEndian.i32(header, 0, nanos ? MAGIC_NANOS : MAGIC_MICROS);
        LittleEndian.i16(header, 4, 2);
        LittleEndian.i16(header, 6, 4);
        LittleEndian.i32(header, 8, 0);
        LittleEndian.i32(header, 12, 0);
        LittleEndian.i32(header, 16, snap <= 0 || snap > Integer.MAX_VALUE ? DEFAULT_SNAPLEN : (int) snap);
        LittleEndian.i32(header, 20, linkType);
        out.write(header, 0, 24);
        return (r, v, s) -> {
            if (r.linkType() != linkType) {
                return false;
            }
            final long t = r.timestampNanos();
            final long seconds = Math.floorDiv(t, 1_000_000_000L);
            final long fraction = Math.floorMod(t, 1_000_000_000L);
            if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
                // classic pcap holds unsigned 32-bit seconds only
                return false;
            }
            LittleEndian.i32(header, 0, (int) seconds);
            LittleEndian.i32(header, 4, (int) (nanos ? fraction : fraction / 1000));
            LittleEndian.i32(header, 8, r.capturedLength());
            LittleEndian.i32(header, 12, (int) Math.min(0xFFFF_FFFFL, r.originalLength()));
            out.write(header, 0, 16);
            out.write(r.bytes(), r.offset(), r.capturedLength());
            return true;
        };
    }
}
