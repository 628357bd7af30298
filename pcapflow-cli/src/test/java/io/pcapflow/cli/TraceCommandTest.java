package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pcapflow trace}: formats, index, refusal of a busy directory, files readable by capinfos. */
class TraceCommandTest {
    private static final String SAMPLE = Fixtures.fixture("captures/sample/sample.pcapng").toString();

    @TempDir
    Path tmp;

    @Test
    void shouldWriteOneFilePerConnectionAndTheIndexLast() throws IOException {
        final Path out = tmp.resolve("pcap");
        final Run run = Run.of("trace", SAMPLE, "-o", out.toString(), "--no-progress");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("14 flows, 164 TCP packets written to ");
        final List<String> names = names(out);
        assertThat(names).contains("index.json").doesNotContain(".partial");
        assertThat(names.stream().filter(n -> n.endsWith(".pcap"))).hasSize(14);
        final String index = Files.readString(out.resolve("index.json"));
        assertThat(index).contains("\"tcp_packets_written\": 164", "\"stream\": 13", "\"frames\": [",
            "\"end\": \"fin\"", "\"label\": \"");
    }

    @Test
    void shouldWriteEveryFormatAndPayloadPerDirection() throws IOException {
        for (final String format : List.of("pcapng", "json", "text")) {
            final Path out = tmp.resolve(format);
            final Run run = Run.of("trace", SAMPLE, "-o", out.toString(), "--format", format, "--payload",
                "--no-progress");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(names(out).stream().filter(n -> n.endsWith(".s2c.payload"))).isNotEmpty();
        }
        final String json = Files.readString(firstEndingWith(tmp.resolve("json"), ".jsonl"));
        assertThat(json.lines().findFirst().orElseThrow()).startsWith("{\"ordinal\": ").contains("\"flags\": \"S\"",
            "\"analysis\": [", "\"rel_seq\": 0");
        final String text = Files.readString(firstEndingWith(tmp.resolve("text"), ".txt"));
        assertThat(text).contains("TCP session between client ", "-->[", "<--[", "First packet in connection");
        final Path dirs = tmp.resolve("dirs");
        assertThat(Run.of("trace", SAMPLE, "-o", dirs.toString(), "--per-direction", "--no-progress").exitCode())
            .isZero();
        assertThat(names(dirs).stream().filter(n -> n.contains("-c2s-"))).hasSize(14);
        assertThat(names(dirs).stream().filter(n -> n.contains("-s2c-"))).hasSize(14);
    }

    @Test
    void shouldWriteTheLadderCommandsRowsInTextFormat() throws IOException {
        final Path out = tmp.resolve("text");
        assertThat(Run.of("trace", SAMPLE, "-o", out.toString(), "--format", "text", "--no-progress").exitCode())
            .isZero();
        for (final int stream : new int[] {0, 3, 7, 13}) {
            final String prefix = String.format("%06d-", stream);
            final Path file = out.resolve(names(out).stream().filter(n -> n.startsWith(prefix)).findFirst()
                .orElseThrow());
            final Run ladder = Run.of("ladder", "--stream", Integer.toString(stream), SAMPLE, "--no-progress");
            assertThat(rows(Files.readString(file))).as("stream %d", stream).isEqualTo(rows(ladder.out()))
                .isNotEmpty();
        }
    }

    private static List<String> rows(final String text) {
        return text.lines().filter(l -> l.contains("-->") || l.contains("<--") || l.startsWith("TCP session"))
            .collect(Collectors.toList());
    }

    @Test
    void shouldRefuseANonEmptyDirectoryUnlessForced() throws IOException {
        final Path out = tmp.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        final Run refused = Run.of("trace", SAMPLE, "-o", out.toString(), "--no-progress");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("not empty", "--force");
        assertThat(names(out)).containsExactly("notes.txt");
        assertThat(Run.of("trace", SAMPLE, "-o", out.toString(), "--force", "--no-progress").exitCode()).isZero();
        assertThat(names(out)).contains("notes.txt", "index.json");
    }

