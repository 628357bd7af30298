package io.pcapflow.export;

import java.io.IOException;
import java.util.List;

/**
 * One JSON object per row, fields in schema order; numbers and booleans bare, text quoted and
 * escaped per RFC 8259, absent values {@code null}.
 */
public final class JsonLinesWriter<T> implements RecordWriter<T> {
    private final List<Column<T>> columns;
    private final Appendable out;
    private final StringBuilder cell = new StringBuilder(64);
    private final StringBuilder line = new StringBuilder(1024);

    JsonLinesWriter(final List<Column<T>> columns, final Appendable out) {
        this.columns = columns;
        this.out = out;
    }

    @Override
    public void write(final T row) throws IOException {
        line.setLength(0);
        line.append('{');
        for (int i = 0; i < columns.size(); i++) {
            final Column<T> c = columns.get(i);
            if (i > 0) {
                line.append(',');
            }
            line.append('"').append(c.name()).append("\":");
            cell.setLength(0);
            if (!c.cell().append(row, cell)) {
                line.append("null");
            } else if (c.type().isBare()) {
                line.append(cell);
            } else {
                escaped(line, cell);
            }
        }
        line.append("}\n");
        out.append(line);
    }

    /**
     * Appends a JSON string literal (RFC 8259 escaping).
     *
     * @param sb    target
     * @param value text
     */
    public static void escaped(final StringBuilder sb, final CharSequence value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16))
                            .append(Character.forDigit(c & 15, 16));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    @Override
    public void close() {
        // nothing buffered
    }
}
