package io.pcapflow.cli;

import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.Output;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process with captured stdout and stderr, as picocli's testing guide suggests. */
record Run(int exitCode, String out, String err) {
    static Run of(final String... args) {
        return into(new ByteArrayOutputStream(), args);
    }

    static Run into(final OutputStream sink, final String... args) {
        final StringWriter err = new StringWriter();
        final Console console = new Console(new Output(sink), new PrintWriter(err, true), false);
        final int code = Main.commandLine(console).execute(args);
        try {
            console.out().flush();
        } catch (Output.BrokenPipe e) {
            // as Main does: the reader went away, nothing more to say
        }
        final String out = sink instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "";
        return new Run(code, out, err.toString());
    }
}
