package io.pcapflow.testkit.capture;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng writer (draft-ietf-opsawg-pcapng). Each section has its own byte order and interface list;
 * every block is padded to 32 bits with its total length at both ends; options end with opt_endofopt.
 */
public final class PcapngWriter {
    /** Section Header Block type. */
    public static final int SHB = 0x0A0D0D0A;
    /** Interface Description Block type. */
    public static final int IDB = 1;
    /** Obsolete Packet Block type. */
    public static final int OPB = 2;
    /** Simple Packet Block type. */
    public static final int SPB = 3;
    /** Name Resolution Block type. */
    public static final int NRB = 4;
    /** Interface Statistics Block type. */
    public static final int ISB = 5;
    /** Enhanced Packet Block type. */
    public static final int EPB = 6;
    /** Byte-order magic of the SHB. */
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** epb_flags direction: inbound. */
    public static final int FLAG_INBOUND = 1;
    /** epb_flags direction: outbound. */
    public static final int FLAG_OUTBOUND = 2;

    private final OutputStream out;
    private final List<long[]> interfaces = new ArrayList<>();
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    /**
     * Creates a writer on a stream; start with {@link #section(ByteOrder)}.
     *
     * @param out destination
     */
    public PcapngWriter(OutputStream out) {
        this.out = Sink.orMemory(out);
    }

    /** Creates an in-memory writer; read the result with {@link #toByteArray()}. */
    public PcapngWriter() {
        this(null);
    }

    /**
     * Starts a new section (SHB version 1.0, unknown section length); interface ids restart at 0.
     *
     * @param byteOrder byte order of this section
     * @return this
     */
    public PcapngWriter section(ByteOrder byteOrder) {
        return section(byteOrder, 1, 0, -1L);
    }

    /**
     * Starts a new section with explicit header values (hostile tests).
     *
     * @param byteOrder byte order of this section
     * @param major major version
     * @param minor minor version
     * @param sectionLength section length, -1 for unknown
     * @return this
     */
    public PcapngWriter section(ByteOrder byteOrder, int major, int minor, long sectionLength) {
        this.order = byteOrder;
        interfaces.clear();
        byte[] body = new Sink(order).u32(BYTE_ORDER_MAGIC).u16(major).u16(minor).u64(sectionLength).toByteArray();
        return block(SHB, body);
    }

    /**
     * Starts an Interface Description Block; finish it with {@link InterfaceBuilder#write()}.
     *
     * @param linkType LINKTYPE_ value, see {@link LinkTypes}
     * @return the IDB builder
     */
    public InterfaceBuilder interfaceDescription(int linkType) {
        return new InterfaceBuilder(linkType);
    }

    /**
     * Writes an Enhanced Packet Block without options.
     *
     * @param interfaceId interface id in the current section
     * @param tsNanos timestamp, epoch nanoseconds
     * @param data captured bytes (original length = data length)
     * @return this
     */
    public PcapngWriter enhancedPacket(int interfaceId, long tsNanos, byte[] data) {
        return new PacketBuilder(interfaceId, tsNanos, data).write();
    }

    /**
     * Starts an Enhanced Packet Block with options; finish it with {@link PacketBuilder#write()}.
     *
     * @param interfaceId interface id in the current section
     * @param tsNanos timestamp, epoch nanoseconds
     * @param data captured bytes
     * @return the EPB builder
     */
    public PacketBuilder enhancedPacketBuilder(int interfaceId, long tsNanos, byte[] data) {
        return new PacketBuilder(interfaceId, tsNanos, data);
    }

    /**
     * Writes a Simple Packet Block whose original length is the data length.
     *
     * @param data packet bytes
     * @return this
     */
    public PcapngWriter simplePacket(byte[] data) {
        return simplePacket(data, data.length);
    }

    /**
     * Writes a Simple Packet Block (readers take captured length = min(original length, snaplen)).
     *
     * @param data packet bytes
     * @param originalLength original packet length field
     * @return this
     */
    public PcapngWriter simplePacket(byte[] data, int originalLength) {
        return block(SPB, new Sink(order).u32(originalLength).bytes(data).pad4().toByteArray());
    }

