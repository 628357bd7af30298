package io.pcapflow.bench;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes every packet of a generated in-memory capture with {@link PacketDecoder},
 * summing the TCP ports, against the naive lower bound: a loop over a plain {@code byte[]} that
 * reads the pcap record header and the TCP ports at fixed offsets through
 * {@link MethodHandles#byteArrayViewVarHandle} (no checks, no options, no fragments; correct only
 * for the generator's output). Both must give the same sum, which {@link #setUp} checks. One
 * operation is one whole file; {@code packets} and {@code bytes} give the rates.
 *
 * <p>Run: {@code java -jar pcapflow-benchmarks/target/pcapflow-benchmarks.jar DecodeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dpcapflow.boundsCheck=false"})
public class DecodeBenchmark {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
        ByteOrder.BIG_ENDIAN);
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    /** Size of the generated capture in MiB. */
    @Param({"50"})
    public int sizeMb;

    /** {@code file}: the file through the file reader; {@code stream}: a heap array streamed. */
    @Param({"file", "stream"})
    public String input;

    private GeneratedCapture capture;
    private byte[] content;
    private final PortSum ports = new PortSum();

    /** Creates the benchmark state, for JMH. */
    public DecodeBenchmark() {
    }

    /**
     * Generates the capture, loads it, and checks that decoder and baseline agree.
     *
     * @throws IOException when the temporary file cannot be written or read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        capture = GeneratedCapture.create(sizeMb, 1L);
        content = Files.readAllBytes(capture.path);
        final long decoded = decodeAll(new PacketCounters());
        final long naive = baseline(new PacketCounters());
        if (decoded != naive) {
            throw new IllegalStateException("decoder port sum " + decoded + " != baseline " + naive);
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
     * Reads and decodes the whole capture.
     *
     * @param counters packets and bytes handled, for the rates
     * @return the sum of TCP source and destination ports
     * @throws IOException when reading fails
     */
    @Benchmark
    public long decodeAll(final PacketCounters counters) throws IOException {
        final String name = capture.path.toString();
        ports.sum = 0;
        long records = 0;
        try (CaptureReader reader = "stream".equals(input)
            ? Captures.open(name, new ByteArrayInputStream(content)) : Captures.open(name)) {
            int n;
            while ((n = reader.poll(ports, Integer.MAX_VALUE)) > 0) {
                records += n;
            }
        }
        counters.packets += records;
        counters.bytes += content.length;
        return ports.sum;
    }

    /**
     * The naive lower bound: record headers and TCP ports at fixed offsets in a {@code byte[]}.
     *
     * @param counters packets and bytes handled, for the rates
     * @return the sum of TCP source and destination ports
     */
    @Benchmark
    public long baseline(final PacketCounters counters) {
        final byte[] b = content;
        final int end = b.length;
        long sum = 0;
        long records = 0;
        int pos = FILE_HEADER;
        while (pos + RECORD_HEADER <= end) {
            final int frame = pos + RECORD_HEADER;
            pos = frame + (int) LE_INT.get(b, pos + 8);
            if (pos > end) {
                break;
            }
            records++;
            int l3 = frame + 14;
            int type = u16(b, frame + 12);
            if (type == 0x8100) {
                type = u16(b, frame + 16);
                l3 += 4;
            }
            if (type == 0x0800 && b[l3 + 9] == 6) {
                sum += u16(b, l3 + 20) + u16(b, l3 + 22);
            } else if (type == 0x86DD && b[l3 + 6] == 6) {
                sum += u16(b, l3 + 40) + u16(b, l3 + 42);
            }
        }
        counters.packets += records;
        counters.bytes += end;
        return sum;
    }

    private static int u16(final byte[] b, final int index) {
        return ((short) BE_SHORT.get(b, index)) & 0xFFFF;
    }

    /** Decodes each record into one reused view and sums the TCP ports. */
    private static final class PortSum implements PacketHandler {
        private final PacketDecoder decoder = new PacketDecoder();
        private final PacketView view = new PacketView();
        long sum;

        @Override
        public void onPacket(final CaptureRecord record) {
            if (decoder.decode(record, view) && view.hasTcp()) {
                sum += view.sourcePort() + view.destinationPort();
            }
        }
    }
}
