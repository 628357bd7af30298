package io.pcapflow.trace;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.tcp.TrackerOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the library's trace over files in tests and reads the index back. */
public final class Traces {
    private Traces() {
    }

    /** What to write. */
    public static final class Options {
        FlowFormat format = new PcapFormat();
        boolean perDirection;
        boolean payload;
        long maxBuffered = PayloadSink.DEFAULT_MAX_BUFFERED_BYTES;
        int maxOpenFiles = 256;

        /**
         * @param f format
         * @return this
         */
        public Options format(final FlowFormat f) {
            this.format = f;
            return this;
        }

        /** @return this, per direction */
        public Options perDirection() {
            this.perDirection = true;
            return this;
        }

        /**
         * @param maxBufferedBytes reassembly buffer
         * @return this, with payload
         */
        public Options payload(final long maxBufferedBytes) {
            this.payload = true;
            this.maxBuffered = maxBufferedBytes;
            return this;
        }

        /**
         * @param n open-file limit
         * @return this
         */
        public Options maxOpenFiles(final int n) {
            this.maxOpenFiles = n;
            return this;
        }
    }

    /**
     * @param out    output directory
     * @param opts   options
     * @param inputs captures
     * @return the parsed index.json
     * @throws IOException on failure
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> run(final Path out, final Options opts, final Path... inputs)
        throws IOException {
        final OutputDirectory dir = OutputDirectory.prepare(out, false, opts.maxOpenFiles);
        final List<FlowSink> sinks = new ArrayList<>();
        sinks.add(new FileSink(dir, opts.format));
        if (opts.payload) {
            sinks.add(new PayloadSink(dir, opts.maxBuffered));
        }
        sinks.add(new IndexSink(dir, opts.format.extension(), opts.perDirection));
        final FlowSplitter splitter = new FlowSplitter(opts.perDirection, inputs.length, sinks);
        final TraceSummary summary = new TraceSummary();
        for (int i = 0; i < inputs.length; i++) {
            try (CaptureReader reader = Captures.open(inputs[i].toString())) {
                final Tracer tracer = new Tracer(TrackerOptions.defaults(), splitter, i);
                while (reader.poll(tracer, 4096) > 0) {
                    // all of it
                }
                tracer.finish(reader, summary);
            }
        }
        splitter.finish(summary);
        dir.close();
        return (Map<String, Object>) MiniJson.parse(Files.readString(out.resolve(IndexSink.INDEX)));
    }

    /**
     * @param index parsed index
     * @return its connection entries
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> connections(final Map<String, Object> index) {
        return (List<Map<String, Object>>) index.get("connections");
    }
}
