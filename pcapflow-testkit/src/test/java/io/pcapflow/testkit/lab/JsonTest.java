package io.pcapflow.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void shouldParseEveryKindOfValue() {
        Map<String, Object> m = Json.parseObject(
            " {\"a\": 1, \"b\": -2.5e1, \"c\": \"x\\\"\\u00e9\\n\", \"d\": [true, false, null], \"e\": {}} ");

        assertThat(m).containsEntry("a", 1L).containsEntry("b", -25.0).containsEntry("c", "x\"\u00e9\n");
        assertThat(m.get("d")).isEqualTo(Arrays.asList(true, false, null));
        assertThat((Map<?, ?>) m.get("e")).isEmpty();
        assertThat(Json.parse("[]")).isEqualTo(List.of());
        assertThat(Json.parse("4294967295")).isEqualTo(4294967295L);
    }

    @Test
    void shouldRefuseMalformedInputWithTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("offset 5");
        assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("end");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("not a JSON object");
    }
}
