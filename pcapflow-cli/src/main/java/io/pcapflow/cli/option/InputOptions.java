package io.pcapflow.cli.option;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** Inputs shared by the reading commands: files (or {@code -}) and the progress switch. */
public final class InputOptions {
    /** Capture files; {@code -} reads standard input. */
    @Parameters(arity = "1..*", paramLabel = "FILE",
        description = "Capture files (pcap, pcapng, optionally gzip-compressed); '-' reads standard input.")
    public List<String> files;

    /** Progress bar switch. */
    @Option(names = "--no-progress", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Draw a progress bar on stderr for large inputs when stderr is a terminal (default: on).")
    public boolean progress;
}
