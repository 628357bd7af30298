package io.pcapflow.tcp;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class DebugRunTest {
    @Test
    void debug() throws Exception {
        final String f = System.getProperty("debugFile");
        if (f == null) {
            return;
        }
        final CorpusRun run = CorpusRun.run(Path.of(f), TrackerOptions.defaults());
        run.rows.values().stream().sorted((a, b) -> Long.compare(a.frame(), b.frame()))
            .limit(Long.getLong("debugLimit", 40)).forEach(System.out::println);
        run.closed.forEach(System.out::println);
    }
}
