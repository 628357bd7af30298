package io.pcapflow.export;

/**
 * One column of an output record: its stable name, type, unit, one line of documentation, and
 * how to render the value of a row. Declared once per record schema; every writer (table, CSV,
 * JSON Lines) renders the same columns and adds nothing of its own.
 *
 * @param <T> the row type
 * @param name        stable snake_case name, a contract once published
 * @param type        value type for machine formats
 * @param unit        unit of the value ("s", "bytes", "packets", ...) or empty
 * @param description one line for docs and {@code --help}
 * @param cell        renders the value; returns false when the value is absent (null)
 */
public record Column<T>(String name, ColumnType type, String unit, String description, Cell<T> cell) {

    /**
     * Renders one value.
     *
     * @param <T> the row type
     */
    @FunctionalInterface
    public interface Cell<T> {
        /**
         * @param row the record
         * @param out where the value's text goes (a number's digits, a string's characters)
         * @return false when the value is absent; then nothing was appended
         */
        boolean append(T row, StringBuilder out);
    }
}
