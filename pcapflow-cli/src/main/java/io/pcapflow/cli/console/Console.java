package io.pcapflow.cli.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process-facing side of a command: data output, messages on stderr prefixed with the program
 * name, the exit status remembered across non-fatal problems, and whether stderr is a terminal
 * (progress is drawn only then).
 */
public final class Console {
    private final Output out;
    private final PrintWriter err;
    private final boolean errIsTerminal;
    private int exitCode = ExitCode.OK;

    /**
     * @param out           data output
     * @param err           message output
     * @param errIsTerminal whether progress may be drawn on {@code err}
     */
    public Console(final Output out, final PrintWriter err, final boolean errIsTerminal) {
        this.out = out;
        this.err = err;
        this.errIsTerminal = errIsTerminal;
    }

    /** @return a console on the real stdout and stderr */
    public static Console system() {
        return new Console(new Output(new FileOutputStream(FileDescriptor.out)),
            new PrintWriter(System.err, true), stderrIsTerminal());
    }

    private static boolean stderrIsTerminal() {
        try {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** @return data output (stdout) */
    public Output out() {
        return out;
    }

    /** @return message output (stderr) */
    public PrintWriter err() {
        return err;
    }

    /** @return whether stderr is a terminal */
    public boolean errIsTerminal() {
        return errIsTerminal;
    }

    /**
     * Prints a warning and raises the exit status.
     *
     * @param message  the text after {@code pcapflow: }
     * @param exitCode status this problem deserves
     */
    public void problem(final String message, final int exitCode) {
        out.flush();
        err.println("pcapflow: " + message);
        err.flush();
        this.exitCode = ExitCode.worst(this.exitCode, exitCode);
    }

    /** @return the worst status recorded so far */
    public int exitCode() {
        return exitCode;
    }
}
