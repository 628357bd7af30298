package io.pcapflow.export;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordWriterTest {
    private record Row(long id, String name, Double ratio) {
    }

    private static final List<Column<Row>> COLUMNS = List.of(
        new Column<>("id", ColumnType.INTEGER, "", "row id", (r, out) -> {
            out.append(r.id());
            return true;
        }),
        new Column<>("name", ColumnType.STRING, "", "free text", (r, out) -> {
            if (r.name() == null) {
                return false;
            }
            out.append(r.name());
            return true;
        }),
        new Column<>("ratio", ColumnType.DECIMAL, "", "a number or nothing", (r, out) -> {
            if (r.ratio() == null) {
                return false;
            }
            out.append(String.format("%.3f", r.ratio()));
            return true;
        }));

    private static String render(final RecordWriter.Format format, final Row... rows) throws IOException {
        final StringBuilder sb = new StringBuilder();
        try (RecordWriter<Row> w = RecordWriter.of(format, COLUMNS, sb)) {
            for (final Row r : rows) {
                w.write(r);
            }
        }
        return sb.toString();
    }

    @Test
    void shouldQuoteCsvFieldsOnlyWhenNeededAndLeaveAbsentValuesEmpty() throws IOException {
        assertThat(render(RecordWriter.Format.CSV, new Row(1, "plain", 0.5), new Row(2, "a,\"b\"\nc", null),
            new Row(3, null, 1.0))).isEqualTo("id,name,ratio\n1,plain,0.500\n2,\"a,\"\"b\"\"\nc\",\n3,,1.000\n");
    }

    @Test
    void shouldWriteTypedJsonWithEscapesAndNulls() throws IOException {
        assertThat(render(RecordWriter.Format.JSONL, new Row(7, "tab\there \"q\" \u0001", null)))
            .isEqualTo("{\"id\":7,\"name\":\"tab\\there \\\"q\\\" \\u0001\",\"ratio\":null}\n");
    }

    @Test
    void shouldAlignTableColumnsNumbersRightTextLeft() throws IOException {
        assertThat(render(RecordWriter.Format.TABLE, new Row(1, "x", 12.5), new Row(1000, "longer name", null)))
            .isEqualTo("  id  name          ratio\n"
                + "   1  x            12.500\n"
                + "1000  longer name       -\n");
    }

    @Test
    void shouldStreamTableRowsAfterTheSampleWithoutLosingAny() throws IOException {
        final Row[] rows = new Row[TableWriter.SAMPLE_ROWS + 500];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Row(i, i == rows.length - 1 ? "a name wider than any in the sample" : "n" + i, null);
        }
        final List<String> lines = render(RecordWriter.Format.TABLE, rows).lines().toList();
        assertThat(lines).hasSize(rows.length + 1);
        assertThat(lines.get(lines.size() - 1)).contains("a name wider than any in the sample");
        assertThat(lines.get(1).indexOf("n0")).isEqualTo(lines.get(0).indexOf("name"));
    }
}
