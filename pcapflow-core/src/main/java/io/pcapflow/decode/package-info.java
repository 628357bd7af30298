/**
 * Packet decoding: {@link io.pcapflow.decode.PacketDecoder} walks one captured packet layer by
 * layer (link, VLAN, IP, extension headers, transport) with the flyweights of
 * {@code io.pcapflow.decode.header} and fills one reusable {@link io.pcapflow.decode.PacketView}.
 *
 * <p>Nothing here allocates per packet or throws on malformed input: a layer proves its header
 * lies inside the captured bytes once, then reads; a failure records a named
 * {@link io.pcapflow.decode.Anomaly}, counts it in {@link io.pcapflow.decode.AnomalyCounters} and
 * stops decoding that packet. Depends on {@code io.pcapflow.decode.header},
 * {@code io.pcapflow.bytes} and {@code io.pcapflow.capture} (record model and link types only).
 */
package io.pcapflow.decode;
