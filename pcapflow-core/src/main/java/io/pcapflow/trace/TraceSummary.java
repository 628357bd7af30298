package io.pcapflow.trace;

import io.pcapflow.decode.AnomalyCounters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts over a whole trace run, written into {@code index.json}'s summary. */
public final class TraceSummary {
    private final List<Input> inputs = new ArrayList<>();
    private final Map<String, Long> anomalies = new TreeMap<>();
    private long packetsRead;
    private long tcpPackets;
    private long nonTcpPackets;
    private long flows;
    private long notWritten;

    /**
     * One input file.
     *
     * @param name    as given
     * @param format  capture format, e.g. {@code pcap}
     * @param packets records read
     * @param damaged whether reading stopped at damage
     */
    public record Input(String name, String format, long packets, boolean damaged) {
    }

    /**
     * Adds an input's counts.
     *
     * @param input     the input
     * @param tcp       TCP packets in it
     * @param nonTcp    other packets (skipped)
     * @param anomalies the decoder's anomaly counters
     */
    public void add(final Input input, final long tcp, final long nonTcp, final AnomalyCounters anomalies) {
        inputs.add(input);
        packetsRead += input.packets();
        tcpPackets += tcp;
        nonTcpPackets += nonTcp;
        anomalies.forEachNonZero((a, n) -> this.anomalies.merge(a.label(), n, Long::sum));
    }

    /**
     * Adds a named anomaly count (e.g. capture issues).
     *
     * @param label anomaly name
     * @param count occurrences
     */
    public void anomaly(final String label, final long count) {
        anomalies.merge(label, count, Long::sum);
    }

    void outputs(final long flowCount, final long notWrittenCount) {
        this.flows = flowCount;
        this.notWritten = notWrittenCount;
    }

    /** @return the inputs in order */
    public List<Input> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** @return anomaly name to count, sorted by name */
    public Map<String, Long> anomalies() {
        return Collections.unmodifiableMap(anomalies);
    }

    /** @return records read over all inputs */
    public long packetsRead() {
        return packetsRead;
    }

    /** @return TCP packets (each one reached a flow) */
    public long tcpPackets() {
        return tcpPackets;
    }

    /** @return TCP packets written to flow files: {@link #tcpPackets()} minus {@link #notWritten()} */
    public long tcpPacketsWritten() {
        return tcpPackets - notWritten;
    }

    /** @return non-TCP packets skipped */
    public long nonTcpPackets() {
        return nonTcpPackets;
    }

    /** @return flows (files) created */
    public long flows() {
        return flows;
    }

    /** @return TCP packets the output format could not store */
    public long notWritten() {
        return notWritten;
    }
}
