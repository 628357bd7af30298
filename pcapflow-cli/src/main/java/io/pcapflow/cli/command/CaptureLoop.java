package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureIssue;
import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.console.Progress;
import io.pcapflow.cli.option.InputFormatOptions;
import io.pcapflow.cli.option.InputOptions;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Reads one input to its end (or its damage) through a handler, with progress, and reports what
 * went wrong in one line per problem: unreadable inputs raise exit status 1, damaged ones 3.
 */
final class CaptureLoop {
    private static final int BATCH = 4096;

    /** What a command does with an opened reader before and after the packets. */
    interface Job {
        /**
         * @param reader the open reader
         * @return the handler for its packets
         */
        PacketHandler start(CaptureReader reader);

        /**
         * Called after the last packet (also after damage).
         *
         * @param reader the reader, still open
         */
        void finish(CaptureReader reader);

        /** Called last, whether or not reading ended normally: release threads started in {@link #start}. */
        default void end() {
        }
    }

    /** Signals that the job wants no more packets (e.g. {@code --limit} reached). */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private CaptureLoop() {
    }

    /**
     * @param console  where problems go
     * @param name     file name or {@code -}
     * @param progress whether a progress bar may be drawn
     * @param job      the work
     * @return false when the input could not be opened at all
     */
    static boolean run(final Console console, final String name, final boolean progress, final Job job) {
        return run(console, name, progress, (InputFormatOptions) null, job);
    }

    /**
     * @param console where problems go
     * @param name    file name or {@code -}
     * @param inputs  format, tcpdump text options and the progress switch
     * @param job     the work
     * @return false when the input could not be opened at all
     */
    static boolean run(final Console console, final String name, final InputOptions inputs, final Job job) {
        return run(console, name, inputs.progress, inputs.formatOptions, job);
    }

    /**
     * @param console  where problems go
     * @param name     file name or {@code -}
     * @param progress whether a progress bar may be drawn
     * @param format   format and tcpdump text options, or null for content detection with defaults
     * @param job      the work
     * @return false when the input could not be opened at all
     */
    static boolean run(final Console console, final String name, final boolean progress,
                       final InputFormatOptions format, final Job job) {
        final CaptureReader reader = open(console, name, format);
        if (reader == null) {
            return false;
        }
        try (reader) {
            try {
                runJob(console, name, progress, job, reader);
            } finally {
                job.end();
            }
        } catch (IOException e) {
            console.problem(name + ": read error: " + e.getMessage(), ExitCode.INPUT_ERROR);
        }
        return true;
    }

    private static void runJob(final Console console, final String name, final boolean progress, final Job job,
                               final CaptureReader reader) throws IOException {
        final PacketHandler handler = job.start(reader);
        final Progress bar = new Progress(console, name, reader.size(), progress);
        try {
            while (reader.poll(handler, BATCH) > 0) {
                bar.update(reader.position());
            }
        } catch (Stop stop) {
            // the job has what it wanted
        } finally {
            bar.done();
        }
        job.finish(reader);
        report(console, reader);
    }

    /**
     * Opens an input, reporting a failure in one line.
     *
     * @param console where problems go
     * @param name    file name or {@code -}
     * @return the reader, or null when the input could not be opened (exit status 1 set)
     */
    static CaptureReader open(final Console console, final String name) {
        return open(console, name, (InputFormatOptions) null);
    }

    /**
     * Opens an input as the input options say (format, tcpdump text options), reporting a failure
     * in one line.
     *
     * @param console where problems go
     * @param name    file name or {@code -}
     * @param inputs  the options, or null for content detection with defaults
     * @return the reader, or null when the input could not be opened (exit status 1 set)
     */
    static CaptureReader open(final Console console, final String name, final InputOptions inputs) {
        return open(console, name, inputs == null ? null : inputs.formatOptions);
    }

    /**
     * Opens an input as the format options say, reporting a failure in one line.
     *
     * @param console where problems go
     * @param name    file name or {@code -}
     * @param format  the options, or null for content detection with defaults
     * @return the reader, or null when the input could not be opened (exit status 1 set)
     */
    static CaptureReader open(final Console console, final String name, final InputFormatOptions format) {
        try {
            return format == null ? Captures.open(name) : format.open(name);
        } catch (NoSuchFileException e) {
            console.problem(name + ": no such file", ExitCode.INPUT_ERROR);
        } catch (AccessDeniedException e) {
            console.problem(name + ": permission denied", ExitCode.INPUT_ERROR);
        } catch (IOException e) {
            console.problem(e.getMessage(), ExitCode.INPUT_ERROR);
        }
        return null;
    }

    /**
     * Reports an input's issues, one line each: damage sets exit status 3, others are warnings.
     *
     * @param console where problems go
     * @param reader  the input, after reading
     */
    static void report(final Console console, final CaptureReader reader) {
        for (final CaptureIssue issue : reader.issues()) {
            console.problem((issue.fatal() ? "" : "warning: ") + issue.describe(),
                issue.fatal() ? ExitCode.DAMAGED_INPUT : ExitCode.OK);
        }
        final long hidden = reader.issueCount() - reader.issues().size();
        if (hidden > 0) {
            console.problem("warning: " + reader.name() + ": " + hidden + " more issues not shown", ExitCode.OK);
        }
    }
}
