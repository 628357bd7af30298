package io.pcapflow.hostile;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.NotACaptureException;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of damaged variants of real captures (bit flips, overwritten length fields, cuts,
 * spliced garbage), each read and decoded to the end: every one must end with records and at most
 * a located damage, or with a one-line {@link NotACaptureException} — never another exception, a
 * hang, or more records than bytes allow. Seeds are fixed, so a failure reproduces.
 */
class MutatedCaptureTest {
    private static final int VARIANTS = 1500;

    @ParameterizedTest
    @ValueSource(strings = {"captures/nat/inside.pcap", "captures/nat/outside.pcap", "captures/nat/any.pcap",
        "captures/nat/both.pcapng", "captures/nat/client-sll.pcap", "captures/nat/inside-snap96.pcap"})
    void shouldSurviveDamagedVariantsOfEveryFixture(final String fixture) throws IOException {
        final byte[] original = head(Files.readAllBytes(Fixtures.fixture(fixture)), 48 * 1024);
        final SplittableRandom random = new SplittableRandom(fixture.hashCode());
        int refused = 0;
        int damaged = 0;
        for (int v = 0; v < VARIANTS; v++) {
            final byte[] mutated = mutate(original, random);
            final Outcome o = readAndDecode(mutated, "variant " + v + " of " + fixture);
            refused += o.refused ? 1 : 0;
            damaged += o.damaged ? 1 : 0;
            // a record needs at least 12 bytes of framing: a reader must never invent records
            assertThat(o.records).isLessThanOrEqualTo(mutated.length / 12);
        }
        assertThat(refused + damaged).as("the mutations must actually hurt").isGreaterThan(VARIANTS / 10);
    }

    private static byte[] head(final byte[] bytes, final int n) {
        return bytes.length <= n ? bytes : Arrays.copyOf(bytes, n);
    }

    private static byte[] mutate(final byte[] original, final SplittableRandom random) {
        byte[] b = original.clone();
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(5)) {
                case 0: // flip bits anywhere
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1: // overwrite four bytes with an extreme value, as a corrupt length field would be
                    final int at = random.nextInt(Math.max(1, b.length - 4));
                    final int value = random.nextBoolean() ? 0xFFFFFFF0 : random.nextInt();
                    for (int k = 0; k < 4 && at + k < b.length; k++) {
                        b[at + k] = (byte) (value >>> (8 * k));
                    }
                    break;
                case 2: // cut
                    b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                    if (b.length == 0) {
                        return b;
                    }
                    break;
                case 3: // zero a run (lengths of 0 are their own trap)
                    final int from = random.nextInt(b.length);
                    Arrays.fill(b, from, Math.min(b.length, from + 1 + random.nextInt(64)), (byte) 0);
                    break;
                default: // splice random garbage into the middle
                    final int pos = random.nextInt(b.length);
                    final byte[] garbage = new byte[1 + random.nextInt(32)];
                    random.nextBytes(garbage);
                    final byte[] spliced = new byte[b.length + garbage.length];
                    System.arraycopy(b, 0, spliced, 0, pos);
                    System.arraycopy(garbage, 0, spliced, pos, garbage.length);
                    System.arraycopy(b, pos, spliced, pos + garbage.length, b.length - pos);
                    b = spliced;
            }
        }
        return b;
    }

    private record Outcome(long records, boolean refused, boolean damaged) {
    }

    private static Outcome readAndDecode(final byte[] bytes, final String what) throws IOException {
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        final CaptureReader reader;
        try {
            reader = Captures.open(what, new ByteArrayInputStream(bytes));
        } catch (NotACaptureException e) {
            assertThat(e.getMessage()).startsWith(what + ":").doesNotContain("\n");
            return new Outcome(0, true, false);
        }
        try (reader) {
            int guard = 0;
            while (reader.poll(r -> decoder.decode(r, view), 1024) > 0) {
                assertThat(++guard).as("reader makes progress on %s", what).isLessThan(10_000);
            }
            if (reader.damage() != null) {
                assertThat(reader.damage().byteOffset()).isBetween(0L, (long) bytes.length);
                assertThat(reader.damage().record()).isEqualTo(reader.records() + 1);
            }
            return new Outcome(reader.records(), false, reader.damage() != null);
        }
    }
}
