package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flows --threads 2} (reading and decoding on one thread, tracking on another) prints
 * exactly what {@code --threads 1} prints, byte for byte, in every format, on every capture of the
 * corpus and the fixtures, also when connections are evicted early and rows filtered out.
 */
class FlowsThreadsTest {
    static Stream<String> captures() throws IOException {
        final List<Path> roots = new ArrayList<>();
        roots.add(Fixtures.fixture(""));
        roots.add(Fixtures.requireCorpusOrSkip());
        final List<String> files = new ArrayList<>();
        for (final Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).map(Path::toString)
                    .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".gz"))
                    .sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void shouldPrintTheSameRowsOnTwoThreadsAsOnOne(final String file) {
        for (final String format : List.of("--csv", "--jsonl", "--table-default")) {
            final List<String> args = new ArrayList<>(List.of("flows"));
            if (!format.equals("--table-default")) {
                args.add(format);
            }
            args.add(file);
            same(args);
        }
        same(List.of("flows", "--csv", "--max-connections", "3", "--port", "80", "--vlan-aware", file));
        same(List.of("flows", "--jsonl", "--sort", "c2s_bytes:desc", "--idle-timeout", "1", file));
    }

    private static void same(final List<String> args) {
        final Run one = run(args, "1");
        final Run two = run(args, "2");
        assertThat(two.out()).as("stdout of %s", args).isEqualTo(one.out());
        assertThat(two.err()).as("stderr of %s", args).isEqualTo(one.err());
        assertThat(two.exitCode()).as("exit status of %s", args).isEqualTo(one.exitCode());
    }

    private static Run run(final List<String> args, final String threads) {
        final List<String> all = new ArrayList<>(args);
        all.add(1, "--threads");
        all.add(2, threads);
        return Run.of(all.toArray(new String[0]));
    }
}
