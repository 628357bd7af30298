package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.golden.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldDescribeTheSampleAsTheGoldenFileSays() throws IOException {
        final Run run = Run.of("info", Fixtures.fixture("captures/sample/sample.pcapng").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        Golden.assertMatches(Path.of("src/test/resources/golden/info-sample.txt"),
            run.out().replace(Fixtures.repositoryRoot().toString() + "/", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nat/inside.pcap", "nat/outside.pcap", "nat/any.pcap", "nat/both.pcapng",
        "nat/client-sll.pcap", "nat/inside-snap96.pcap", "sample/sample.pcapng"})
    void shouldAgreeWithCapinfosOnPacketsBytesAndTimeSpan(final String name) throws Exception {
        Fixtures.requireToolOrSkip("capinfos");
        final Path file = Fixtures.fixture("captures/" + name);
        final Run run = Run.of("info", "--json", file.toString());
        assertThat(run.exitCode()).isZero();
        // capinfos -T table, columns in its fixed order: name, -c packets, -d data bytes (on the wire),
        // -u duration,
        // -a earliest and -e latest packet time as epoch seconds
        final Process p = new ProcessBuilder("capinfos", "-T", "-r", "-c", "-d", "-a", "-e", "-S", "-u",
            file.toString()).redirectErrorStream(true).start();
        final String line = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        final String[] f = line.split("\t");
        assertThat(field(run.out(), "packets")).isEqualTo(f[1]);
        assertThat(field(run.out(), "bytes_wire")).isEqualTo(f[2]);
        assertThat(nanosOf(run.out(), "duration_s")).isEqualTo(epochNanos(f[3]));
        assertThat(nanosOf(run.out(), "earliest_epoch_s")).isEqualTo(epochNanos(f[4]));
        assertThat(nanosOf(run.out(), "latest_epoch_s")).isEqualTo(epochNanos(f[5]));
    }

    @Test
    void shouldCountProtocolsOfBothLegs() {
        final Run run = Run.of("info", "--json", Fixtures.fixture("captures/nat/both.pcapng").toString());
        assertThat(run.out()).contains("\"name\":\"inside0\"", "\"name\":\"outside0\"");
        final long tcp = Long.parseLong(field(run.out(), "tcp"));
        final long ipv4 = Long.parseLong(field(run.out(), "ipv4"));
        final long ipv6 = Long.parseLong(field(run.out(), "ipv6"));
        assertThat(tcp).isPositive();
        assertThat(ipv4 + ipv6).isGreaterThanOrEqualTo(tcp);
        assertThat(run.out()).contains("\"damage\":null");
    }

    @Test
    void shouldReportDamageWithOffsetAndRecordAndExitThree() throws IOException {
        final byte[] whole = Files.readAllBytes(Fixtures.fixture("captures/nat/inside.pcap"));
        final Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
        final Run run = Run.of("info", cut.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("packets:");
        assertThat(run.err()).startsWith("pcapflow: " + cut + ": byte offset ").contains(", record ")
            .contains("capture ends inside a record").doesNotContain("Exception");
        final Matcher m = Pattern.compile("packets:\\s+(\\d+)").matcher(run.out());
        assertThat(m.find()).isTrue();
        final Matcher rec = Pattern.compile("record (\\d+)").matcher(run.err());
        assertThat(rec.find()).isTrue();
        assertThat(Long.parseLong(rec.group(1))).isEqualTo(Long.parseLong(m.group(1)) + 1);
    }

    @Test
    void shouldExitOneWithOneLineForMissingOrForeignFiles() throws IOException {
        final Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a capture at all\n");
        final Run run = Run.of("info", dir.resolve("missing.pcap").toString(), text.toString(),
            Fixtures.fixture("captures/sample/sample.pcapng").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
            "pcapflow: " + dir.resolve("missing.pcap") + ": no such file",
            "pcapflow: " + text + ": not a pcap or pcapng capture (starts with 0x6e6f7420)");
        assertThat(run.out()).contains("packets:         164");
    }

    @Test
    void shouldExitTwoOnBadUsage() {
        assertThat(Run.of("info").exitCode()).isEqualTo(2);
        assertThat(Run.of("frobnicate").exitCode()).isEqualTo(2);
        assertThat(Run.of().exitCode()).isEqualTo(2);
    }

    private static String field(final String json, final String name) {
        final Matcher m = Pattern.compile("\"" + name + "\":\"?([^,\"}]*)").matcher(json);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static long nanosOf(final String json, final String name) {
        return epochNanos(field(json, name));
    }

    private static long epochNanos(final String decimal) {
        final String[] parts = decimal.split("\\.");
        final String frac = (parts.length > 1 ? parts[1] : "") + "000000000";
        return Long.parseLong(parts[0]) * 1_000_000_000L + Long.parseLong(frac.substring(0, 9));
    }
}
