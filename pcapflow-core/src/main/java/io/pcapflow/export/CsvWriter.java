package io.pcapflow.export;

import java.io.IOException;
import java.util.List;

/** RFC 4180 CSV: a header row of column names, fields quoted only when they need it, absent = empty. */
final class CsvWriter<T> implements RecordWriter<T> {
    private final Column.Cell<T>[] cells;
    /** Only text can hold a comma, quote or line break; numbers, booleans and times are written unseen. */
    private final boolean[] text;
    private final Appendable out;
    private final StringBuilder cell = new StringBuilder(64);
    private final StringBuilder line = new StringBuilder(512);

    @SuppressWarnings({"unchecked", "rawtypes"})
    CsvWriter(final List<Column<T>> columns, final Appendable out) {
        this.cells = new Column.Cell[columns.size()];
        this.text = new boolean[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = columns.get(i).cell();
            text[i] = columns.get(i).type() == ColumnType.STRING;
        }
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
        // cells go straight into the line; the rare one that needs quotes is rewritten in place
        final StringBuilder sb = line;
        final Column.Cell<T>[] c = cells;
        for (int i = 0; i < c.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            final int start = sb.length();
            if (c[i].append(row, sb)) {
                if (text[i]) {
                    quoteFrom(sb, start);
                }
            } else {
                sb.setLength(start);
            }
        }
        sb.append('\n');
        out.append(sb);
        sb.setLength(0);
    }

    /** Quotes the text from {@code start} to the end of {@code sb} if it needs it. */
    private void quoteFrom(final StringBuilder sb, final int start) {
        final int end = sb.length();
        int i = start;
        while (i < end) {
            final char c = sb.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                break;
            }
            i++;
        }
        if (i == end) {
            return;
        }
        cell.setLength(0);
        cell.append(sb, start, end);
        sb.setLength(start);
        quoted(sb, cell);
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
