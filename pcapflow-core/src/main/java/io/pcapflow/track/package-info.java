/**
 * Connection bookkeeping below the TCP analyzer: {@link io.pcapflow.track.FlowKey} turns a decoded
 * packet into a canonical, direction-free key packed into primitives, and
 * {@link io.pcapflow.track.FlowTable} maps such keys to small integer slots with open addressing.
 *
 * <p>Nothing here allocates per packet; the table grows (by doubling) only when the number of
 * live keys grows, so its memory follows the number of open connections, never the input size.
 * Depends on {@code io.pcapflow.decode} only.
 */
package io.pcapflow.track;
