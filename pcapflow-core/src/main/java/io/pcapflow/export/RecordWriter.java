package io.pcapflow.export;

import java.io.IOException;
import java.util.List;

/**
 * Writes rows of one schema in one format. Text goes to an {@link Appendable} handed in; the
 * writer never decides where output lives.
 *
 * @param <T> the row type
 */
public interface RecordWriter<T> extends AutoCloseable {
    /**
     * Writes one row.
     *
     * @param row the record
     * @throws IOException when the output fails
     */
    void write(T row) throws IOException;

    /**
     * Writes whatever is still buffered (an aligned table buffers rows to size its columns).
     *
     * @throws IOException when the output fails
     */
    @Override
    void close() throws IOException;

    /**
     * Creates a writer for a format.
     *
     * @param <T>     the row type
     * @param format  the format
     * @param columns the schema, in output order
     * @param out     the destination
     * @return the writer
     */
    static <T> RecordWriter<T> of(final Format format, final List<Column<T>> columns, final Appendable out) {
        switch (format) {
            case CSV:
                return new CsvWriter<>(columns, out);
            case JSONL:
                return new JsonLinesWriter<>(columns, out);
            default:
                return new TableWriter<>(columns, out);
        }
    }

    /** Output formats. */
    enum Format {
        /** Aligned columns for people. */
        TABLE,
        /** RFC 4180 CSV with a header row. */
        CSV,
        /** One JSON object per line. */
        JSONL
    }
}
