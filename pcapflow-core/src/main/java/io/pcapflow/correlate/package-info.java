/**
 * Middlebox correlation: lines up the two legs of TCP connections that cross a NAT, a firewall or a
 * proxy. Each leg is tracked by its own {@link io.pcapflow.tcp.TcpTracker}; the {@link Correlator}
 * maps inside connections to outside connections (same ISN, same TCP timestamp, or the same
 * payload at the same stream offset), then pairs the packets of a mapped connection, giving the
 * transit time through the box and what it dropped, injected or changed. See docs/NAT.md.
 */
package io.pcapflow.correlate;
