package io.pcapflow.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A regular file read with positional reads into one direct buffer. Memory stays at the buffer
 * size whatever the file size (a memory mapping would count every touched page of the file in
 * the process's resident set), and one copy from the page cache costs less than the page faults
 * of a fresh mapping.
 */
final class ChannelInput extends CaptureInput {
    private static final int INITIAL = 8 * 1024 * 1024;

    private final FileChannel channel;
    private final long size;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL);

    ChannelInput(final String name, final Path path) throws IOException {
        super(name);
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        buffer.limit(0);
        bytes.wrap(buffer);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    protected boolean fill(final long position, final int length) throws IOException {
        if (length > buffer.capacity()) {
            buffer = ByteBuffer.allocateDirect(Math.min(MAX_RANGE, Math.max(length, buffer.capacity() * 2)));
        }
        buffer.clear();
        long at = position;
        while (buffer.hasRemaining()) {
            final int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
            if (n == 0 && at >= size) {
                break;
            }
        }
        buffer.flip();
        bytes.wrap(buffer);
        windowStart = position;
        windowEnd = position + buffer.limit();
        return buffer.limit() >= length;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
