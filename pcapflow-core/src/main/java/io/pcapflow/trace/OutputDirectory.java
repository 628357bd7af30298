package io.pcapflow.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;

/**
 * The directory a trace writes into. Files are created under {@code DIR/.partial/} and moved into
 * {@code DIR} by {@link OutputFile#complete()}, so a file with its final name is always complete; an
 * interrupted run leaves its unfinished files under {@code .partial/} only. At most
 * {@code maxOpenFiles} files are open at once: the least recently written one is flushed and closed,
 * and reopens in append mode when written again. Every name is checked by {@link SafeNames#check} and
 * resolved inside the directory, so no file can land elsewhere.
 */
public final class OutputDirectory {
    /** Name of the sub-directory holding files still being written. */
    public static final String PARTIAL = ".partial";

    private final Path dir;
    private final Path partialDir;
    private final int maxOpenFiles;
    private final ArrayDeque<byte[]> buffers = new ArrayDeque<>();
    private OutputFile head;
    private OutputFile tail;
    private int open;
    private long reopened;

    private OutputDirectory(final Path dir, final int maxOpenFiles) {
        this.dir = dir;
        this.partialDir = dir.resolve(PARTIAL);
        this.maxOpenFiles = maxOpenFiles;
    }

    /**
     * Prepares a directory: creates it when missing; refuses a non-empty one unless {@code force}.
     * With {@code force}, files of an earlier interrupted run under {@code .partial/} are deleted and
     * existing files with the names this run writes are replaced; other files are left alone.
     *
     * @param dir          the directory
     * @param force        whether a non-empty directory may be written into
     * @param maxOpenFiles most files open at once, at least 1
     * @return the prepared directory
     * @throws IOException when it cannot be created, is not a directory, or is not empty
     */
    public static OutputDirectory prepare(final Path dir, final boolean force, final int maxOpenFiles)
        throws IOException {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1: " + maxOpenFiles);
        }
        final Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(dir + ": exists and is not a directory");
        }
        Files.createDirectories(abs);
        if (!force && !isEmpty(abs)) {
            throw new IOException(dir + ": directory is not empty (use --force to write into it anyway)");
        }
        final OutputDirectory out = new OutputDirectory(abs, maxOpenFiles);
        if (Files.exists(out.partialDir)) {
            out.deletePartial();
        }
        Files.createDirectories(out.partialDir);
        return out;
    }

    private static boolean isEmpty(final Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /** @return the directory, absolute */
    public Path path() {
        return dir;
    }

    /** @return how many times a file closed for the open-file limit was reopened */
    public long reopened() {
        return reopened;
    }

    /** @return files open right now */
    public int openFiles() {
        return open;
    }

    /**
     * Creates an output file; nothing touches the disk before its first write.
     *
     * @param name final file name, a single safe path component
     * @return the file
     * @throws IllegalArgumentException when the name is not safe
     */
    public OutputFile file(final String name) {
        return new OutputFile(this, name, resolveInside(partialDir, SafeNames.check(name)));
    }

    /**
     * A private scratch file under {@code .partial/}, removed by {@link #close()}.
     *
     * @param name a single safe path component
     * @return its path (not created)
     */
    Path scratch(final String name) {
        return resolveInside(partialDir, SafeNames.check(name));
    }

    /**
     * Writes a small file whole (e.g. {@code index.json}): to a temporary name, then renamed.
     *
     * @param name file name, a single safe path component
     * @param text content, written as UTF-8
     * @throws IOException when it cannot be written
     */
    public void writeWhole(final String name, final CharSequence text) throws IOException {
        final Path tmp = resolveInside(partialDir, SafeNames.check(name) + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        publish(tmp, name);
    }

    /**
     * Removes {@code .partial/} once every file is complete.
     *
     * @throws IOException when files are still being written or it cannot be removed
     */
    public void close() throws IOException {
        if (open > 0) {
            throw new IOException("files still open: " + open);
        }
        if (Files.exists(partialDir)) {
            deletePartial();
        }
    }

    private void deletePartial() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(partialDir)) {
            for (final Path p : entries) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                } else {
                    throw new IOException(p + ": unexpected entry in " + PARTIAL + ", not removed");
                }
            }
        }
        Files.delete(partialDir);
    }

    /**
     * Resolves a checked name inside a directory and proves the result stays there.
     *
     * @param parent the directory
     * @param name   a single path component
     * @return the path
     */
    static Path resolveInside(final Path parent, final String name) {
        final Path p = parent.resolve(name).normalize();
        if (!parent.equals(p.getParent())) {
            throw new IllegalArgumentException("file name leaves the output directory: " + name);
        }
        return p;
    }

    void publish(final Path partial, final String name) throws IOException {
        final Path target = resolveInside(dir, SafeNames.check(name));
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    byte[] takeBuffer(final int size) {
        final byte[] b = buffers.poll();
        return b != null ? b : new byte[size];
    }

    void giveBuffer(final byte[] buffer) {
        if (buffer != null && buffers.size() < maxOpenFiles) {
            buffers.push(buffer);
        }
    }

    void opened(final OutputFile f, final boolean again) throws IOException {
        if (again) {
            reopened++;
        }
        addFirst(f);
        open++;
        while (open > maxOpenFiles) {
            final OutputFile victim = tail;
            remove(victim);
            open--;
            victim.release();
        }
    }

    void touched(final OutputFile f) {
        if (head != f) {
            remove(f);
            addFirst(f);
        }
    }

    void closed(final OutputFile f) {
        remove(f);
        open--;
    }

    private void addFirst(final OutputFile f) {
        f.prev = null;
        f.next = head;
        if (head != null) {
            head.prev = f;
        }
        head = f;
        if (tail == null) {
            tail = f;
        }
    }

    private void remove(final OutputFile f) {
        if (f.prev != null) {
            f.prev.next = f.next;
        } else {
            head = f.next;
        }
        if (f.next != null) {
            f.next.prev = f.prev;
        } else {
            tail = f.prev;
        }
        f.prev = null;
        f.next = null;
    }
}
