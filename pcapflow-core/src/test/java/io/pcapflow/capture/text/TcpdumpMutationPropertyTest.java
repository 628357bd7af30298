package io.pcapflow.capture.text;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.InputFormat;
import io.pcapflow.capture.NotACaptureException;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Random and mutated tcpdump lines: the parser never throws and always ends; the reader turns any
 * text into packets the decoder takes, or skipped-line counts, never an exception.
 */
class TcpdumpMutationPropertyTest {
    private static final List<String> LINES = List.of(
        "08:42:39.416243 ifb0  In  IP 192.0.2.2.57213 > 198.51.100.2.80: Flags [S], seq 2658777591, win 64240, "
            + "options [mss 1460,sackOK,TS val 1247170945 ecr 0,nop,wscale 10], length 0",
        "1795509759.416789 IP 192.0.2.2.57213 > 198.51.100.2.80: Flags [P.], seq 1:116, ack 1, win 63, "
            + "options [nop,nop,TS val 1247170945 ecr 346270750], length 115: HTTP: GET /size/1000 HTTP/1.1",
        "2026-11-24 08:42:39.416406968 IP6 2001:db8:1::2.40000 > 2001:db8:2::2.80: Flags [.], ack 1, win 502, "
            + "options [nop,nop,TS val 1 ecr 2,nop,nop,sack 2 {1:2}{5:9}], length 0",
        "09:42:20.615902 br0  (IN)  client.cport > remote.22: Flags [S], seq 442193845, ",
        "            win 29200, options [mss 1460,sackOK,TS ",
        "val 918415591 ecr 0,nop,wscale 7], length 0",
        "08:42:39.416215 ifb0  B   ARP, Request who-has 192.0.2.1 tell 192.0.2.2, length 28",
        "1333039452.497486 IP6 2001:db8:1::2 > 2001:db8:1::1: DSTOPT 36951 > 80: Flags [S], seq 1, win 8192, length 0",
        "[Error converting time] IP 127.0.0.1.3306 > 127.0.0.1.40304: Flags [S.], seq 1, ack 2, win 1, length 0",
        "\t0x0000:  4500 0034 0000 4000 4006 b6c4 c000 0202",
        "1.2 IP 1.2.3.4.5 > 6.7.8.9.10: Flags [R], seq 0, win 0, urg 3, options [unknown-30 0x1234,eol], length 9",
        "");

    @Property(tries = 3000)
    void parserNeverThrows(@ForAll("mutatedLines") final byte[] line) {
        final TcpdumpRecord record = new TcpdumpRecord();
        final TcpdumpParser.Result result = new TcpdumpParser().parse(line, 0, line.length, record);
        assertThat(result).isNotNull();
        if (result == TcpdumpParser.Result.RECORD) {
            assertThat(record.optionLength()).isBetween(0, TcpdumpRecord.MAX_OPTION_BYTES);
            assertThat(record.length()).isNotNegative();
        }
    }

    @Property(tries = 300)
    void readerNeverThrows(@ForAll("texts") final byte[] text) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            final PacketDecoder decoder = new PacketDecoder();
            final PacketView view = new PacketView();
            final long[] packets = {0};
            // random bytes that begin like gzip are read as gzip'd text: a broken stream is refused
            // in one line or ends in a read error, the right answers, not reader failures
            final boolean gzip = text.length >= 2 && (text[0] & 0xFF) == 0x1F && (text[1] & 0xFF) == 0x8B;
            final CaptureReader opened;
            try {
                opened = Captures.open("mutated", new ByteArrayInputStream(text), InputFormat.TCPDUMP,
                    TcpdumpTextOptions.DEFAULTS.withMaxConnections(8));
            } catch (NotACaptureException e) {
                assertThat(gzip).as(e.getMessage()).isTrue();
                return;
            }
            try (CaptureReader reader = opened) {
                while (reader.poll(r -> {
                    decoder.decode(r, view);
                    assertThat(view.hasTcp()).isTrue();
                    packets[0]++;
                }, 5) > 0) {
                    assertThat(packets[0]).isLessThanOrEqualTo(text.length);
                }
                if (!gzip) {
                    assertThat(reader.damage()).isNull();
                }
            } catch (java.io.IOException e) {
                assertThat(gzip).as(e.getMessage()).isTrue();
            }
        });
    }

    @Provide
    Arbitrary<byte[]> mutatedLines() {
        final Arbitrary<byte[]> base = Arbitraries.of(LINES).map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        final Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(random, base.flatMap(TcpdumpMutationPropertyTest::mutate));
    }

    @Provide
    Arbitrary<byte[]> texts() {
        return mutatedLines().list().ofMaxSize(40).map(lines -> {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (final byte[] l : lines) {
                out.writeBytes(l);
                out.write('\n');
            }
            return out.toByteArray();
        });
    }

    private static Arbitrary<byte[]> mutate(final byte[] line) {
        if (line.length == 0) {
            return Arbitraries.just(line);
        }
        final Arbitrary<Integer> at = Arbitraries.integers().between(0, line.length - 1);
        final Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.bytes(),
            Arbitraries.of((byte) ' ', (byte) ',', (byte) ':', (byte) '[', (byte) ']', (byte) '.', (byte) '9',
                (byte) '{', (byte) '}', (byte) '\n'));
        return Arbitraries.oneOf(
            Arbitraries.just(line),
            Combinators.combine(at, value).as((i, v) -> {
                final byte[] copy = line.clone();
                copy[i] = v;
                return copy;
            }),
            at.map(i -> java.util.Arrays.copyOf(line, i)),
            Combinators.combine(at, at).as((i, j) -> {
                final byte[] copy = new byte[line.length - Math.abs(i - j)];
                System.arraycopy(line, 0, copy, 0, Math.min(i, j));
                System.arraycopy(line, Math.max(i, j), copy, Math.min(i, j), line.length - Math.max(i, j));
                return copy;
            }),
            Combinators.combine(at, Arbitraries.strings().withChars("0123456789 .:,[]{}>SFRP").ofMaxLength(30))
                .as((i, s) -> {
                    final byte[] insert = s.getBytes(StandardCharsets.ISO_8859_1);
                    final byte[] copy = new byte[line.length + insert.length];
                    System.arraycopy(line, 0, copy, 0, i);
                    System.arraycopy(insert, 0, copy, i, insert.length);
                    System.arraycopy(line, i, copy, i + insert.length, line.length - i);
                    return copy;
                }));
    }

    @Property(tries = 300)
    void aLineCutBeforeItsLengthIsNeverARecord(@ForAll("prefixes") final byte[] prefix) {
        final String text = new String(prefix, StandardCharsets.ISO_8859_1);
        final int flags = text.indexOf("Flags [");
        final boolean hasLength = flags >= 0 && text.substring(flags).matches("(?s).*length [0-9].*");
        final TcpdumpParser.Result result = new TcpdumpParser().parse(prefix, 0, prefix.length, new TcpdumpRecord());
        if (!hasLength) {
            assertThat(result).isNotEqualTo(TcpdumpParser.Result.RECORD);
        }
    }

    @Provide
    Arbitrary<byte[]> prefixes() {
        return Arbitraries.of(LINES).filter(s -> !s.isEmpty()).flatMap(s -> Arbitraries.integers()
            .between(0, s.length()).map(n -> s.substring(0, n).getBytes(StandardCharsets.ISO_8859_1)));
    }
}
