package io.pcapflow.testkit.blog;

import io.pcapflow.testkit.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code fixtures/blog/ladder-expected.txt}, the ladder copied from the blog, independently of the kit. */
final class BlogLadderText {
    private static final Pattern LINE = Pattern.compile(
        "( *)(-->|<--)\\[ *(\\d+)\\] *(\\d+\\.\\d{6})s (\\S+) +seq=(\\d+) +ack=(\\d+) +len=(\\d+) +win=(\\d+) *");

    private BlogLadderText() {
    }

    /** One parsed line; numbers as printed. */
    record Row(String text, boolean fromClient, int ordinal, String time, String flags, long seq, long ack,
        int length, long window) {
    }

    static List<String> rawLines() throws IOException {
        return Files.readAllLines(Fixtures.fixture("blog/ladder-expected.txt"), StandardCharsets.UTF_8);
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : rawLines()) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException("not a ladder line: " + line);
            }
            rows.add(new Row(line, m.group(2).equals("-->"), Integer.parseInt(m.group(3)), m.group(4), m.group(5),
                Long.parseLong(m.group(6)), Long.parseLong(m.group(7)), Integer.parseInt(m.group(8)),
                Long.parseLong(m.group(9))));
        }
        return rows;
    }

    /** Tcp flag bits of scapy's letters. */
    static int flagBits(String letters) {
        int bits = 0;
        for (char c : letters.toCharArray()) {
            bits |= "FSRPAUEC".indexOf(c) >= 0 ? 1 << "FSRPAUEC".indexOf(c) : 0;
        }
        return bits;
    }
}
