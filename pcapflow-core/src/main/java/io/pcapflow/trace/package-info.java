/**
 * Splitting a capture into one file per TCP connection (pcapkit's TraceFlow): a
 * {@link io.pcapflow.trace.FlowSplitter} listens to the {@link io.pcapflow.tcp.TcpTracker}, keeps one
 * {@link io.pcapflow.trace.TraceFlow} per connection (or per direction) and hands every packet to
 * pluggable {@link io.pcapflow.trace.FlowSink}s: {@link io.pcapflow.trace.FileSink} writes each flow
 * through a {@link io.pcapflow.trace.FlowFormat} (the "dumper": pcap, pcapng, JSON Lines, text
 * ladder), {@link io.pcapflow.trace.PayloadSink} reassembles each direction's byte stream, and
 * {@link io.pcapflow.trace.IndexSink} writes {@code index.json}. {@link io.pcapflow.trace.Tracer}
 * wires decoder, tracker and splitter for callers that just want the files.
 *
 * <p>Files go through an {@link io.pcapflow.trace.OutputDirectory}: names are built from the stream
 * index and sanitised endpoints and checked to stay inside the directory, data is written under
 * {@code .partial/} and moved into place once complete, and at most a bounded number of files are
 * open at once (least recently used ones are closed and reopened in append mode). See
 * {@code docs/TRACE.md}. Depends on {@code io.pcapflow.capture}, {@code io.pcapflow.decode},
 * {@code io.pcapflow.tcp} and {@code io.pcapflow.export}.
 */
package io.pcapflow.trace;
