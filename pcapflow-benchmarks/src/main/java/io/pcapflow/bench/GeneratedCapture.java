package io.pcapflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A generated capture in a temporary file, for benchmark setup: written once, deleted on teardown. */
final class GeneratedCapture {
    final Path path;
    final CaptureGenerator.Summary summary;

    private GeneratedCapture(final Path path, final CaptureGenerator.Summary summary) {
        this.path = path;
        this.summary = summary;
    }

    static GeneratedCapture create(final int sizeMb, final long seed) throws IOException {
        final Path path = Files.createTempFile("pcapflow-bench-", ".pcap");
        return new GeneratedCapture(path, CaptureGenerator.generate(path, ((long) sizeMb) << 20, seed));
    }

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
