package io.lanes.ops.skew;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class SkewAnalyzerTest {
    private final SkewAnalyzer analyzer = new SkewAnalyzer(SkewThresholds.DEFAULTS);

    @Test
    void shouldCallAPartitionHotAndNameItsKeyWhenOneKeyCarriesMostRecords() {
        // given: partition 0 holds hot-key (600 records) and 100 others; partitions 1 and 2 hold 100 keys each
        List<PartitionSample> samples = List.of(
                sample(0, records("hot-key", 600, 10), uniform("a", 100, 10)),
                sample(1, uniform("b", 100, 10)),
                sample(2, uniform("c", 100, 10)));

        // when
        SkewReport report = analyzer.analyze("t", SampleFrom.END, samples);

        // then
        assertThat(report.verdict()).isEqualTo(SkewVerdict.HOT_PARTITION);
        assertThat(report.busiestPartition()).isZero();
        assertThat(report.maxMeanRecords()).isCloseTo(700.0 / 300, offset(1e-9));
        assertThat(report.hotKeys()).extracting(KeyShare::key).containsExactly("hot-key");
        assertThat(report.topKeys().get(0).recordShare()).isCloseTo(600.0 / 900, offset(1e-9));
        assertThat(report.topKeys().get(0).partition()).isZero();
        assertThat(report.reason()).contains("partition 0 carries 2.33x", "hot partition: >= 1.50x", "skewed: >= 1.20x");
        assertThat(report.options()).anyMatch(o -> o.startsWith("composite key"))
                .anyMatch(o -> o.startsWith("salted key") && o.contains("breaks per-key order"));
    }

    @Test
    void shouldCallItBalancedWhenKeysAreUniform() {
        // given
        List<PartitionSample> samples = List.of(sample(0, uniform("a", 300, 10)), sample(1, uniform("b", 310, 10)),
                sample(2, uniform("c", 290, 10)));

        // when
        SkewReport report = analyzer.analyze("t", SampleFrom.END, samples);

        // then
        assertThat(report.verdict()).isEqualTo(SkewVerdict.BALANCED);
        assertThat(report.hotKeys()).isEmpty();
        assertThat(report.options()).isEmpty();
        assertThat(report.distinctKeys()).isEqualTo(900);
    }

    @Test
    void shouldCallItSkewedWhenTheBusiestPartitionIsBetweenTheThresholds() {
        // given: 130 / 100 / 70 records: max/mean = 1.3
        List<PartitionSample> samples = List.of(sample(0, uniform("a", 130, 10)), sample(1, uniform("b", 100, 10)),
                sample(2, uniform("c", 70, 10)));

        // when
        SkewReport report = analyzer.analyze("t", SampleFrom.END, samples);

        // then
        assertThat(report.verdict()).isEqualTo(SkewVerdict.SKEWED);
        assertThat(report.options()).singleElement().asString().contains("only 300 distinct keys");
    }

    @Test
    void shouldWeighKeysByPartitionSizeWhenPartitionsWereSampledUnevenly() {
        // given: partition 0 has 1,000 records of which 10 sampled (all key x); partition 1 has 1,000, all 1,000 sampled
        List<PartitionSample> samples = List.of(
                new PartitionSample(0, 0, 1000, records("x", 10, 10)),
                new PartitionSample(1, 0, 1000, uniform("y", 1000, 10)));

        // when
        SkewReport report = analyzer.analyze("t", SampleFrom.BEGINNING, samples);

        // then
        assertThat(report.topKeys().get(0).key()).isEqualTo("x");
        assertThat(report.topKeys().get(0).estimatedRecords()).isEqualTo(1000);
        assertThat(report.topKeys().get(0).recordShare()).isCloseTo(0.5, offset(1e-9));
    }

    @Test
    void shouldWeighBytesWhenRecordsDifferInSize() {
        // given: equal record counts, partition 0's records are 3 times bigger
        List<PartitionSample> samples = List.of(sample(0, uniform("a", 100, 30)), sample(1, uniform("b", 100, 10)));

        // when
        SkewReport report = analyzer.analyze("t", SampleFrom.END, samples);

        // then
        assertThat(report.maxMeanRecords()).isCloseTo(1.0, offset(1e-9));
        assertThat(report.maxMeanBytes()).isCloseTo(1.5, offset(1e-9));
        assertThat(report.verdict()).isEqualTo(SkewVerdict.HOT_PARTITION);
        assertThat(report.partitions().get(0).byteShare()).isCloseTo(0.75, offset(1e-9));
    }

    @Test
    void shouldShowBinaryKeysInHexWhenTheyAreNotText() {
        // given
        List<PartitionSample> samples = List.of(new PartitionSample(0, 0, 1,
                List.of(new SampledRecord(new byte[]{0, (byte) 0xff}, 2))));

        // when
        SkewReport report = analyzer.analyze("t", SampleFrom.END, samples);

        // then
        assertThat(report.topKeys().get(0).key()).isEqualTo("0x00ff");
    }

    @Test
    void shouldRefuseWhenTheTopicIsEmpty() {
        // when / then
        assertThatThrownBy(() -> analyzer.analyze("t", SampleFrom.END, List.of(new PartitionSample(0, 5, 5, List.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no records");
    }

    @SafeVarargs
    private static PartitionSample sample(int partition, List<SampledRecord>... parts) {
        List<SampledRecord> all = new ArrayList<>();
        for (List<SampledRecord> part : parts) {
            all.addAll(part);
        }
        return new PartitionSample(partition, 0, all.size(), all);
    }

    private static List<SampledRecord> records(String key, int count, int bytes) {
        List<SampledRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new SampledRecord(key.getBytes(StandardCharsets.UTF_8), bytes));
        }
        return records;
    }

    private static List<SampledRecord> uniform(String prefix, int keys, int bytes) {
        List<SampledRecord> records = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            records.add(new SampledRecord((prefix + i).getBytes(StandardCharsets.UTF_8), bytes));
        }
        return records;
    }
}