    /**
     * Writes an obsolete Packet Block (type 2).
     *
     * @param interfaceId 16-bit interface id
     * @param drops 16-bit drops count
     * @param tsNanos timestamp, epoch nanoseconds
     * @param data captured bytes
     * @param originalLength original packet length
     * @return this
     */
    public PcapngWriter obsoletePacket(int interfaceId, int drops, long tsNanos, byte[] data, int originalLength) {
        long units = units(interfaceId, tsNanos);
        Sink s = new Sink(order).u16(interfaceId).u16(drops).u32(units >>> 32).u32(units)
            .u32(data.length).u32(originalLength).bytes(data).pad4();
        return block(OPB, s.toByteArray());
    }

    /**
     * Writes an Interface Statistics Block with isb_ifrecv and isb_ifdrop.
     *
     * @param interfaceId interface id
     * @param tsNanos timestamp, epoch nanoseconds
     * @param received isb_ifrecv value
     * @param dropped isb_ifdrop value
     * @return this
     */
    public PcapngWriter interfaceStatistics(int interfaceId, long tsNanos, long received, long dropped) {
        long units = units(interfaceId, tsNanos);
        Sink s = new Sink(order).u32(interfaceId).u32(units >>> 32).u32(units);
        s.option(4, new Sink(order).u64(received).toByteArray());
        s.option(5, new Sink(order).u64(dropped).toByteArray());
        s.u16(0).u16(0);
        return block(ISB, s.toByteArray());
    }

    /**
     * Starts a Name Resolution Block; finish it with {@link NameResolutionBuilder#write()}.
     *
     * @return the NRB builder
     */
    public NameResolutionBuilder nameResolution() {
        return new NameResolutionBuilder();
    }

    /**
     * Writes a block of any type: type, total length, body zero-padded to 32 bits, total length.
     *
     * @param type block type code
     * @param body body bytes, already in the section's byte order
     * @return this
     */
    public PcapngWriter block(int type, byte[] body) {
        int padded = (body.length + 3) / 4 * 4;
        int total = 12 + padded;
        Sink s = new Sink(order).u32(type).u32(total).bytes(body).pad4().u32(total);
        Sink.write(out, s.toByteArray());
        return this;
    }

    /**
     * Writes bytes verbatim (hostile tests: wrong lengths, truncated blocks).
     *
     * @param bytes bytes
     * @return this
     */
    public PcapngWriter rawBytes(byte[] bytes) {
        Sink.write(out, bytes);
        return this;
    }

    /**
     * Returns the byte order of the current section.
     *
     * @return byte order
     */
    public ByteOrder order() {
        return order;
    }

    /**
     * Returns everything written so far by an in-memory writer.
     *
     * @return the capture bytes
     */
    public byte[] toByteArray() {
        return Sink.memory(out);
    }

    /** Converts epoch nanoseconds to the interface's timestamp units (default µs, offset 0). */
    long units(int interfaceId, long tsNanos) {
        long resol = 6;
        long offset = 0;
        if (interfaceId >= 0 && interfaceId < interfaces.size()) {
            resol = interfaces.get(interfaceId)[0];
            offset = interfaces.get(interfaceId)[1];
        }
        BigInteger perSecond = (resol & 0x80) == 0 ? BigInteger.TEN.pow((int) resol)
            : BigInteger.TWO.pow((int) (resol & 0x7F));
        BigInteger ns = BigInteger.valueOf(tsNanos).subtract(BigInteger.valueOf(offset).multiply(
            BigInteger.valueOf(1_000_000_000L)));
        BigInteger[] qr = ns.multiply(perSecond).divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return q.longValue();
    }

    /** Builder of one Interface Description Block. */
    public final class InterfaceBuilder {
        private final int linkType;
        private final Sink options = new Sink(order);
        private int snaplen;
        private int tsresol = 6;
        private long tsoffset;
        private boolean hasOptions;

        InterfaceBuilder(int linkType) {
            this.linkType = linkType;
        }

        /**
         * Sets the snapshot length (0 = unlimited, the default).
         *
         * @param value snaplen
         * @return this
         */
        public InterfaceBuilder snaplen(int value) {
            this.snaplen = value;
            return this;
        }

        /**
         * Adds if_name (2).
         *
         * @param name interface name
         * @return this
         */
        public InterfaceBuilder name(String name) {
            return option(2, Sink.utf8(name));
        }

        /**
         * Adds if_description (3).
         *
         * @param description text
         * @return this
         */
        public InterfaceBuilder description(String description) {
            return option(3, Sink.utf8(description));
        }

