package io.lanes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void shouldReportMediansAndLanesToKafkaRatios() {
        // given
        Results results = new Results();
        Metric produce = Metric.produceMibps("none");
        for (double v : new double[] {70, 80, 75}) {
            results.add(BrokerKind.KAFKA, produce, v);
        }
        for (double v : new double[] {90, 60}) {
            results.add(BrokerKind.LANES_PAGE_CACHE, produce, v);
        }

        // when
        String table = new Report(results, List.of(BrokerKind.LANES_PAGE_CACHE, BrokerKind.KAFKA)).table();

        // then: Kafka median 75, Lanes median 75 (even count: mean of the middle two), ratio 1.00
        assertThat(table.lines().toList()).hasSize(3);
        assertThat(table.lines().toList().get(0)).startsWith("metric (median)").contains("Kafka | Lanes page-cache | page-cache / Kafka");
        assertThat(table.lines().toList().get(2)).contains("produce MiB/s (none)").contains("75.0 |").endsWith("1.00");
    }

    @Test
    void shouldMarkGoalsMetOrMissed() {
        // given
        Results results = new Results();
        results.add(BrokerKind.KAFKA, Metric.IDLE_RSS_MIB, 400);
        results.add(BrokerKind.LANES_FSYNC, Metric.IDLE_RSS_MIB, 80);
        results.add(BrokerKind.LANES_FSYNC, Metric.STARTUP_MS, 1500);

        // when
        String goals = new Report(results, List.of(BrokerKind.KAFKA, BrokerKind.LANES_FSYNC)).goals();

        // then
        assertThat(goals).containsPattern("MET +idle RSS MiB, Lanes fsync / Kafka +0\\.20");
        assertThat(goals).containsPattern("MISS +startup ms .*Lanes fsync +1500 ms");
    }

    @Test
    void shouldShowNotAvailableWhenABrokerHasNoSample() {
        // given
        Results results = new Results();
        results.declare(Metric.CONSUME_MIBPS);
        results.add(BrokerKind.KAFKA, Metric.CONSUME_MIBPS, 200);

        // when
        String table = new Report(results, List.of(BrokerKind.KAFKA, BrokerKind.LANES_PAGE_CACHE)).table();

        // then
        assertThat(table).contains("n/a");
    }

    @Test
    void shouldAlternateBrokerOrderBetweenRounds() {
        List<BrokerKind> brokers = List.of(BrokerKind.KAFKA, BrokerKind.LANES_PAGE_CACHE, BrokerKind.LANES_FSYNC);
        assertThat(SideBySide.order(brokers, 1)).containsExactly(BrokerKind.KAFKA, BrokerKind.LANES_PAGE_CACHE, BrokerKind.LANES_FSYNC);
        assertThat(SideBySide.order(brokers, 2)).containsExactly(BrokerKind.LANES_FSYNC, BrokerKind.LANES_PAGE_CACHE, BrokerKind.KAFKA);
    }
}
