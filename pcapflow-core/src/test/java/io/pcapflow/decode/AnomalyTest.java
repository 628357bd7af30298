package io.pcapflow.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyTest {
    @Test
    void shouldHaveUniqueIdsAndSnakeCaseLabels() {
        assertThat(Arrays.stream(Anomaly.values()).map(Anomaly::id).distinct().count())
            .isEqualTo(Anomaly.values().length);
        for (final Anomaly a : Anomaly.values()) {
            assertThat(a.label()).matches("[a-z0-9]+(_[a-z0-9]+)*");
            assertThat(Anomaly.byId(a.id())).isSameAs(a);
            assertThat(a.description()).isNotBlank();
        }
        assertThat(Anomaly.byId(0)).isNull();
        assertThat(Anomaly.byId(Anomaly.MAX_ID + 1)).isNull();
    }

    @Test
    void shouldKeepPublishedIds() {
        assertThat(Anomaly.TRUNCATED_LINK_HEADER.id()).isEqualTo(1);
        assertThat(Anomaly.IP_TOTAL_LENGTH_EXCEEDS_FRAME.id()).isEqualTo(8);
        assertThat(Anomaly.TRUNCATED_TCP_HEADER.id()).isEqualTo(11);
        assertThat(Anomaly.FRAGMENT_REASSEMBLY_OVERFLOW.id()).isEqualTo(16);
        assertThat(Anomaly.TCP_WINDOW_SCALE_ABOVE_14.label()).isEqualTo("tcp_window_scale_above_14");
    }

    @Test
    void shouldCountAndIterateNonZero() {
        final AnomalyCounters counters = new AnomalyCounters();
        counters.increment(Anomaly.BAD_IP_VERSION);
        counters.increment(Anomaly.BAD_IP_VERSION);
        counters.increment(Anomaly.TRUNCATED_UDP_HEADER);
        assertThat(counters.get(Anomaly.BAD_IP_VERSION)).isEqualTo(2);
        assertThat(counters.total()).isEqualTo(3);
        final List<String> seen = new ArrayList<>();
        counters.forEachNonZero((a, n) -> seen.add(a.label() + "=" + n));
        assertThat(seen).containsExactly("bad_ip_version=2", "truncated_udp_header=1");
        assertThat(counters.nextNonZero(0)).isEqualTo(Anomaly.BAD_IP_VERSION.id());
        counters.reset();
        assertThat(counters.nextNonZero(0)).isEqualTo(-1);
    }
}
