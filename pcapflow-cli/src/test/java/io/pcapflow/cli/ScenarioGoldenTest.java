package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.golden.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tiny capture per TCP behaviour (fixtures/scenarios, built by the test kit's TcpScenario and
 * checked against tshark there): the flows row and the ladder of each are golden files, reviewed
 * when they change. Fixture name = golden name.
 */
class ScenarioGoldenTest {
    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.fixture("scenarios"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcap"))
                .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void shouldSummariseAndDrawEveryScenarioAsReviewed(final String scenario) {
        final String file = Fixtures.fixture("scenarios/" + scenario + ".pcap").toString();
        final Run flows = Run.of("flows", "--csv", file);
        assertThat(flows.exitCode()).isZero();
        assertThat(flows.err()).isEmpty();
        final StringBuilder ladders = new StringBuilder();
        final long streams = flows.out().lines().count() - 1;
        for (int s = 0; s < streams; s++) {
            final Run ladder = Run.of("ladder", "--stream", Integer.toString(s), "--utc", file);
            assertThat(ladder.exitCode()).isZero();
            ladders.append(ladder.out().replace(file, scenario + ".pcap"));
        }
        Golden.assertMatches(Path.of("src/test/resources/golden/scenarios/" + scenario + ".flows.csv"),
            flows.out());
        Golden.assertMatches(Path.of("src/test/resources/golden/scenarios/" + scenario + ".ladder.txt"),
            ladders.toString());
    }
}
