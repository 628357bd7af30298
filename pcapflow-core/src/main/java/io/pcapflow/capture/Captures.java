package io.pcapflow.capture;

import io.pcapflow.capture.pcap.PcapReader;
import io.pcapflow.capture.pcapng.PcapngReader;
import io.pcapflow.capture.text.TcpdumpTextOptions;
import io.pcapflow.capture.text.TcpdumpTextReader;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a capture by content, not by name: gzip (magic 1f 8b) is decompressed on the fly, then
 * the pcap or pcapng magic picks the reader; text whose first non-blank line is a tcpdump packet
 * line is read as tcpdump text. {@code -} reads standard input. Regular uncompressed
 * files are read with positional reads into a direct buffer; everything else streams through a
 * bounded heap buffer.
 */
public final class Captures {
    /** The name that means standard input. */
    public static final String STDIN = "-";

    private static final int GZIP_MAGIC = 0x1F8B;
    private static final int STREAM_BUFFER = 1 << 16;

    private Captures() {
    }

    /**
     * Opens a file, or standard input for {@code -}.
     *
     * @param name a path or {@code -}
     * @return a reader positioned at the first record
     * @throws NotACaptureException when the content is no supported capture
     * @throws IOException          when the input cannot be opened or read
     */
    public static CaptureReader open(final String name) throws IOException {
        return open(name, InputFormat.AUTO, TcpdumpTextOptions.DEFAULTS);
    }

    /**
     * Opens a file, or standard input for {@code -}, as the given format.
     *
     * @param name   a path or {@code -}
     * @param format what to expect
     * @param text   how to read tcpdump text
     * @return a reader positioned at the first record
     * @throws NotACaptureException when the content is no supported capture
     * @throws IOException          when the input cannot be opened or read
     */
    public static CaptureReader open(final String name, final InputFormat format, final TcpdumpTextOptions text)
        throws IOException {
        if (STDIN.equals(name)) {
            return open(name, new FileInputStream(FileDescriptor.in), format, text);
        }
        final Path path = Path.of(name);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(name, null, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new IOException(name + ": is a directory");
        }
        final int magic;
        try (InputStream in = Files.newInputStream(path)) {
            final byte[] head = in.readNBytes(2);
            magic = head.length == 2 ? ((head[0] & 0xFF) << 8) | (head[1] & 0xFF) : -1;
        }
        if (magic == GZIP_MAGIC || !Files.isRegularFile(path)) {
            return open(name, Files.newInputStream(path), format, text);
        }
        final CaptureInput input = new ChannelInput(name, path);
        return readerFor(input, false, format, text);
    }

    /**
     * Opens a capture from a stream (a pipe, a socket, a process's output), gzip or not.
     *
     * @param name name for messages
     * @param in   the bytes; closed with the reader
     * @return a reader positioned at the first record
     * @throws IOException when the content is no supported capture or reading fails
     */
    public static CaptureReader open(final String name, final InputStream in) throws IOException {
        return open(name, in, InputFormat.AUTO, TcpdumpTextOptions.DEFAULTS);
    }

    /**
     * Opens a capture from a stream as the given format, gzip or not.
     *
     * @param name   name for messages
     * @param in     the bytes; closed with the reader
     * @param format what to expect
     * @param text   how to read tcpdump text
     * @return a reader positioned at the first record
     * @throws IOException when the content is no supported capture or reading fails
     */
    public static CaptureReader open(final String name, final InputStream in, final InputFormat format,
                                     final TcpdumpTextOptions text) throws IOException {
        final BufferedInputStream buffered = new BufferedInputStream(in, STREAM_BUFFER);
        buffered.mark(2);
        final int b0 = buffered.read();
        final int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            final GZIPInputStream gz;
            try {
                gz = new GZIPInputStream(buffered, STREAM_BUFFER);
            } catch (IOException e) {
                buffered.close();
                throw new NotACaptureException(name + ": damaged gzip header (" + e.getMessage() + ")");
            }
            return readerFor(new StreamInput(name, gz), true, format, text);
        }
        return readerFor(new StreamInput(name, buffered), false, format, text);
    }

    private static CaptureReader readerFor(final CaptureInput input, final boolean compressed,
                                           final InputFormat format, final TcpdumpTextOptions text)
        throws IOException {
        try {
            if (format == InputFormat.TCPDUMP) {
                return new TcpdumpTextReader(input, compressed, text);
            }
            if (!input.require(0, 4)) {
                final long got = input.available(0);
                throw new NotACaptureException(input.name() + (got == 0 ? ": empty file, not a capture"
                    : ": only " + got + " bytes, not a capture"));
            }
            final int magic = input.bytes().i32(0);
            if (magic == 0x0A0D0D0A) {
                return new PcapngReader(input, compressed);
            }
            if (isPcapMagic(magic) || isPcapMagic(Integer.reverseBytes(magic))) {
                return new PcapReader(input, compressed);
            }
            if (format == InputFormat.AUTO && TcpdumpTextReader.looksLikeTcpdump(input)) {
                return new TcpdumpTextReader(input, compressed, text);
            }
            throw new NotACaptureException(input.name() + ": not a pcap or pcapng capture (starts with 0x"
                + String.format("%08x", magic) + ")");
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private static boolean isPcapMagic(final int magic) {
        return magic == 0xA1B2C3D4 || magic == 0xA1B23C4D || magic == 0xA1B2CD34;
    }
}
