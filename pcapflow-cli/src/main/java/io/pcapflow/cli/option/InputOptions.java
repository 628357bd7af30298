package io.pcapflow.cli.option;

import io.pcapflow.capture.CaptureReader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.List;

/** Inputs shared by the reading commands: files (or {@code -}), their format and the progress switch. */
public final class InputOptions {
    /** Capture files; {@code -} reads standard input. */
    @Parameters(arity = "1..*", paramLabel = "FILE",
        description = "Capture files (pcap, pcapng or tcpdump -n text, optionally gzip-compressed); '-' reads "
            + "standard input.")
    public List<String> files;

    /** Progress bar switch. */
    @Option(names = "--no-progress", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Draw a progress bar on stderr for large inputs when stderr is a terminal (default: on).")
    public boolean progress;

    /** Format and tcpdump text options. */
    @Mixin
    public InputFormatOptions formatOptions = new InputFormatOptions();

    /**
     * Opens one input as these options say.
     *
     * @param name a path or {@code -}
     * @return the reader
     * @throws IOException when the input cannot be opened or is no capture
     */
    public CaptureReader open(final String name) throws IOException {
        return formatOptions.open(name);
    }
}
