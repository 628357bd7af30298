package io.pcapflow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads our CSV output and the fixture scripts' flat JSON-lines logs into maps, for assertions. */
final class Records {
    private static final Pattern JSON_FIELD = Pattern.compile("\"([a-z_]+)\": (\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)");

    private Records() {
    }

    /** RFC 4180 CSV with a header row. */
    static List<Map<String, String>> csv(final String text) {
        final List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        final List<Map<String, String>> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            final Map<String, String> m = new LinkedHashMap<>();
            for (int k = 0; k < rows.get(0).size(); k++) {
                m.put(rows.get(0).get(k), rows.get(r).get(k));
            }
            out.add(m);
        }
        return out;
    }

    /** One flat JSON object per line (values as text, strings unquoted). */
    static List<Map<String, String>> jsonLines(final Path file) throws IOException {
        final List<Map<String, String>> out = new ArrayList<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            final Map<String, String> m = new LinkedHashMap<>();
            final Matcher matcher = JSON_FIELD.matcher(line);
            while (matcher.find()) {
                String v = matcher.group(2).trim();
                if (v.startsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(matcher.group(1), v);
            }
            out.add(m);
        }
        return out;
    }
}
