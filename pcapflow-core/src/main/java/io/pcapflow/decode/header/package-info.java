/**
 * Header flyweights: one final class per protocol header, positioned by
 * {@code wrap(bytes, offset, length)} and read in place at {@code offset + *_OFFSET}.
 *
 * <p>Flyweights never check bounds themselves: the caller ({@code io.pcapflow.decode.PacketDecoder})
 * proves once per layer that the header's fixed part lies inside the captured bytes, then reads
 * without further checks. Every field is big-endian (network order) unless the class says
 * otherwise. This package depends on {@code io.pcapflow.bytes} only.
 */
package io.pcapflow.decode.header;
