package io.pcapflow.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/** The committed runs under fixtures/captures/middlebox/ agree with tshark's view of their captures. */
class LabFixtureTest {

    @ParameterizedTest
    @ValueSource(strings = {"nat-drop", "proxy", "reuse", "idle"})
    void committedRunIsConsistentWithItsCaptures(String scenario) {
        GroundTruth t = GroundTruth.fixture(scenario);

        assertThat(t.scenario()).isEqualTo(scenario);
        LabChecks.assertConsistent(t);
    }

    @Test
    void everyScenarioHasACommittedRun() {
        for (String s : GroundTruth.SCENARIOS) {
            assertThat(GroundTruth.fixture(s).ok()).as(s).isTrue();
        }
    }

    @Test
    void groundTruthAccessorsReadTheFixture() {
        GroundTruth t = GroundTruth.fixture("nat-drop");
        GroundTruth.Request d01 = t.request("d01");

        assertThat(t.topology()).isEqualTo("nat");
        assertThat(d01.path()).isEqualTo("/d01/size/300000");
        assertThat(d01.family()).isEqualTo("ipv4");
        assertThat(d01.clientAddress()).isEqualTo("192.0.2.2");
        assertThat(d01.outsideAddress()).contains("198.51.100.1");
        assertThat(d01.outsideSynPorts()).containsExactly(d01.outsidePort());
        assertThat(d01.clientBytesReceived()).isEqualTo((Long) d01.get("client_bytes_received"))
            .isGreaterThan(300000);
        assertThat(t.droppedPackets("ipv4", "s2c") + t.droppedPackets("ipv4", "c2s")
            + t.droppedPackets("ipv6", "s2c") + t.droppedPackets("ipv6", "c2s")).isEqualTo(t.droppedPackets());
        assertThat(t.idleSeconds()).isEmpty();
        assertThat(GroundTruth.fixture("idle").idleSeconds()).isPresent();
        assertThatThrownBy(() -> t.request("nope")).hasMessageContaining("no request nope");
    }

    @Test
    void labSkipsOutsideCiAndFailsInCi() {
        assertThatThrownBy(() -> Lab.requireOrSkip(Optional.of("needs root"), Map.of()))
            .isInstanceOf(TestAbortedException.class).hasMessageContaining("needs root");
        assertThatThrownBy(() -> Lab.requireOrSkip(Optional.of("needs root"), Map.of("CI", "true")))
            .isInstanceOf(AssertionError.class).hasMessageContaining("CI=true").hasMessageContaining("needs root");
        Lab.requireOrSkip(Optional.empty(), Map.of("CI", "true"));
    }
}
