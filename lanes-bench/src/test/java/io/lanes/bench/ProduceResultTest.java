package io.lanes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProduceResultTest {

    @Test
    void shouldParseTheSummaryLineAndIgnoreProgressLines() {
        // given
        String output = String.join("\n",
                "32121 records sent, 6415.2 records/sec (6.26 MB/sec), 1489.9 ms avg latency, 2707.0 ms max latency.",
                "200000 records sent, 17568.5 records/sec (17.16 MB/sec), 1416.00 ms avg latency, 2707.00 ms max latency,"
                        + " 1321 ms 50th, 2465 ms 95th, 2619 ms 99th, 2700 ms 99.9th.",
                "");

        // when
        ProduceResult result = ProduceResult.parse(output).orElseThrow();

        // then
        assertThat(result.records()).isEqualTo(200000);
        assertThat(result.recordsPerSecond()).isEqualTo(17568.5);
        assertThat(result.mibPerSecond()).isEqualTo(17.16);
        assertThat(result.avgLatencyMs()).isEqualTo(1416.0);
        assertThat(result.maxLatencyMs()).isEqualTo(2707.0);
        assertThat(result.p50Ms()).isEqualTo(1321);
        assertThat(result.p95Ms()).isEqualTo(2465);
        assertThat(result.p99Ms()).isEqualTo(2619);
        assertThat(result.p999Ms()).isEqualTo(2700);
    }

    @Test
    void shouldFindNothingWhenOnlyProgressLinesWerePrinted() {
        // given
        String output = "32121 records sent, 6415.2 records/sec (6.26 MB/sec), 1489.9 ms avg latency, 2707.0 ms max latency.\n";

        // when / then
        assertThat(ProduceResult.parse(output)).isEmpty();
    }

    @Test
    void shouldTakeTheLastSummaryWhenSeveralArePresent() {
        // given
        String line = "%d records sent, 1.0 records/sec (0.00 MB/sec), 1.00 ms avg latency, 2.00 ms max latency,"
                + " 1 ms 50th, 1 ms 95th, 2 ms 99th, 2 ms 99.9th.\n";
        String output = String.format(line, 10) + "[2026-01-01] WARN something (org.example)\n" + String.format(line, 20);

        // when / then
        assertThat(ProduceResult.parse(output).orElseThrow().records()).isEqualTo(20);
    }
}
