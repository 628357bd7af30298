package io.pcapflow.capture;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A regular file read through memory-mapped windows. One mapping holds at most 2 GiB, so the
 * window is re-mapped at the position a reader asks for when a range crosses its end (the
 * Chronicle "chunked mapped file" idea, with the record start as the chunk start).
 */
final class MappedInput extends CaptureInput {
    private static final long WINDOW = 512L * 1024 * 1024;

    private final FileChannel channel;
    private final long size;

    MappedInput(final String name, final Path path) throws IOException {
        super(name);
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        map(0);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    protected boolean fill(final long position, final int length) throws IOException {
        if (position + length > size) {
            if (position < windowStart || position > windowEnd || windowEnd < size) {
                map(Math.min(position, size));
            }
            return false;
        }
        map(position);
        return true;
    }

    private void map(final long position) throws IOException {
        final long len = Math.min(WINDOW, size - position);
        final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, position, len);
        bytes.wrap(buffer);
        windowStart = position;
        windowEnd = position + len;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
