package io.pcapflow.trace;

import io.pcapflow.bytes.Bytes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One output file being written under {@code .partial/}: a buffered stream that its
 * {@link OutputDirectory} may close at any time to respect its open-file limit and that reopens
 * itself in append mode on the next write. Not thread-safe.
 */
public final class OutputFile {
    private static final int BUFFER = 16 * 1024;

    private final OutputDirectory directory;
    private final String name;
    private final Path partial;
    private byte[] buffer;
    private int used;
    private OutputStream out;
    private boolean created;
    private boolean closed;
    private long size;
    OutputFile prev;
    OutputFile next;

    OutputFile(final OutputDirectory directory, final String name, final Path partial) {
        this.directory = directory;
        this.name = name;
        this.partial = partial;
    }

    /** @return the file name inside the output directory (no directory part) */
    public String name() {
        return name;
    }

    /** @return bytes written so far */
    public long size() {
        return size;
    }

    /**
     * Writes one byte.
     *
     * @param b the byte (low 8 bits)
     * @throws IOException when the file cannot be written
     */
    public void write(final int b) throws IOException {
        ensureOpen();
        if (used == buffer.length) {
            drain();
        }
        buffer[used++] = (byte) b;
        size++;
    }

    /**
     * Writes bytes from an array.
     *
     * @param src    source
     * @param offset first byte
     * @param length number of bytes
     * @throws IOException when the file cannot be written
     */
    public void write(final byte[] src, final int offset, final int length) throws IOException {
        ensureOpen();
        if (length > buffer.length - used) {
            drain();
            if (length > buffer.length) {
                out.write(src, offset, length);
                size += length;
                return;
            }
        }
        System.arraycopy(src, offset, buffer, used, length);
        used += length;
        size += length;
    }

    /**
     * Writes bytes from a buffer view (a capture record's packet bytes).
     *
     * @param src    source
     * @param index  first byte
     * @param length number of bytes
     * @throws IOException when the file cannot be written
     */
    public void write(final Bytes src, final int index, final int length) throws IOException {
        ensureOpen();
        int done = 0;
        while (done < length) {
            if (used == buffer.length) {
                drain();
            }
            final int n = Math.min(length - done, buffer.length - used);
            src.copyTo(index + done, buffer, used, n);
            used += n;
            done += n;
        }
        size += length;
    }

    /**
     * Writes text as UTF-8.
     *
     * @param text the characters
     * @throws IOException when the file cannot be written
     */
    public void write(final CharSequence text) throws IOException {
        final int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                // rare (names from the capture): encode the whole text
                final byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
                write(utf8, 0, utf8.length);
                return;
            }
        }
        ensureOpen();
        for (int i = 0; i < n; i++) {
            if (used == buffer.length) {
                drain();
            }
            buffer[used++] = (byte) text.charAt(i);
        }
        size += n;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(name + ": already complete");
        }
        if (out == null) {
            final boolean again = created;
            out = again
                ? Files.newOutputStream(partial, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : Files.newOutputStream(partial, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            created = true;
            buffer = directory.takeBuffer(BUFFER);
            used = 0;
            directory.opened(this, again);
        } else {
            directory.touched(this);
        }
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            used = 0;
        }
    }

    /** Flushes and closes the stream, keeping the file under {@code .partial/} for reopening. */
    void release() throws IOException {
        if (out == null) {
            return;
        }
        try {
            drain();
            out.close();
        } finally {
            out = null;
            directory.giveBuffer(buffer);
            buffer = null;
        }
    }

    /**
     * Finishes the file: flushes, closes and moves it from {@code .partial/} into the directory.
     *
     * @throws IOException when it cannot be written or moved
     */
    public void complete() throws IOException {
        if (closed) {
            return;
        }
        if (out != null) {
            directory.closed(this);
            release();
        }
        closed = true;
        if (!created) {
            Files.newOutputStream(partial, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW).close();
        }
        directory.publish(partial, name);
    }

    boolean isOpen() {
        return out != null;
    }
}
