package io.lanes.ops.groups;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionSelectionTest {

    @Test
    void shouldNameWholeTopicsAndListedPartitionsWhenParsingTopicArguments() {
        // given
        List<String> args = List.of("orders", "payments:2,0", "payments:1");

        // when
        PartitionSelection selection = PartitionSelection.parse(args);

        // then
        assertThat(selection.partitions()).isEqualTo(Map.of("orders", List.of(), "payments", List.of(0, 1, 2)));
    }

    @Test
    void shouldKeepTheWholeTopicWhenNamedBothWholeAndByPartition() {
        // given / when
        PartitionSelection selection = PartitionSelection.parse(List.of("orders:1", "orders"));

        // then
        assertThat(selection.partitions()).isEqualTo(Map.of("orders", List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {":0", "orders:", "orders:x", "orders:1,", "orders:-1", "orders:0:1"})
    void shouldRefuseWhenTheArgumentIsMalformed(String arg) {
        // given / when / then
        assertThatThrownBy(() -> PartitionSelection.parse(List.of(arg)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(arg);
    }
}
