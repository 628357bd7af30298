package io.pcapflow.bench;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.PacketHandler;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * Reads every record of a generated capture held in memory (a page-cached temporary file, read
 * by {@link Captures#open(String)}, or a heap array streamed through
 * {@link Captures#open(String, java.io.InputStream)}) and sums the captured lengths. One operation is
 * one whole file; the {@code packets} and {@code bytes} secondary results give packets/s and bytes/s.
 *
 * <p>Run: {@code java -jar pcapflow-benchmarks/target/pcapflow-benchmarks.jar ReadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dpcapflow.boundsCheck=false"})
public class ReadBenchmark {
    /** Size of the generated capture in MiB. */
    @Param({"50"})
    public int sizeMb;

    /** {@code file}: a file through the file reader; {@code stream}: a heap array streamed. */
    @Param({"file", "stream"})
    public String input;

    private GeneratedCapture capture;
    private byte[] content;
    private final LengthSum sum = new LengthSum();

    /** Creates the benchmark state, for JMH. */
    public ReadBenchmark() {
    }

    /**
     * Generates the capture and reads it once into the page cache (and the heap for {@code stream}).
     *
     * @throws IOException when the temporary file cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        capture = GeneratedCapture.create(sizeMb, 1L);
        content = Files.readAllBytes(capture.path);
        if (!"stream".equals(input)) {
            content = null;
        }
    }

    /**
     * Deletes the temporary file.
     *
     * @throws IOException when it cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        capture.delete();
    }

    /**
     * Reads the whole capture.
     *
     * @param counters packets and bytes read, for the rates
     * @return the sum of captured lengths
     * @throws IOException when reading fails
     */
    @Benchmark
    public long readAll(final PacketCounters counters) throws IOException {
        final String name = capture.path.toString();
        sum.total = 0;
        long records = 0;
        try (CaptureReader reader = content == null ? Captures.open(name)
            : Captures.open(name, new ByteArrayInputStream(content))) {
            int n;
            while ((n = reader.poll(sum, Integer.MAX_VALUE)) > 0) {
                records += n;
            }
        }
        if (records != capture.summary.packets()) {
            throw new IllegalStateException("read " + records + " of " + capture.summary.packets() + " packets");
        }
        counters.packets += records;
        counters.bytes += capture.summary.bytes();
        return sum.total;
    }

    /** Sums captured lengths: the least a handler can do with each record. */
    private static final class LengthSum implements PacketHandler {
        long total;

        @Override
        public void onPacket(final CaptureRecord record) {
            total += record.capturedLength();
        }
    }
}