    @Test
    void shouldWriteFilesCapinfosReadsWithoutErrors() throws IOException, InterruptedException {
        Fixtures.requireToolOrSkip("capinfos");
        for (final String format : List.of("pcap", "pcapng")) {
            final Path out = tmp.resolve("cap-" + format);
            assertThat(Run.of("trace", SAMPLE, Fixtures.fixture("captures/nat/outside.pcap").toString(), "-o",
                out.toString(), "--format", format, "--max-open-files", "2", "--no-progress").exitCode()).isZero();
            final List<String> files = names(out).stream().filter(n -> n.endsWith("." + format)).limit(6)
                .collect(Collectors.toList());
            assertThat(files).hasSize(6);
            for (final String f : files) {
                final Process p = new ProcessBuilder("capinfos", out.resolve(f).toString())
                    .redirectErrorStream(true).start();
                final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(text).isZero();
                assertThat(text).doesNotContainIgnoringCase("error").contains("Number of packets");
                if (f.startsWith("in1-")) {
                    assertThat(text).as("ns capture stays ns").contains("nanoseconds");
                }
            }
        }
    }

    @Test
    void shouldNumberStreamsPerInputAndNameFilesByTheInputsPosition() throws IOException {
        final String inside = Fixtures.fixture("captures/nat/inside.pcap").toString();
        final String outside = Fixtures.fixture("captures/nat/outside.pcap").toString();
        final Path out = tmp.resolve("multi");
        // the same input twice and an unreadable one in between: positions, not names, tell inputs apart
        final Run run = Run.of("trace", inside, tmp.resolve("missing.pcap").toString(), outside, inside, "-o",
            out.toString(), "--no-progress");
        assertThat(run.exitCode()).as("an unreadable input is an input error").isEqualTo(1);
        assertThat(run.err()).contains("missing.pcap: no such file");
        final List<String> files = names(out).stream().filter(n -> n.endsWith(".pcap")).collect(Collectors.toList());
        assertThat(files.stream().map(n -> n.substring(0, n.indexOf('-'))).distinct())
            .containsExactly("in0", "in2", "in3");
        final List<String> first = withoutPrefix(files, "in0-");
        assertThat(first).isNotEmpty().isEqualTo(withoutPrefix(files, "in3-"));
        for (final String input : List.of("in0-", "in2-", "in3-")) {
            // each input has its own stream numbers, from 0 as tshark numbers that file's tcp.stream
            final List<String> streams = files.stream().filter(n -> n.startsWith(input))
                .map(n -> n.substring(input.length(), input.length() + 6)).collect(Collectors.toList());
            assertThat(streams.get(0)).isEqualTo("000000");
            assertThat(streams).doesNotHaveDuplicates();
        }
        final String index = Files.readString(out.resolve("index.json"));
        // summary.inputs[i] is the i-th input given, so a connection's "input" indexes it
        assertThat(index).containsSubsequence("\"name\": \"" + inside, "\"name\": \"" + tmp.resolve("missing.pcap"),
            "\"format\": \"unreadable\"", "\"name\": \"" + outside, "\"name\": \"" + inside);
        for (final int input : new int[] {0, 2, 3}) {
            assertThat(count(index, "\"input\": " + input + ","))
                .isEqualTo(files.stream().filter(n -> n.startsWith("in" + input + "-")).count());
        }
        assertThat(count(index, "\"input\": 1,")).isZero();
    }

    @Test
    void shouldPadTheInputNumberToTheLastInputsDigits() throws IOException {
        final String[] args = new String[11 + 3];
        args[0] = "trace";
        for (int i = 1; i <= 11; i++) {
            args[i] = SAMPLE;
        }
        final Path out = tmp.resolve("eleven");
        args[12] = "-o";
        args[13] = out.toString();
        final Run run = Run.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> files = names(out).stream().filter(n -> n.endsWith(".pcap")).collect(Collectors.toList());
        assertThat(files).hasSize(11 * 14);
        assertThat(files.stream().map(n -> n.substring(0, n.indexOf('-'))).distinct())
            .containsExactly("in00", "in01", "in02", "in03", "in04", "in05", "in06", "in07", "in08", "in09", "in10");
    }

    private static List<String> withoutPrefix(final List<String> files, final String prefix) {
        return files.stream().filter(n -> n.startsWith(prefix)).map(n -> n.substring(prefix.length()))
            .collect(Collectors.toList());
    }

    private static long count(final String text, final String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static Path firstEndingWith(final Path dir, final String suffix) throws IOException {
        return dir.resolve(names(dir).stream().filter(n -> n.endsWith(suffix)).findFirst().orElseThrow());
    }

    private static List<String> names(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
