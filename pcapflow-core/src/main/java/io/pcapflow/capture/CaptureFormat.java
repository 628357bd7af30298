package io.pcapflow.capture;

/** File formats pcapflow reads. */
public enum CaptureFormat {
    /** Classic libpcap format, microsecond timestamps. */
    PCAP("pcap"),
    /** Classic libpcap format, nanosecond timestamps (magic 0xa1b23c4d). */
    PCAP_NSEC("pcap-ns"),
    /** Alexey Kuznetzov's modified libpcap format (magic 0xa1b2cd34), 24-byte record headers. */
    PCAP_MODIFIED("pcap-modified"),
    /** pcapng (IETF draft-ietf-opsawg-pcapng). */
    PCAPNG("pcapng"),
    /** Text printed by {@code tcpdump -n} (TCP packets rebuilt from the text). */
    TCPDUMP_TEXT("tcpdump-text");

    private final String label;

    CaptureFormat(final String label) {
        this.label = label;
    }

    /** @return the name shown in outputs */
    public String label() {
        return label;
    }
}
