package io.pcapflow.trace;

import io.pcapflow.bytes.Bytes;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.decode.PacketView;
import io.pcapflow.tcp.TcpSegment;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * pcapng, little-endian, one section: the original bytes, lengths and timestamps of every packet
 * in Enhanced Packet Blocks with their {@code epb_flags} and {@code opt_comment}s, and one
 * Interface Description Block per input interface the flow uses (written before its first packet)
 * with its link type, snap length, {@code if_name}, {@code if_description}, {@code if_tsresol} and
 * {@code if_tsoffset}. Decimal resolutions up to nanoseconds are kept; finer or binary ones are
 * written as nanoseconds (the resolution the reader delivers).
 */
public final class PcapngFormat implements FlowFormat {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int EPB = 6;
    private static final int OPB = 2;
    private static final int OPT_COMMENT = 1;
    private static final int EPB_FLAGS = 2;
    private static final int EPB_HEADER = 28;

    private final byte[] flags = new byte[4];
    private byte[] block = new byte[256];
    private int used;

    @Override
    public boolean holdsFragments() {
        return true;
    }

    @Override
    public String extension() {
        return "pcapng";
    }

    @Override
    public Dumper open(final TraceFlow flow, final OutputFile out, final CaptureRecord first) throws IOException {
        used = 0;
        u32(SHB);
        u32(0);
        u32(0x1A2B3C4D);
        u16(1);
        u16(0);
        u32(-1);
        u32(-1);
        option(4, "pcapflow trace".getBytes(StandardCharsets.UTF_8));
        endOfOptions();
        finishBlock(out);
        return new Writer(out);
    }

    /** Writes one flow's packets, describing each interface once. */
    private final class Writer implements Dumper {
        private final OutputFile out;
        private int[] local = new int[4];
        private long[] scale = new long[4];
        private long[] offsetNanos = new long[4];
        private int interfaces;

        Writer(final OutputFile out) {
            this.out = out;
            Arrays.fill(local, -1);
        }

        @Override
        public boolean packet(final CaptureRecord r, final PacketView v, final TcpSegment s) throws IOException {
            final InterfaceInfo iface = r.iface();
            final int g = iface.globalId();
            if (g >= local.length) {
                final int old = local.length;
                final int n = Math.max(g + 1, old * 2);
                local = Arrays.copyOf(local, n);
                Arrays.fill(local, old, n, -1);
                scale = Arrays.copyOf(scale, n);
                offsetNanos = Arrays.copyOf(offsetNanos, n);
            }
            if (local[g] < 0) {
                describe(iface);
            }
            final long units = (r.timestampNanos() - offsetNanos[g]) / scale[g];
            final int caplen = r.capturedLength();
            used = 0;
            u32(EPB);
            u32(0);
            u32(local[g]);
            u32((int) (units >>> 32));
            u32((int) units);
            u32(caplen);
            u32((int) Math.min(0xFFFF_FFFFL, r.originalLength()));
            final int headerEnd = used;
            if (r.flags() != 0) {
                LittleEndian.i32(flags, 0, r.flags());
                option(EPB_FLAGS, flags);
            }
            comments(r);
            if (used > headerEnd) {
                endOfOptions();
            }
            final int pad = (4 - (caplen & 3)) & 3;
            final int total = used + caplen + pad + 4;
            LittleEndian.i32(block, 4, total);
            out.write(block, 0, headerEnd);
            out.write(r.bytes(), r.offset(), caplen);
            for (int i = 0; i < pad; i++) {
                out.write(0);
            }
            out.write(block, headerEnd, used - headerEnd);
            used = 0;
            u32(total);
            out.write(block, 0, 4);
            return true;
        }

        private void describe(final InterfaceInfo iface) throws IOException {
            final int g = iface.globalId();
            int digits = -1;
            long u = 1;
            for (int k = 0; k <= 9; k++) {
                if (u == iface.unitsPerSecond()) {
                    digits = k;
                }
                u *= 10;
            }
            if (digits < 0) {
                digits = 9;
            }
            long sc = 1;
            for (int k = digits; k < 9; k++) {
                sc *= 10;
            }
            scale[g] = sc;
            offsetNanos[g] = iface.tsOffsetSeconds() * 1_000_000_000L;
            local[g] = interfaces++;
            used = 0;
            u32(IDB);
            u32(0);
            u16(iface.linkType());
            u16(0);
            u32((int) Math.min(0xFFFF_FFFFL, Math.max(0, iface.snapLength())));
            if (iface.name() != null) {
                option(2, iface.name().getBytes(StandardCharsets.UTF_8));
            }
            if (iface.description() != null) {
                option(3, iface.description().getBytes(StandardCharsets.UTF_8));
            }
            option(9, new byte[] {(byte) digits});
            if (iface.tsOffsetSeconds() != 0) {
                final byte[] off = new byte[8];
                LittleEndian.i32(off, 0, (int) iface.tsOffsetSeconds());
                LittleEndian.i32(off, 4, (int) (iface.tsOffsetSeconds() >>> 32));
                option(14, off);
            }
            endOfOptions();
            finishBlock(out);
        }
    }

    /** Copies the record's {@code opt_comment}s, reading its options in the input's byte order. */
    private void comments(final CaptureRecord r) {
        final int length = r.optionsLength();
        if (length == 0 || r.offset() < EPB_HEADER) {
            return;
        }
        final Bytes b = r.bytes();
        final int type = r.offset() - EPB_HEADER;
        final ByteOrder order;
        final int le = b.i32(type, ByteOrder.LITTLE_ENDIAN);
        if (le == EPB || le == OPB) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            final int be = b.i32(type, ByteOrder.BIG_ENDIAN);
            if (be != EPB && be != OPB) {
                return;
            }
            order = ByteOrder.BIG_ENDIAN;
        }
        int i = r.optionsOffset();
        final int end = i + length;
        while (i + 4 <= end) {
            final int code = b.u16(i, order);
            final int len = b.u16(i + 2, order);
            if (code == 0 || i + 4 + len > end) {
                return;
            }
            if (code == OPT_COMMENT) {
                option(OPT_COMMENT, b.copy(i + 4, len));
            }
            i += 4 + ((len + 3) & ~3);
        }
    }

    private void option(final int code, final byte[] value) {
        u16(code);
        u16(value.length);
        ensure(value.length + 4);
        System.arraycopy(value, 0, block, used, value.length);
        used += value.length;
        while ((used & 3) != 0) {
            block[used++] = 0;
        }
    }

    private void endOfOptions() {
        u32(0);
    }

    private void finishBlock(final OutputFile out) throws IOException {
        final int total = used + 4;
        u32(total);
        LittleEndian.i32(block, 4, total);
        out.write(block, 0, used);
    }

    private void ensure(final int n) {
        if (used + n > block.length) {
            block = Arrays.copyOf(block, Math.max(block.length * 2, used + n));
        }
    }

    private void u16(final int v) {
        ensure(2);
        LittleEndian.i16(block, used, v);
        used += 2;
    }

    private void u32(final int v) {
        ensure(4);
        LittleEndian.i32(block, used, v);
        used += 4;
    }
}
