package io.pcapflow.capture;

import java.io.IOException;

/** The input could not be read as a capture at all (unknown magic, unsupported version, bad header). */
public final class NotACaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file and what is wrong
     */
    public NotACaptureException(final String message) {
        super(message);
    }
}
