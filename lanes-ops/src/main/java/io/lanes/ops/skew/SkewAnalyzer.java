package io.lanes.ops.skew;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a sample into a {@link SkewReport}. Partition record counts come from offsets (exact);
 * partition bytes are the record count times the mean size of the partition's sampled records;
 * a key's records are its sampled records weighted by its partition's records per sampled record,
 * so the estimate stays fair when partitions were sampled unevenly. Stateless and thread-safe.
 */
public final class SkewAnalyzer {
    private final SkewThresholds thresholds;

    public SkewAnalyzer(SkewThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The report on {@code samples} of {@code topic}, read from {@code from}; the topic must hold records. */
    public SkewReport analyze(String topic, SampleFrom from, List<PartitionSample> samples) {
        long total = samples.stream().mapToLong(PartitionSample::recordCount).sum();
        if (total == 0) {
            throw new IllegalArgumentException("topic " + topic + " has no records to sample");
        }
        long sampledCount = samples.stream().mapToLong(s -> s.records().size()).sum();
        double meanSizeOverall = samples.stream().flatMap(s -> s.records().stream()).mapToInt(SampledRecord::bytes)
                .average().orElse(0);

        Map<Key, KeyTally> keys = new HashMap<>();
        double nullRecords = 0;
        double[] bytes = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            PartitionSample sample = samples.get(i);
            List<SampledRecord> records = sample.records();
            double weight = records.isEmpty() ? 0 : (double) sample.recordCount() / records.size();
            double meanSize = records.isEmpty() ? meanSizeOverall
                    : records.stream().mapToInt(SampledRecord::bytes).average().orElse(0);
            bytes[i] = sample.recordCount() * meanSize;
            for (SampledRecord record : records) {
                if (record.key() == null) {
                    nullRecords += weight;
                    continue;
                }
                keys.computeIfAbsent(new Key(record.key()), k -> new KeyTally()).add(sample.partition(), weight,
                        record.bytes() * weight);
            }
        }
        double totalBytes = Arrays.stream(bytes).sum();

        List<PartitionShare> partitions = new ArrayList<>();
        double meanRecords = (double) total / samples.size();
        double meanBytes = totalBytes / samples.size();
        double maxRecordsRatio = 0;
        double maxBytesRatio = 0;
        int busiest = samples.get(0).partition();
        double busiestRatio = 0;
        for (int i = 0; i < samples.size(); i++) {
            PartitionSample sample = samples.get(i);
            double recordsRatio = sample.recordCount() / meanRecords;
            double bytesRatio = meanBytes > 0 ? bytes[i] / meanBytes : recordsRatio;
            maxRecordsRatio = Math.max(maxRecordsRatio, recordsRatio);
            maxBytesRatio = Math.max(maxBytesRatio, bytesRatio);
            if (Math.max(recordsRatio, bytesRatio) > busiestRatio) {
                busiestRatio = Math.max(recordsRatio, bytesRatio);
                busiest = sample.partition();
            }
            partitions.add(new PartitionShare(sample.partition(), sample.recordCount(), (double) sample.recordCount() / total,
                    Math.round(bytes[i]), totalBytes > 0 ? bytes[i] / totalBytes : 0, recordsRatio,
                    sample.records().size()));
        }

        List<KeyShare> top = topKeys(keys, total, totalBytes);
        SkewVerdict verdict = busiestRatio >= thresholds.hotPartitionRatio() ? SkewVerdict.HOT_PARTITION
                : busiestRatio >= thresholds.skewedRatio() ? SkewVerdict.SKEWED : SkewVerdict.BALANCED;
        String reason = reason(verdict, busiest, busiestRatio);
        List<String> options = SkewOptions.options(verdict, top.stream().filter(KeyShare::hot).toList(), keys.size(),
                samples.size());
        return new SkewReport(topic, from.name().toLowerCase(Locale.ROOT), total, sampledCount, keys.size(),
                nullRecords / total, top, partitions, maxRecordsRatio, maxBytesRatio, busiest, verdict, reason,
                thresholds, options);
    }

    private List<KeyShare> topKeys(Map<Key, KeyTally> keys, long total, double totalBytes) {
        double[] estimates = keys.values().stream().mapToDouble(t -> t.records).sorted().toArray();
        double median = estimates.length == 0 ? 0 : estimates.length % 2 == 1 ? estimates[estimates.length / 2]
                : (estimates[estimates.length / 2 - 1] + estimates[estimates.length / 2]) / 2;
        return keys.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<Key, KeyTally> e) -> e.getValue().records).reversed()
                        .thenComparing(e -> display(e.getKey().bytes)))
                .limit(thresholds.top())
                .map(e -> new KeyShare(display(e.getKey().bytes), e.getValue().sampled, Math.round(e.getValue().records),
                        e.getValue().records / total, totalBytes > 0 ? e.getValue().bytes / totalBytes : 0,
                        e.getValue().mainPartition(), e.getValue().records >= thresholds.hotKeyFactor() * median))
                .toList();
    }

    private String reason(SkewVerdict verdict, int busiest, double ratio) {
        String measured = String.format(Locale.ROOT, "partition %d carries %.2fx the mean partition's load", busiest, ratio);
        String rule = String.format(Locale.ROOT, "(hot partition: >= %.2fx, skewed: >= %.2fx, by records or bytes)",
                thresholds.hotPartitionRatio(), thresholds.skewedRatio());
        return measured + " " + rule;
    }

    /** A key as text when it is printable UTF-8, else {@code 0x} and its bytes in hex. */
    static String display(byte[] key) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
            if (text.codePoints().noneMatch(Character::isISOControl)) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not text: shown in hex below
        }
        return "0x" + HexFormat.of().formatHex(key);
    }

    /** Key bytes with value equality, for a hash map. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return display(bytes);
        }
    }

    /** A key's sampled records, estimated records and bytes, and the partitions it was seen in. */
    private static final class KeyTally {
        long sampled;
        double records;
        double bytes;
        final Map<Integer, Integer> byPartition = new HashMap<>();

        void add(int partition, double weight, double weightedBytes) {
            sampled++;
            records += weight;
            bytes += weightedBytes;
            byPartition.merge(partition, 1, Integer::sum);
        }

        int mainPartition() {
            return byPartition.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }
}
