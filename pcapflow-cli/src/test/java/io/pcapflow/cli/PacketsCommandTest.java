package io.pcapflow.cli;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.golden.Golden;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacketsCommandTest {
    private static final String SAMPLE = Fixtures.fixture("captures/sample/sample.pcapng").toString();

    @Test
    void shouldPrintTheSampleAsTheGoldenFileSays() {
        final Run run = Run.of("packets", SAMPLE);
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        Golden.assertMatches(Path.of("src/test/resources/golden/packets-sample.txt"), run.out());
    }

    @Test
    void shouldSelectByHostPortAndProtocolAndStopAtTheLimit() {
        final List<String> v6 = Run.of("packets", "--host", "2001:db8:2::2", SAMPLE).out().lines().toList();
        assertThat(v6).isNotEmpty().allSatisfy(l -> assertThat(l).contains("2001:db8:2::2."));
        final List<String> port81 = Run.of("packets", "--port", "81", SAMPLE).out().lines().toList();
        assertThat(port81).isNotEmpty().allSatisfy(l -> assertThat(l).containsPattern("\\.81[: ]"));
        assertThat(port81).anySatisfy(l -> assertThat(l).contains("[R."));
        assertThat(Run.of("packets", "--limit", "3", SAMPLE).out().lines()).hasSize(3);
        assertThat(Run.of("packets", "--tcp-only", "--limit", "500", Fixtures.fixture("captures/nat/any.pcap")
            .toString()).out().lines()).allSatisfy(l -> assertThat(l).contains(" TCP "));
    }

    @Test
    void shouldRefuseAHostThatIsNoAddress() {
        final Run run = Run.of("packets", "--host", "example.org", SAMPLE);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--host example.org: not an IPv4 or IPv6 address");
    }

    @Test
    void shouldShowInterfaceAndDirectionOfCookedCaptures() {
        final List<String> lines = Run.of("packets", "--tcp-only", "--limit", "4",
            Fixtures.fixture("captures/nat/any.pcap").toString()).out().lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l.split(" ")[2]).matches("if[23]"));
        assertThat(lines).anySatisfy(l -> assertThat(l.split(" ")[3]).isEqualTo("In"));
        assertThat(lines).anySatisfy(l -> assertThat(l.split(" ")[3]).isEqualTo("Out"));
    }

    @Test
    void shouldEndQuietlyWhenTheReaderGoesAway() {
        final OutputStream closed = new OutputStream() {
            @Override
            public void write(final int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        final Run run = Run.into(closed, "packets", Fixtures.fixture("captures/nat/any.pcap").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
    }
}
