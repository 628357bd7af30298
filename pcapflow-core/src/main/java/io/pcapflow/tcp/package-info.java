/**
 * The TCP connection tracker and analyzer: {@link io.pcapflow.tcp.TcpTracker} follows every TCP
 * connection of a packet stream, tells client from server, numbers connections like Wireshark's
 * {@code tcp.stream}, unwraps sequence numbers, applies window scaling, flags every segment with
 * Wireshark's {@code tcp.analysis.*} conditions (plus a few of our own, kept in separate flags) and
 * keeps per-direction counters, Zeek's {@code conn_state} and {@code history}, handshake and data
 * RTTs. Results reach a {@link io.pcapflow.tcp.TcpListener}: each segment after analysis, each
 * connection once when it ends.
 *
 * <p>One pass, bounded memory: state lives in pooled {@link io.pcapflow.tcp.TcpConnection}s
 * reached through a primitive-keyed {@link io.pcapflow.track.FlowTable}; closed connections are
 * reported and their slot reused; time is the packets' time, never the wall clock. Nothing on the
 * per-packet path allocates once the pools are warm. See {@code docs/TCP-ANALYSIS.md}.
 * Depends on {@code io.pcapflow.track} and {@code io.pcapflow.decode}.
 */
package io.pcapflow.tcp;
