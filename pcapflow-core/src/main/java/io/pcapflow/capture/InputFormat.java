package io.pcapflow.capture;

/** What {@link Captures#open(String, InputFormat, io.pcapflow.capture.text.TcpdumpTextOptions)} expects. */
public enum InputFormat {
    /** Decided by content: pcap or pcapng magic, else tcpdump text when the first line is a packet. */
    AUTO,
    /** A pcap or pcapng capture only (text is refused). */
    PCAP,
    /** tcpdump text, whatever the first line looks like (edited or annotated text). */
    TCPDUMP
}
