package io.pcapflow.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Locates the repository root, test fixtures, the shared capture corpus and external tools. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * Walks up from the working directory to the first directory holding {@code .git} or
     * {@code config/checkstyle/checkstyle.xml}.
     *
     * @return the repository root
     */
    public static Path repositoryRoot() {
        return findRoot(Paths.get("").toAbsolutePath())
            .orElseThrow(() -> new IllegalStateException("no repository root above " + Paths.get("").toAbsolutePath()));
    }

    static Optional<Path> findRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git")) || Files.isRegularFile(p.resolve("config/checkstyle/checkstyle.xml"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a path under {@code <root>/fixtures/}.
     *
     * @param relative path relative to the fixtures directory
     * @return the fixture path (not checked for existence)
     */
    public static Path fixture(String relative) {
        return repositoryRoot().resolve("fixtures").resolve(relative);
    }

    /**
     * Returns the shared public capture corpus {@code <root>/../shared/captures} when it exists.
     *
     * @return the corpus directory, or empty
     */
    public static Optional<Path> corpus() {
        Path p = repositoryRoot().resolve("../shared/captures").normalize();
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Returns the corpus, skips the test when it is absent, or fails when env {@code CI=true}.
     *
     * @return the corpus directory
     */
    public static Path requireCorpusOrSkip() {
        Optional<Path> c = corpus();
        requireOrSkip(c.isPresent(), "shared capture corpus ../shared/captures", System.getenv());
        return c.orElseThrow();
    }

    /**
     * Tells whether an executable of this name is on the PATH.
     *
     * @param name tool name, e.g. {@code "tshark"}
     * @return true when found
     */
    public static boolean toolAvailable(String name) {
        return findTool(name, System.getenv("PATH")).isPresent();
    }

    /**
     * Returns the tool's path, skips the test when it is absent, or fails when env {@code CI=true}.
     *
     * @param name tool name, e.g. {@code "tshark"}
     * @return the executable path
     */
    public static Path requireToolOrSkip(String name) {
        Optional<Path> tool = findTool(name, System.getenv("PATH"));
        requireOrSkip(tool.isPresent(), "tool '" + name + "' on PATH", System.getenv());
        return tool.orElseThrow();
    }

    static Optional<Path> findTool(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static void requireOrSkip(boolean present, String what, Map<String, String> env) {
        if (present) {
            return;
        }
        if ("true".equals(env.get("CI"))) {
            Assertions.fail(what + " is required when CI=true but was not found");
        }
        Assumptions.abort(what + " not available; skipping (set CI=true to make this a failure)");
    }
}
