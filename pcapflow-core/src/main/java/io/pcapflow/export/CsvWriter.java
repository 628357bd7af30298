package io.pcapflow.export;

import java.io.IOException;
import java.util.List;

/** RFC 4180 CSV: a header row of column names, fields quoted only when they need it, absent = empty. */
final class CsvWriter<T> implements RecordWriter<T> {
    private final List<Column<T>> columns;
    private final Appendable out;
    private final StringBuilder cell = new StringBuilder(64);
    private final StringBuilder line = new StringBuilder(512);

    CsvWriter(final List<Column<T>> columns, final Appendable out) {
        this.columns = columns;
        this.out = out;
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            quoted(line, columns.get(i).name());
        }
        line.append('\n');
    }

    @Override
    public void write(final T row) throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            cell.setLength(0);
            if (columns.get(i).cell().append(row, cell)) {
                quoted(line, cell);
            }
        }
        line.append('\n');
        out.append(line);
        line.setLength(0);
    }

    private static void quoted(final StringBuilder sb, final CharSequence value) {
        boolean needs = false;
        for (int i = 0; i < value.length() && !needs; i++) {
            final char c = value.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!needs) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    @Override
    public void close() throws IOException {
        if (line.length() > 0) {
            out.append(line);
            line.setLength(0);
        }
    }
}
