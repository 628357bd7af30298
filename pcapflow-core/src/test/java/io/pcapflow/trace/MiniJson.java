package io.pcapflow.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small strict JSON parser for reading index.json back in tests (no JSON library in the build). */
public final class MiniJson {
    private final String s;
    private int i;

    private MiniJson(final String s) {
        this.s = s;
    }

    /**
     * @param text JSON text
     * @return maps, lists, strings, longs, doubles, booleans and nulls
     */
    public static Object parse(final String text) {
        final MiniJson p = new MiniJson(text);
        final Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw new IllegalArgumentException("trailing text at " + p.i);
        }
        return v;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private Object value() {
        ws();
        final char c = s.charAt(i);
        if (c == '{') {
            return object();
        }
        if (c == '[') {
            i++;
            final List<Object> list = new ArrayList<>();
            ws();
            if (s.charAt(i) == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                ws();
                if (s.charAt(i++) == ']') {
                    return list;
                }
            }
        }
        if (c == '"') {
            return string();
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return true;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return false;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        final int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        final String num = s.substring(start, i);
        if (num.isEmpty()) {
            throw new IllegalArgumentException("unexpected " + c + " at " + start);
        }
        return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
    }

    private Map<String, Object> object() {
        i++;
        final Map<String, Object> map = new LinkedHashMap<>();
        ws();
        if (s.charAt(i) == '}') {
            i++;
            return map;
        }
        while (true) {
            ws();
            final String key = string();
            ws();
            if (s.charAt(i++) != ':') {
                throw new IllegalArgumentException("':' expected at " + (i - 1));
            }
            map.put(key, value());
            ws();
            if (s.charAt(i++) == '}') {
                return map;
            }
        }
    }

    private String string() {
        if (s.charAt(i++) != '"') {
            throw new IllegalArgumentException("string expected at " + (i - 1));
        }
        final StringBuilder sb = new StringBuilder();
        while (true) {
            final char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            final char e = s.charAt(i++);
            switch (e) {
                case 'n':
                    sb.append('\n');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'u':
                    sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default:
                    sb.append(e);
            }
        }
    }
}
