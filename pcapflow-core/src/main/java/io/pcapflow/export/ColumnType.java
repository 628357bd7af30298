package io.pcapflow.export;

/**
 * How a column's values are typed in machine formats (JSON numbers vs strings). Only
 * {@link #STRING} values may hold a comma, a quote or a line break: CSV looks for them in text
 * cells only.
 */
public enum ColumnType {
    /** A whole number. */
    INTEGER(true),
    /** A decimal number written with a fixed number of fraction digits. */
    DECIMAL(true),
    /** {@code true} or {@code false}. */
    BOOLEAN(true),
    /** Text. */
    STRING(false),
    /** ISO-8601 UTC time, as text. */
    TIME(false);

    private final boolean bare;

    ColumnType(final boolean bare) {
        this.bare = bare;
    }

    /** @return whether JSON writes the value without quotes */
    public boolean isBare() {
        return bare;
    }
}
