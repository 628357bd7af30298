package io.pcapflow.testkit.capture;

import java.io.OutputStream;
import java.nio.ByteOrder;

/** Classic pcap writer (draft-ietf-opsawg-pcap): file header then records, in a chosen byte order. */
public final class PcapWriter {
    /** Magic for microsecond timestamps. */
    public static final int MAGIC_MICROS = 0xA1B2C3D4;
    /** Magic for nanosecond timestamps. */
    public static final int MAGIC_NANOS = 0xA1B23C4D;

    private final OutputStream out;
    private final ByteOrder order;
    private final boolean nanos;

    private PcapWriter(OutputStream out, ByteOrder order, int magic, int major, int minor, int snaplen, int linkType) {
        this.out = Sink.orMemory(out);
        this.order = order;
        this.nanos = magic == MAGIC_NANOS;
        Sink.write(this.out, new Sink(order).u32(magic).u16(major).u16(minor).u32(0).u32(0).u32(snaplen)
            .u32(linkType).toByteArray());
    }

    /**
     * Writes a version 2.4 header to a stream.
     *
     * @param out destination
     * @param order byte order of every header field
     * @param nanos nanosecond magic (else microseconds)
     * @param snaplen snapshot length
     * @param linkType LINKTYPE_ value, see {@link LinkTypes}
     */
    public PcapWriter(OutputStream out, ByteOrder order, boolean nanos, int snaplen, int linkType) {
        this(out, order, nanos ? MAGIC_NANOS : MAGIC_MICROS, 2, 4, snaplen, linkType);
    }

    /**
     * Creates an in-memory writer; read the result with {@link #toByteArray()}.
     *
     * @param order byte order
     * @param nanos nanosecond magic
     * @param snaplen snapshot length
     * @param linkType LINKTYPE_ value
     * @return the writer
     */
    public static PcapWriter inMemory(ByteOrder order, boolean nanos, int snaplen, int linkType) {
        return new PcapWriter(null, order, nanos, snaplen, linkType);
    }

    /**
     * Creates a writer with an arbitrary file header (hostile tests: bad magic, version).
     *
     * @param out destination, or null for in-memory
     * @param order byte order
     * @param magic magic number written in {@code order}
     * @param major major version
     * @param minor minor version
     * @param snaplen snapshot length
     * @param linkType link type field
     * @return the writer
     */
    public static PcapWriter withHeader(OutputStream out, ByteOrder order, int magic, int major, int minor,
        int snaplen, int linkType) {
        return new PcapWriter(out, order, magic, major, minor, snaplen, linkType);
    }

    /**
     * Writes a record whose captured and original lengths are the data length.
     *
     * @param tsNanos timestamp, epoch nanoseconds
     * @param data packet bytes
     * @return this
     */
    public PcapWriter packet(long tsNanos, byte[] data) {
        return packet(tsNanos, data, data.length);
    }

    /**
     * Writes a record; pass fewer bytes than {@code originalLength} to simulate snaplen truncation.
     *
     * @param tsNanos timestamp, epoch nanoseconds (truncated to µs for the µs magic)
     * @param data captured bytes
     * @param originalLength length on the wire
     * @return this
     */
    public PcapWriter packet(long tsNanos, byte[] data, int originalLength) {
        long sec = Math.floorDiv(tsNanos, 1_000_000_000L);
        long frac = Math.floorMod(tsNanos, 1_000_000_000L);
        return rawRecord(sec, nanos ? frac : frac / 1000, data.length, originalLength, data);
    }

    /**
     * Writes a record header with arbitrary values followed by the data (hostile tests).
     *
     * @param seconds ts_sec field
     * @param fraction ts_usec / ts_nsec field
     * @param capturedLength incl_len field (need not match the data)
     * @param originalLength orig_len field
     * @param data bytes written after the header
     * @return this
     */
    public PcapWriter rawRecord(long seconds, long fraction, long capturedLength, long originalLength, byte[] data) {
        Sink.write(out, new Sink(order).u32(seconds).u32(fraction).u32(capturedLength).u32(originalLength)
            .bytes(data).toByteArray());
        return this;
    }

    /**
     * Writes bytes verbatim (e.g. a truncated record tail).
     *
     * @param bytes bytes
     * @return this
     */
    public PcapWriter rawBytes(byte[] bytes) {
        Sink.write(out, bytes);
        return this;
    }

    /**
     * Returns everything written so far by an in-memory writer.
     *
     * @return the capture bytes
     */
    public byte[] toByteArray() {
        return Sink.memory(out);
    }
}
