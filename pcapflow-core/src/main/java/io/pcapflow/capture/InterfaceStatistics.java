package io.pcapflow.capture;

/**
 * An Interface Statistics Block of a pcapng file: counters the capturing tool reported. Absent
 * values are -1.
 *
 * @param interfaceGlobalId  {@link InterfaceInfo#globalId()} of the interface
 * @param timestampNanos     time of the block
 * @param received           {@code isb_ifrecv}: packets the interface received
 * @param dropped            {@code isb_ifdrop}: packets the interface dropped
 * @param filterAccepted     {@code isb_filteraccept}
 * @param osDropped          {@code isb_osdrop}
 * @param delivered          {@code isb_usrdeliv}
 */
public record InterfaceStatistics(int interfaceGlobalId, long timestampNanos, long received, long dropped,
                                  long filterAccepted, long osDropped, long delivered) {
}
