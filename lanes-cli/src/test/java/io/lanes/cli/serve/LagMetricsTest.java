package io.lanes.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.ops.lag.Alert;
import io.lanes.ops.lag.CommitSource;
import io.lanes.ops.lag.GroupLag;
import io.lanes.ops.lag.LagReport;
import io.lanes.ops.lag.LagStatus;
import io.lanes.ops.lag.Member;
import io.lanes.ops.lag.PartitionLag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LagMetricsTest {

    private static final List<String> EVERY_METRIC = List.of("kafka_consumergroup_group_offset{",
            "kafka_consumergroup_group_lag{", "kafka_consumergroup_group_lag_seconds{",
            "kafka_consumergroup_group_max_lag{", "kafka_consumergroup_group_max_lag_seconds{",
            "kafka_consumergroup_group_sum_lag{", "kafka_partition_latest_offset{", "kafka_partition_earliest_offset{",
            "kafka_consumergroup_group_status{", "kafka_consumergroup_partition_status{");

    @Test
    void shouldScrapeEveryMetricWhileUpdatesReplaceTheSeries() throws InterruptedException {
        // given: a monitor thread replacing the series as fast as it can, as a short --interval would
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LagMetrics metrics = new LagMetrics(registry, "test-cluster");
        LagReport report = report();
        metrics.update(report);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread monitor = new Thread(() -> {
            while (running.get()) {
                metrics.update(report);
            }
        }, "monitor");
        monitor.start();

        try {
            for (int scrape = 0; scrape < 300; scrape++) {
                // when
                String text = metrics.read(registry::scrape);

                // then
                for (String metric : EVERY_METRIC) {
                    assertThat(text).as("scrape %d", scrape).contains(metric);
                }
            }
        } finally {
            running.set(false);
            monitor.join(10_000);
            registry.close();
        }
    }

    private static LagReport report() {
        Member member = new Member("consumer-1", "client-1", "/127.0.0.1");
        List<PartitionLag> partitions = List.of(
                new PartitionLag("orders", 0, 10, 100, 0, 90, 12.5, LagStatus.STOP, "rule", member, List.of()),
                new PartitionLag("orders", 1, 10, 100, 0, 90, 11.0, LagStatus.OK, "rule", member, List.of()));
        GroupLag group = new GroupLag("billing", "Stable", LagStatus.ERR, "rule", new Alert(Alert.Level.NONE, ""),
                180, 90, 12.5, partitions);
        return new LagReport(0, 0, CommitSource.commitLog(), List.of(group));
    }
}
