package io.lanes.cli.demo;

import io.lanes.cli.demo.StageStream.StageRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StageStreamTest {
    private static final StageSettings SETTINGS = new StageSettings("t", 10_000, 0.02, Duration.ofMillis(5), 200,
            Duration.ofSeconds(3), 5, 500);

    @Test
    void shouldMixInTheMalformedEventsAndMarkEveryNthGoodEventWhenGenerated() {
        // when
        StageStream stream = StageStream.generate(SETTINGS, 7);

        // then
        assertThat(stream.records()).hasSize(10_005);
        assertThat(stream.good()).isEqualTo(10_000);
        assertThat(stream.records().stream().filter(StageRecord::malformed)).hasSize(5);
        assertThat(stream.records().stream().filter(StageRecord::failsOnce)).hasSize(20)
                .allSatisfy(r -> assertThat(r.malformed()).isFalse());
    }

    @Test
    void shouldKeepEachOrdersEventsInSequenceWhenMalformedEventsAreMixedIn() {
        // given
        StageStream stream = StageStream.generate(SETTINGS, 7);
        Map<Integer, Integer> next = new HashMap<>();

        // when / then
        for (StageRecord record : stream.records()) {
            if (!record.malformed()) {
                assertThat(record.seq()).isEqualTo(next.getOrDefault(record.orderId(), 0));
                next.put(record.orderId(), record.seq() + 1);
            }
        }
    }
}
