package io.lanes.broker.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyTest {

    @Test
    void shouldReportKafkaPercentilesWithinThreePercentWhenLatenciesAreRecorded() {
        // given
        Latency latency = new Latencies().millis("x.ms", "x");
        long now = System.nanoTime();

        // when: 1 ms .. 1000 ms, one each
        for (int ms = 1; ms <= 1000; ms++) {
            latency.record(ms * 1_000_000L, now);
        }

        // then
        Latency.Snapshot snapshot = latency.snapshot();
        assertThat(snapshot.count()).isEqualTo(1000);
        assertThat(snapshot.sum()).isCloseTo(500_500, within(0.001));
        assertThat(snapshot.max()).isEqualTo(1000);
        assertThat(snapshot.percentile(0.5)).isCloseTo(500, within(15.0));
        assertThat(snapshot.percentile(0.99)).isCloseTo(990, within(30.0));
        assertThat(snapshot.percentile(0.999)).isCloseTo(999, within(30.0));
    }

    @Test
    void shouldCountEveryValueExactlyWhenValuesAreSmall() {
        // given
        Latency sizes = new Latencies().sizes("records", "records per fsync");

        // when
        for (int i = 0; i < 10; i++) {
            sizes.record(i < 9 ? 3 : 17);
        }

        // then
        Latency.Snapshot snapshot = sizes.snapshot();
        assertThat(snapshot.percentile(0.5)).isEqualTo(3);
        assertThat(snapshot.percentile(0.95)).isEqualTo(17);
        assertThat(snapshot.sum()).isEqualTo(9 * 3 + 17);
    }

    @Test
    void shouldKeepHistogramIndexesOrderedAndBoundedWhenValuesSpanEveryMagnitude() {
        // given / when / then: every bucket's lowest value maps back to it, indexes grow with values
        int previous = -1;
        for (long v = 0; v < (1L << 44); v = v < 64 ? v + 1 : v + v / 7) {
            int index = LogHistogram.index(v);
            assertThat(index).isBetween(previous, LogHistogram.BUCKETS - 1);
            assertThat(LogHistogram.lowest(index)).isLessThanOrEqualTo(v);
            previous = index;
        }
        assertThat(LogHistogram.index(Long.MAX_VALUE)).isEqualTo(LogHistogram.BUCKETS - 1);
        assertThat(LogHistogram.index(-5)).isZero();
    }

    @Test
    void shouldExportSummaryCountSumAndMaxWhenScrapedThroughPrometheusRegistry() {
        // given
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Latencies latencies = new Latencies();
        registry.getPrometheusRegistry().register(latencies);
        Latency produce = latencies.millis("kafka.network.requestmetrics.totaltimems", "Total time, ms",
                "request", "Produce");

        // when
        produce.record(2_000_000);
        produce.record(4_000_000);
        String text = registry.scrape();

        // then
        assertThat(text).contains("# TYPE kafka_network_requestmetrics_totaltimems summary")
                .contains("kafka_network_requestmetrics_totaltimems_count{request=\"Produce\"} 2")
                .contains("kafka_network_requestmetrics_totaltimems_sum{request=\"Produce\"} 6.0")
                .contains("kafka_network_requestmetrics_totaltimems_max{request=\"Produce\"} 4.0")
                .containsPattern("kafka_network_requestmetrics_totaltimems\\{request=\"Produce\",quantile=\"0.99\"} 4\\.0\\d*");
        assertThat(latencies.find("kafka.network.requestmetrics.totaltimems", "request", "Produce")).isSameAs(produce);
    }
}
