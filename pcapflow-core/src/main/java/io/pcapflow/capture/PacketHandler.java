package io.pcapflow.capture;

/**
 * Receives each packet record a {@link CaptureReader} reads. The record and the bytes it views
 * are only valid during the call: the reader reuses both for the next record.
 */
@FunctionalInterface
public interface PacketHandler {
    /**
     * Called once per packet record, in file order.
     *
     * @param record the current record (reused; copy what must outlive the call)
     */
    void onPacket(CaptureRecord record);
}
