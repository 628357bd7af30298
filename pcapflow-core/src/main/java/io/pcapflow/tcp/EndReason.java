package io.pcapflow.tcp;

/** Why a connection ended, reported once through {@link TcpListener#onClose}. */
public enum EndReason {
    /** Both sides sent FIN. */
    FIN("fin"),
    /** A RST was sent. */
    RST("rst"),
    /** A SYN with a new initial sequence number reused the connection's addresses and ports. */
    REUSED("reused"),
    /** No packet for longer than the idle timeout (packet time). */
    IDLE("idle"),
    /** Evicted as the least recently used connection when the open-connection limit was hit. */
    EVICTED("evicted"),
    /** Still open when the input ended. */
    END_OF_CAPTURE("end_of_capture");

    private final String label;

    EndReason(final String label) {
        this.label = label;
    }

    /** @return stable lower-case label for tables and logs */
    public String label() {
        return label;
    }
}
