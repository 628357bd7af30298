package io.pcapflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class FixturesTest {

    @Test
    void shouldFindRepositoryRootAndFixturePaths() {
        Path root = Fixtures.repositoryRoot();

        assertThat(Files.isRegularFile(root.resolve("config/checkstyle/checkstyle.xml"))
            || Files.exists(root.resolve(".git"))).isTrue();
        assertThat(Fixtures.fixture("a/b.pcap")).isEqualTo(root.resolve("fixtures/a/b.pcap"));
    }

    @Test
    void shouldSkipOutsideCiAndFailInCi() {
        assertThatThrownBy(() -> Fixtures.requireOrSkip(false, "thing", Map.of()))
            .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> Fixtures.requireOrSkip(false, "thing", Map.of("CI", "true")))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("CI=true");
        Fixtures.requireOrSkip(true, "thing", Map.of("CI", "true"));
    }

    @Test
    void shouldFindToolsOnPath() {
        assertThat(Fixtures.findTool("sh", "/nonexistent:/bin:/usr/bin")).isPresent();
        assertThat(Fixtures.findTool("no-such-tool-xyz", "/bin:/usr/bin")).isEmpty();
        assertThat(Fixtures.toolAvailable("no-such-tool-xyz")).isFalse();
    }
}
