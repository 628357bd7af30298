package io.pcapflow.cli.command;

import io.pcapflow.correlate.LegConnection;
import io.pcapflow.correlate.NatColumns;
import io.pcapflow.export.Column;
import io.pcapflow.export.RecordWriter;
import io.pcapflow.export.Times;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where {@code conntrack} records go: stdout, or a file appended to and flushed after every record
 * (a crash loses nothing already logged), rotated when it reaches a size ({@code FILE} becomes
 * {@code FILE.1}, {@code FILE.1} becomes {@code FILE.2} ... up to {@value #KEEP}).
 */
final class ConntrackLog implements AutoCloseable {
    static final int KEEP = 9;

    private final Appendable stdout;
    private final Path file;
    private final long rotateBytes;
    private final RecordWriter.Format format;
    private final List<Column<LegConnection>> columns;
    private final StringBuilder line = new StringBuilder(256);
    private RecordWriter<LegConnection> writer;
    private OutputStream out;
    private long size;
    private boolean headerWritten;
    private long records;

    ConntrackLog(final Appendable stdout, final Path file, final long rotateBytes, final RecordWriter.Format format,
                 final int digits) throws IOException {
        this.stdout = stdout;
        this.file = file;
        this.rotateBytes = rotateBytes;
        this.format = format;
        this.columns = NatColumns.log(digits);
        if (file != null) {
            open();
        }
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
        // appending CSV to a file that has its header already
        headerWritten = size > 0;
        writer = null;
    }

    long records() {
        return records;
    }

    void write(final LegConnection c) throws IOException {
        line.setLength(0);
        if (format == RecordWriter.Format.TABLE) {
            text(c);
        } else {
            final boolean fresh = writer == null;
            if (fresh) {
                writer = RecordWriter.of(format, columns, line);
            }
            writer.write(c);
            if (fresh && headerWritten && format == RecordWriter.Format.CSV) {
                line.delete(0, line.indexOf("\n") + 1);
            }
        }
        records++;
        if (file == null) {
            stdout.append(line);
            if (stdout instanceof java.io.Flushable f) {
                f.flush();
            }
            return;
        }
        final byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        out.flush();
        size += bytes.length;
        if (rotateBytes > 0 && size >= rotateBytes) {
            rotate();
        }
    }

    /** The seed tracker's spirit: one line per connection, fields separated by spaces. */
    private void text(final LegConnection c) {
        Times.appendIso(line, c.firstNanos(), 6);
        line.append(' ');
        Times.appendSeconds(line, c.lastNanos() - c.firstNanos(), 6);
        line.append("s ").append(endpoint(c.client(), c.clientPort())).append(" via ");
        if (c.pair() != null) {
            line.append(endpoint(c.pair().outside().client(), c.pair().outside().clientPort())).append(" to ")
                .append(endpoint(c.pair().outside().server(), c.pair().outside().serverPort()));
        } else {
            line.append("? to ").append(endpoint(c.server(), c.serverPort()));
        }
        final io.pcapflow.export.FlowSummary s = c.summary();
        line.append(" sent ").append(s.value(0, io.pcapflow.export.FlowSummary.UNIQUE_BYTES))
            .append(" received ").append(s.value(1, io.pcapflow.export.FlowSummary.UNIQUE_BYTES))
            .append(" raw ").append(s.value(0, io.pcapflow.export.FlowSummary.BYTES)).append('/')
            .append(s.value(1, io.pcapflow.export.FlowSummary.BYTES)).append(' ').append(c.endReason()).append('\n');
    }

    private static String endpoint(final String ip, final int port) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = KEEP - 1; i >= 1; i--) {
            final Path from = file.resolveSibling(file.getFileName() + "." + i);
            if (Files.exists(from)) {
                Files.move(from, file.resolveSibling(file.getFileName() + "." + (i + 1)),
                    StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            out.close();
        } else if (stdout instanceof java.io.Flushable f) {
            f.flush();
        }
    }
}
