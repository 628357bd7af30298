package io.pcapflow.cli.option;

import io.pcapflow.export.RecordWriter;
import picocli.CommandLine.Option;

/** {@code --csv}, {@code --jsonl} or the aligned table (default). */
public final class FormatOptions {
    @Option(names = "--csv", description = "CSV with a header row (RFC 4180).")
    private boolean csv;

    @Option(names = "--jsonl", description = "One JSON object per line.")
    private boolean jsonl;

    /**
     * @return the chosen format
     * @throws IllegalArgumentException when both machine formats were asked for
     */
    public RecordWriter.Format format() {
        if (csv && jsonl) {
            throw new IllegalArgumentException("--csv and --jsonl exclude each other");
        }
        return csv ? RecordWriter.Format.CSV : jsonl ? RecordWriter.Format.JSONL : RecordWriter.Format.TABLE;
    }
}
