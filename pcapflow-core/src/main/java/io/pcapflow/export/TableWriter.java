package io.pcapflow.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns for people. Column widths come from the header and the first
 * {@link #SAMPLE_ROWS} rows, which are buffered; later rows stream out with those widths (a wider
 * value pushes its line further right instead of holding the whole output in memory). Absent
 * values show as {@code -}; numbers are right-aligned, text left-aligned.
 */
final class TableWriter<T> implements RecordWriter<T> {
    /** Rows buffered to size the columns. */
    static final int SAMPLE_ROWS = 1000;

    private final List<Column<T>> columns;
    private final Appendable out;
    private final int[] widths;
    private final List<String[]> sample = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder(64);
    private final StringBuilder line = new StringBuilder(1024);
    private boolean streaming;

    TableWriter(final List<Column<T>> columns, final Appendable out) {
        this.columns = columns;
        this.out = out;
        this.widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).name().length();
        }
    }

    @Override
    public void write(final T row) throws IOException {
        final String[] values = new String[columns.size()];
        for (int i = 0; i < values.length; i++) {
            cell.setLength(0);
            values[i] = columns.get(i).cell().append(row, cell) ? cell.toString() : "-";
        }
        if (streaming) {
            emit(values);
            return;
        }
        for (int i = 0; i < values.length; i++) {
            widths[i] = Math.max(widths[i], values[i].length());
        }
        sample.add(values);
        if (sample.size() >= SAMPLE_ROWS) {
            flushSample();
        }
    }

    private void flushSample() throws IOException {
        final String[] header = new String[columns.size()];
        for (int i = 0; i < header.length; i++) {
            header[i] = columns.get(i).name();
        }
        emit(header);
        for (final String[] values : sample) {
            emit(values);
        }
        sample.clear();
        streaming = true;
    }

    private void emit(final String[] values) throws IOException {
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            final boolean last = i == values.length - 1;
            final int pad = Math.max(0, widths[i] - values[i].length());
            final boolean right = columns.get(i).type().isBare();
            if (right) {
                line.append(" ".repeat(pad)).append(values[i]);
            } else {
                line.append(values[i]);
                if (!last) {
                    line.append(" ".repeat(pad));
                }
            }
            if (!last) {
                line.append("  ");
            }
        }
        line.append('\n');
        out.append(line);
    }

    @Override
    public void close() throws IOException {
        if (!streaming) {
            flushSample();
        }
    }
}
