package io.pcapflow.capture;

import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every capture of the shared corpus read to its end: the number of records equals what capinfos
 * counted (reference in ../shared/captures-ref), damaged files stop where Wireshark stops, and the
 * files Wireshark cannot open are refused with one line. Prints one agreement line per file.
 */
class CorpusReaderTest {
    private static final Pattern PACKETS = Pattern.compile("Number of packets:\\s+(\\d+)");
    private static final Pattern ERROR_AFTER = Pattern.compile("error occurred after reading (\\d+) packets");

    @Test
    void shouldReadAsManyRecordsAsCapinfosForEveryCorpusFile() throws IOException {
        final Path corpus = Fixtures.requireCorpusOrSkip();
        final Path refs = corpus.resolveSibling("captures-ref");
        final List<String> disagreements = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(corpus)) {
            for (final Path file : walk.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md"))
                .sorted().toList()) {
                files++;
                final String rel = corpus.relativize(file).toString();
                final Expected expected = expected(refs.resolve(rel + ".capinfos.txt"),
                    refs.resolve(rel + ".tshark_errors.txt"));
                String got;
                try {
                    final Read.Result r = Read.all(Captures.open(file.toString()));
                    got = r.packets().size() + (r.damage() != null ? " damaged" : "");
                } catch (NotACaptureException e) {
                    got = "refused";
                }
                final boolean agree = got.equals(expected.text());
                System.out.printf("%-70s capinfos=%-12s pcapflow=%-12s %s%n", rel, expected.text(), got,
                    agree ? "ok" : "DIFFERENT");
                if (!agree) {
                    disagreements.add(rel + ": expected " + expected.text() + ", got " + got);
                }
            }
        }
        assertThat(files).isGreaterThan(50);
        assertThat(disagreements).isEmpty();
    }

    private record Expected(String text) {
    }

    private static Expected expected(final Path capinfos, final Path errors) throws IOException {
        final String info = Files.exists(capinfos) ? Files.readString(capinfos) : "";
        final String err = Files.exists(errors) ? Files.readString(errors) : "";
        final Matcher after = ERROR_AFTER.matcher(err);
        if (after.find()) {
            return new Expected(after.group(1) + " damaged");
        }
        if (err.contains("doesn't support") || err.contains("isn't a capture file")
            || err.contains("unknown file format")) {
            return new Expected("refused");
        }
        final Matcher m = PACKETS.matcher(info);
        if (m.find()) {
            return new Expected(m.group(1) + (err.contains("cut short") || err.contains("damaged") ? " damaged"
                : ""));
        }
        return new Expected("refused");
    }
}
