package io.pcapflow.correlate;

/** How sure a connection mapping is; the evidence string says why. */
public enum Confidence {
    /** A 32-bit identifier (ISN, TCP timestamp) or 32+ payload bytes matched one candidate only. */
    HIGH("high"),
    /** A shorter payload prefix matched, or several candidates and the nearest in time was taken. */
    MEDIUM("medium"),
    /** Timing alone. */
    LOW("low");

    private final String label;

    Confidence(final String label) {
        this.label = label;
    }

    /** @return the name used in outputs */
    public String label() {
        return label;
    }
}
