package io.pcapflow.correlate;

/** How an inside connection was recognised on the outside. */
public enum MatchKind {
    /** Same initial sequence number on both legs: the box forwards packets, rewriting addresses/ports. */
    NAT("nat"),
    /** Different ISNs but the same SYN (TCP timestamp value): the box also shifts sequence numbers. */
    ISN_REWRITE("isn-rewrite"),
    /** Separate handshakes; the same payload bytes at the same stream offsets: the box terminates TCP. */
    PROXY("proxy");

    private final String label;

    MatchKind(final String label) {
        this.label = label;
    }

    /** @return the name used in outputs */
    public String label() {
        return label;
    }
}
