package io.pcapflow.trace;

import io.pcapflow.decode.AnomalyCounters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts over a whole trace run, written into {@code index.json}'s summary. */
public final class TraceSummary {
    /** {@link Input#format()} of an input that could not be opened. */
    public static final String UNREADABLE = "unreadable";

    private final List<Input> inputs = new ArrayList<>();
    private final Map<String, Long> anomalies = new TreeMap<>();
    private long packetsRead;
    private long tcpPackets;
    private long nonTcpPackets;
    private long tcpFragments;
    private long unassignedFragments;
    private long flows;
    private long notWritten;

    /**
     * One input file.
     *
     * @param name    as given
     * @param format  capture format, e.g. {@code pcap}
     * @param packets records read
     * @param damaged whether reading stopped at damage
     * @param tcpFragments IPv4 fragments of TCP datagrams other than the records completing them
     * @param unassignedFragments those of them that reached no flow (their datagram never
     *                completed as a TCP segment, or they were given up to bound memory)
     * @param unassignedFrames the first 10000 of those, frame numbers in ascending order
     */
    public record Input(String name, String format, long packets, boolean damaged, long tcpFragments,
                        long unassignedFragments, long[] unassignedFrames) {
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
        tcpFragments += input.tcpFragments();
        unassignedFragments += input.unassignedFragments();
        anomalies.forEachNonZero((a, n) -> this.anomalies.merge(a.label(), n, Long::sum));
    }

    /**
     * Records an input that could not be opened, so that {@code inputs} keeps one entry per input
     * given and a connection's {@code input} number indexes it.
     *
     * @param name as given
     */
    public void unreadable(final String name) {
        inputs.add(new Input(name, UNREADABLE, 0, false, 0, 0, new long[0]));
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

    /**
     * @return records written to flow files: {@link #tcpPackets()} plus {@link #tcpFragments()}, minus
     *     {@link #unassignedFragments()} and {@link #notWritten()}
     */
    public long tcpPacketsWritten() {
        return tcpPackets + tcpFragments - unassignedFragments - notWritten;
    }

    /** @return IPv4 fragments of TCP datagrams other than the records completing them */
    public long tcpFragments() {
        return tcpFragments;
    }

    /** @return of {@link #tcpFragments()}, those that reached no flow */
    public long unassignedFragments() {
        return unassignedFragments;
    }

    /** @return other packets skipped (not TCP, no fragment of a TCP datagram) */
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
