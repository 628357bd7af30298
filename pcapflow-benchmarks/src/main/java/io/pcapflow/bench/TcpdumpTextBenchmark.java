package io.pcapflow.bench;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.InputFormat;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.capture.text.TcpdumpParser;
import io.pcapflow.capture.text.TcpdumpRecord;
import io.pcapflow.capture.text.TcpdumpTextOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump text held in memory, read two ways: {@code parseLines} finds each line and parses it into
 * the reused record (the parser alone); {@code readText} runs the whole text reader (joining,
 * sequence bases, header synthesis) and hands every packet to a handler. One operation is the whole
 * text; the {@code packets} secondary result counts lines (parse) or packets (read) per second.
 *
 * <p>Run: {@code java -Dpcapflow.bench.text=FILE -jar pcapflow-benchmarks/target/pcapflow-benchmarks.jar
 * TcpdumpTextBenchmark}, where FILE is what {@code tcpdump -n -tt -r CAPTURE} printed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Dpcapflow.boundsCheck=false", "-Xmx2g"})
public class TcpdumpTextBenchmark {
    /** Path of the text, from the system property {@code pcapflow.bench.text}. */
    @Param({""})
    public String text;

    private byte[] content;
    private long lines;
    private final TcpdumpParser parser = new TcpdumpParser();
    private final TcpdumpRecord record = new TcpdumpRecord();
    private final Count count = new Count();

    /** Creates the benchmark state, for JMH. */
    public TcpdumpTextBenchmark() {
    }

    /**
     * Loads the text into the heap.
     *
     * @throws IOException when it cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final String path = text.isEmpty() ? System.getProperty("pcapflow.bench.text", "") : text;
        if (path.isEmpty()) {
            throw new IllegalStateException("set -Dpcapflow.bench.text=FILE (tcpdump -n -tt output)");
        }
        content = Files.readAllBytes(Path.of(path));
        for (final byte b : content) {
            if (b == '\n') {
                lines++;
            }
        }
    }

    /**
     * Parses every line.
     *
     * @param counters lines parsed, for the rate
     * @return records found, so the work is not eliminated
     */
    @Benchmark
    public long parseLines(final PacketCounters counters) {
        final byte[] b = content;
        long found = 0;
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                if (parser.parse(b, start, i, record) == TcpdumpParser.Result.RECORD) {
                    found += record.length();
                }
                start = i + 1;
            }
        }
        counters.packets += lines;
        counters.bytes += b.length;
        return found;
    }

    /**
     * Reads the whole text into packets.
     *
     * @param counters packets delivered, for the rate
     * @return the sum of captured lengths
     * @throws IOException never (memory input)
     */
    @Benchmark
    public long readText(final PacketCounters counters) throws IOException {
        count.total = 0;
        long packets = 0;
        try (CaptureReader reader = Captures.open("text", new ByteArrayInputStream(content), InputFormat.TCPDUMP,
            TcpdumpTextOptions.DEFAULTS)) {
            int n;
            while ((n = reader.poll(count, Integer.MAX_VALUE)) > 0) {
                packets += n;
            }
        }
        counters.packets += packets;
        counters.bytes += content.length;
        return count.total;
    }

    /** Sums captured lengths. */
    private static final class Count implements PacketHandler {
        long total;

        @Override
        public void onPacket(final CaptureRecord r) {
            total += r.capturedLength();
        }
    }
}
