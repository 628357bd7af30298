package io.pcapflow.capture.text;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.InputFormat;
import io.pcapflow.testkit.alloc.AllocationMeter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading tcpdump text allocates nothing per line once running: no strings, no boxed numbers, no records. */
class TcpdumpAllocationTest {
    private static final int CONNECTIONS = 500;
    private static final int LINES = 200_000;

    @Test
    void steadyStateReadingAllocatesNothingPerLine() throws IOException {
        Assumptions.assumeTrue(AllocationMeter.supported());
        final byte[] text = text();
        final long[] packets = {0};
        try (CaptureReader reader = Captures.open("alloc", new ByteArrayInputStream(text), InputFormat.TCPDUMP,
            TcpdumpTextOptions.DEFAULTS)) {
            // warm-up: interfaces, names and connection entries are created here, once
            reader.poll(r -> packets[0]++, 3 * CONNECTIONS);
            final AllocationMeter meter = AllocationMeter.start();
            while (reader.poll(r -> packets[0]++, 4096) > 0) {
                // all of it
            }
            final long perLine = meter.bytesSinceStart() / LINES;
            assertThat(packets[0]).isEqualTo(LINES);
            assertThat(perLine).as("bytes allocated per line").isLessThanOrEqualTo(1);
        }
    }

    /** Relative numbering as tcpdump prints it, two interfaces, names and numbers, IPv4 and IPv6. */
    private static byte[] text() {
        final StringBuilder sb = new StringBuilder(LINES * 160);
        for (int i = 0; i < LINES; i++) {
            final int c = i % CONNECTIONS;
            final int round = i / CONNECTIONS;
            final long micros = 1_000_000L * 3600 + i * 17L;
            sb.append(String.format("%02d:%02d:%02d.%06d ", micros / 3_600_000_000L, micros / 60_000_000 % 60,
                micros / 1_000_000 % 60, micros % 1_000_000));
            sb.append(c % 2 == 0 ? "eth0  In  " : "eth1  Out ");
            final String src = c % 3 == 0 ? "IP6 2001:db8::" + Integer.toHexString(c + 1) + "." + (40_000 + c)
                : c % 3 == 1 ? "IP 192.0.2." + (c % 250 + 1) + "." + (40_000 + c) : "IP host" + c + ".cport";
            final String dst = c % 3 == 0 ? "2001:db8::ffff.80" : c % 3 == 1 ? "198.51.100.7.80" : "server.http";
            sb.append(src).append(" > ").append(dst).append(": ");
            if (round == 0) {
                sb.append("Flags [S.], seq 12345").append(c).append(", ack 99999").append(c)
                    .append(", win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0\n");
            } else {
                sb.append("Flags [P.], seq ").append(round * 100).append(':').append(round * 100 + 100)
                    .append(", ack 1, win 501, options [nop,nop,TS val ").append(round).append(" ecr ")
                    .append(round).append(",nop,nop,sack 1 {1:2}], length 100: HTTP\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
