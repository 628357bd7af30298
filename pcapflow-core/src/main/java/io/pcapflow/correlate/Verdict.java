package io.pcapflow.correlate;

/** What became of a packet at the box. */
public enum Verdict {
    /** Seen entering and leaving: the same packet on both legs. */
    MATCHED("matched"),
    /** Entered the box, never left it. */
    DROPPED("dropped by box"),
    /** Left the box without having entered it (a proxy's own ACK or handshake). */
    INJECTED("injected by box"),
    /** Absorbed by a proxy that terminates TCP (the peer's handshake, ACKs). */
    TERMINATED("terminated by box"),
    /** Data whose bytes crossed the box, cut into different segments. */
    RESEGMENTED("resegmented by box"),
    /** Its connection was never mapped to the other leg. */
    UNMAPPED("connection not mapped"),
    /** The same packet captured twice on one leg; left out of matching. */
    DUPLICATE("captured twice");

    private final String label;

    Verdict(final String label) {
        this.label = label;
    }

    /** @return text for notes */
    public String label() {
        return label;
    }
}