        /**
         * Adds if_tsresol (9): 0..127 = 10^-n s, 0x80 | n = 2^-n s. Timestamps are converted to it.
         *
         * @param value the raw if_tsresol byte
         * @return this
         */
        public InterfaceBuilder tsresol(int value) {
            this.tsresol = value & 0xFF;
            return option(9, new byte[] {(byte) value});
        }

        /**
         * Adds if_tsoffset (14): seconds added to every stored timestamp by readers.
         *
         * @param seconds offset in seconds
         * @return this
         */
        public InterfaceBuilder tsoffset(long seconds) {
            this.tsoffset = seconds;
            return option(14, new Sink(order).u64(seconds).toByteArray());
        }

        /**
         * Adds an arbitrary option.
         *
         * @param code option code
         * @param value option value (padded)
         * @return this
         */
        public InterfaceBuilder option(int code, byte[] value) {
            options.option(code, value);
            hasOptions = true;
            return this;
        }

        /**
         * Writes the block and registers the interface in the current section.
         *
         * @return the interface id
         */
        public int write() {
            Sink s = new Sink(order).u16(linkType).u16(0).u32(snaplen);
            if (hasOptions) {
                s.bytes(options.toByteArray()).u16(0).u16(0);
            }
            block(IDB, s.toByteArray());
            interfaces.add(new long[] {tsresol, tsoffset});
            return interfaces.size() - 1;
        }
    }

    /** Builder of one Enhanced Packet Block. */
    public final class PacketBuilder {
        private final int interfaceId;
        private final long tsNanos;
        private final byte[] data;
        private final Sink options = new Sink(order);
        private int originalLength;
        private boolean hasOptions;

        PacketBuilder(int interfaceId, long tsNanos, byte[] data) {
            this.interfaceId = interfaceId;
            this.tsNanos = tsNanos;
            this.data = data.clone();
            this.originalLength = data.length;
        }

        /**
         * Sets the original length (pass shorter data to simulate snaplen truncation).
         *
         * @param value original packet length
         * @return this
         */
        public PacketBuilder originalLength(int value) {
            this.originalLength = value;
            return this;
        }

        /**
         * Adds opt_comment (1).
         *
         * @param comment text
         * @return this
         */
        public PacketBuilder comment(String comment) {
            return option(1, Sink.utf8(comment));
        }

        /**
         * Adds epb_flags (2), e.g. {@link #FLAG_INBOUND} or {@link #FLAG_OUTBOUND}.
         *
         * @param flags 32-bit flags word
         * @return this
         */
        public PacketBuilder flags(int flags) {
            return option(2, new Sink(order).u32(flags).toByteArray());
        }

        /**
         * Adds an arbitrary option.
         *
         * @param code option code
         * @param value option value (padded)
         * @return this
         */
        public PacketBuilder option(int code, byte[] value) {
            options.option(code, value);
            hasOptions = true;
            return this;
        }

        /**
         * Writes the block.
         *
         * @return the writer
         */
        public PcapngWriter write() {
            long units = units(interfaceId, tsNanos);
            Sink s = new Sink(order).u32(interfaceId).u32(units >>> 32).u32(units).u32(data.length)
                .u32(originalLength).bytes(data).pad4();
            if (hasOptions) {
                s.bytes(options.toByteArray()).u16(0).u16(0);
            }
            return block(EPB, s.toByteArray());
        }
    }

    /** Builder of one Name Resolution Block. */
    public final class NameResolutionBuilder {
        private final Sink records = new Sink(order);

        NameResolutionBuilder() {
        }

        /**
         * Adds an nrb_record_ipv4 (1) entry.
         *
         * @param address 4 address bytes
         * @param names host names
         * @return this
         */
        public NameResolutionBuilder ipv4(byte[] address, String... names) {
            return record(1, address, names);
        }

        /**
         * Adds an nrb_record_ipv6 (2) entry.
         *
         * @param address 16 address bytes
         * @param names host names
         * @return this
         */
        public NameResolutionBuilder ipv6(byte[] address, String... names) {
            return record(2, address, names);
        }

        private NameResolutionBuilder record(int type, byte[] address, String... names) {
            Sink v = new Sink(order).bytes(address);
            for (String n : names) {
                v.bytes(Sink.utf8(n)).u8(0);
            }
            records.option(type, v.toByteArray());
            return this;
        }

        /**
         * Writes the block (records end with nrb_record_end).
         *
         * @return the writer
         */
        public PcapngWriter write() {
            return block(NRB, new Sink(order).bytes(records.toByteArray()).u16(0).u16(0).toByteArray());
        }
    }
}
