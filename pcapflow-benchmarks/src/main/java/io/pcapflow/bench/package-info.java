/**
 * Benchmarks and the large-capture generator: JMH benchmarks of reading and decoding an
 * in-memory capture, each with its naive baseline in the same class, and
 * {@link io.pcapflow.bench.CaptureGenerator}, which writes the multi-gigabyte synthetic captures
 * {@code scripts/bench.sh} times pcapflow, capinfos and tshark on.
 */
package io.pcapflow.bench;
