package io.pcapflow.capture.text;

/** Sees every complete TCP record of tcpdump text as printed, names as names, before it becomes a packet. */
@FunctionalInterface
public interface TcpdumpRecordHandler {
    /**
     * @param record  the record, valid during the call only
     * @param ordinal its record number (tcpdump's packet number)
     * @param line    1-based number of its first line
     */
    void onRecord(TcpdumpRecord record, long ordinal, long line);
}
