package io.pcapflow.cli.command;

import io.pcapflow.export.JsonLinesWriter;

/**
 * Minimal JSON text building for our outputs (objects of strings, numbers, booleans and nested
 * arrays/objects), so the CLI needs no JSON library. Strings are escaped per RFC 8259.
 */
final class Json {
    private final StringBuilder sb;
    private boolean needComma;

    Json(final StringBuilder sb) {
        this.sb = sb;
    }

    Json begin() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    Json end() {
        sb.append('}');
        needComma = true;
        return this;
    }

    Json beginArray(final String name) {
        key(name);
        sb.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    Json beginObject(final String name) {
        key(name);
        sb.append('{');
        needComma = false;
        return this;
    }

    Json field(final String name, final String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            string(sb, value);
        }
        needComma = true;
        return this;
    }

    Json field(final String name, final long value) {
        key(name);
        sb.append(value);
        needComma = true;
        return this;
    }

    Json field(final String name, final boolean value) {
        key(name);
        sb.append(value);
        needComma = true;
        return this;
    }

    /** A number written as given (already formatted, e.g. fixed decimals), or null. */
    Json rawField(final String name, final String number) {
        key(name);
        sb.append(number == null ? "null" : number);
        needComma = true;
        return this;
    }

    Json value(final String value) {
        comma();
        string(sb, value);
        needComma = true;
        return this;
    }

    private void key(final String name) {
        comma();
        string(sb, name);
        sb.append(':');
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    static void string(final StringBuilder sb, final String s) {
        JsonLinesWriter.escaped(sb, s);
    }
}
