package io.pcapflow.cli.console;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr for long reads of inputs of known size; drawn only when stderr
 * is a terminal and the input is large, redrawn at most a few times a second, erased at the end.
 */
public final class Progress {
    private static final long MIN_SIZE = 64L * 1024 * 1024;
    private static final long REDRAW_NS = 250_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long size;
    private final boolean active;
    private long nextDrawNs;
    private boolean drawn;

    /**
     * @param console where to draw
     * @param label   what is being read
     * @param size    total bytes, or -1 when unknown (then nothing is drawn)
     * @param enabled the user's choice ({@code --no-progress} turns it off)
     */
    public Progress(final Console console, final String label, final long size, final boolean enabled) {
        this.err = console.err();
        this.label = label;
        this.size = size;
        this.active = enabled && console.errIsTerminal() && size >= MIN_SIZE;
    }

    /**
     * Redraws if due.
     *
     * @param position bytes read so far
     */
    public void update(final long position) {
        if (!active) {
            return;
        }
        final long now = System.nanoTime();
        if (drawn && now < nextDrawNs) {
            return;
        }
        nextDrawNs = now + REDRAW_NS;
        drawn = true;
        final int pct = (int) Math.min(100, position * 100 / Math.max(1, size));
        final int filled = pct / 4;
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(25 - filled) + "] " + pct + "%");
        err.flush();
    }

    /** Erases the bar. */
    public void done() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
