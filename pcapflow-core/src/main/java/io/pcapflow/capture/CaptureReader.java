package io.pcapflow.capture;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Reads packet records from one capture, push-style: {@link #poll} hands up to {@code limit}
 * records to a handler and returns how many it delivered, 0 once the input is exhausted or a fatal
 * {@link #damage()} stopped it. Memory does not depend on the input size.
 */
public interface CaptureReader extends Closeable {
    /**
     * Delivers up to {@code limit} records.
     *
     * @param handler receives each record, valid only during the call
     * @param limit   maximum number of records to deliver
     * @return records delivered; 0 means the end (check {@link #damage()})
     * @throws IOException when the input cannot be read (not for damaged content)
     */
    int poll(PacketHandler handler, int limit) throws IOException;

    /** @return the input name used in messages */
    String name();

    /** @return the detected file format */
    CaptureFormat format();

    /** @return whether the input was gzip-compressed */
    boolean isCompressed();

    /** @return interfaces described so far (all of them once the input is exhausted) */
    List<InterfaceInfo> interfaces();

    /** @return pcapng interface statistics seen so far */
    List<InterfaceStatistics> statistics();

    /** @return comments of the pcapng sections ({@code shb_comment}), empty for classic pcap */
    List<String> comments();

    /** @return non-fatal issues and the fatal one, in order, at most a bounded number per kind */
    List<CaptureIssue> issues();

    /** @return issues counted in all, including those not kept in {@link #issues()} */
    long issueCount();

    /** @return the fatal issue that stopped reading, or {@code null} */
    CaptureIssue damage();

    /** @return number of records delivered so far (the last ordinal) */
    long records();

    /** @return input position reached, in bytes */
    long position();

    /** @return total input size when known, else -1 */
    long size();
}
