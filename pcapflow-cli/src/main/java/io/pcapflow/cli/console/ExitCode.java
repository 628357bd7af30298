package io.pcapflow.cli.console;

/**
 * Process exit statuses, documented in docs/CLI.md. 0 and 2 follow picocli and clig.dev; 1 means
 * an input could not be read at all; 3 means the job completed but some input was damaged, so
 * scripts can tell "partial answer" from "answer".
 */
public final class ExitCode {
    /** Everything was read and processed. */
    public static final int OK = 0;
    /** An input could not be read at all (missing, not a capture, I/O error). */
    public static final int INPUT_ERROR = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** Done, but an input was damaged or truncated: results cover the records before the damage. */
    public static final int DAMAGED_INPUT = 3;

    private ExitCode() {
    }

    /**
     * @param a one status
     * @param b another
     * @return the more serious of the two (1 over 3 over 0)
     */
    public static int worst(final int a, final int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(final int code) {
        switch (code) {
            case OK:
                return 0;
            case DAMAGED_INPUT:
                return 1;
            case INPUT_ERROR:
                return 2;
            default:
                return 3;
        }
    }
}
