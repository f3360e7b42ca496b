package io.lanes.broker.hotkeys;

import io.lanes.broker.handlers.ProduceObserver;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.CloseableIterator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Hot-key and hot-partition detection on the produce path.
 *
 * <p>Every appended request adds its record count to its partition's window (one counter, no allocation). One
 * batch request in {@code sampleEvery} per partition also has its records read (decompressing that request only)
 * and their keys counted in a {@link SpaceSaving} sketch of {@value #SKETCH_CAPACITY} keys per half-window. The
 * report, over the last window:
 * <ul>
 *   <li>each partition's heaviest keys with their share of the sampled records and bytes; a key is <em>hot</em>
 *       when its share is at least {@value #MIN_HOT_SHARE} and at least {@value #HOT_FACTOR} times the share an
 *       even spread over the partition's distinct keys would give it (keys counted by the sketch; when it
 *       overflowed, the capacity), with at least {@value #MIN_SAMPLED} records sampled;</li>
 *   <li>each partition's record rate and skew (rate over its topic's mean rate); a partition is <em>hot</em> when
 *       its skew is at least {@value #HOT_PARTITION_RATIO}, its topic has several partitions and it took at least
 *       {@value #MIN_HOT_PARTITION_RECORDS} records.</li>
 * </ul>
 *
 * <p>Thread-safe: many connections produce at once; reports may be taken from any thread.
 */
public final class HotKeys implements ProduceObserver {
    static final int SKETCH_CAPACITY = 64;
    static final int TOP_KEYS = 5;
    static final int MAX_KEY_BYTES = 64;
    static final double MIN_HOT_SHARE = 0.05;
    static final double HOT_FACTOR = 4.0;
    static final int MIN_SAMPLED = 200;
    static final double HOT_PARTITION_RATIO = 1.5;
    static final int MIN_HOT_PARTITION_RECORDS = 100;
    static final int MAX_PARTITIONS_REPORTED = 1000;

    private final int sampleEvery;
    private final long halfMs;
    private final LongSupplier clockMs;
    private final ConcurrentHashMap<TopicPartition, PartitionKeys> partitions = new ConcurrentHashMap<>();

    /**
     * @param sampleEvery read the keys of one produce request in this many per partition; 0 counts rates only
     * @param windowMs    the sliding window
     * @param clockMs     the time, in ms
     */
    public HotKeys(int sampleEvery, long windowMs, LongSupplier clockMs) {
        this.sampleEvery = sampleEvery;
        this.halfMs = Math.max(1, windowMs / 2);
        this.clockMs = clockMs;
    }

    @Override
    public void appended(TopicPartition tp, MemoryRecords records, int recordCount) {
        long half = clockMs.getAsLong() / halfMs;
        PartitionKeys keys = partitions.get(tp);
        if (keys == null) {
            keys = partitions.computeIfAbsent(tp, p -> new PartitionKeys(half, SKETCH_CAPACITY));
        }
        PartitionKeys.Half current = keys.current(half);
        current.records.add(recordCount);
        if (sampleEvery > 0 && keys.batches.incrementAndGet() % sampleEvery == 0) {
            sample(keys, current, records);
        }
    }

    private static void sample(PartitionKeys keys, PartitionKeys.Half half, MemoryRecords records) {
        synchronized (keys) {
            ByteBuffer buffer = records.buffer();
            int position = buffer.position();
            for (RecordBatch batch : records.batches()) {
                int start = position;
                position += batch.sizeInBytes();
                if (batch.isControlBatch()) {
                    continue;
                }
                if (batch.isCompressed()) {
                    // a Record per record would copy every decompressed record: read the keys in place instead
                    sampleCompressed(half, batch, buffer.duplicate().position(start).limit(position));
                    continue;
                }
                // uncompressed records are views of the request's buffer: nothing is copied but the key
                try (CloseableIterator<Record> it = batch.streamingIterator(
                        org.apache.kafka.common.utils.internals.BufferSupplier.NO_CACHING)) {
                    while (it.hasNext()) {
                        Record record = it.next();
                        int size = record.sizeInBytes();
                        half.sampledRecords++;
                        half.sampledBytes += size;
                        if (record.hasKey()) {
                            half.sketch.add(keyOf(record.key()), size);
                        }
                    }
                }
            }
        }
    }

    private static void sampleCompressed(PartitionKeys.Half half, RecordBatch batch, ByteBuffer batchBytes) {
        try {
            CompressedKeys.forEach(batch, batchBytes, (size, key, offset, length) -> {
                half.sampledRecords++;
                half.sampledBytes += size;
                if (length >= 0) {
                    half.sketch.add(keyOf(key, offset, length), size);
                }
            });
        } catch (java.io.IOException e) {
            // the batch passed CRC validation, so this is not expected; a sample is not worth failing a produce for
        }
    }

    private static SpaceSaving.Key keyOf(ByteBuffer key) {
        int length = Math.min(key.remaining(), MAX_KEY_BYTES);
        byte[] bytes = new byte[length];
        key.duplicate().get(bytes);
        return new SpaceSaving.Key(bytes, key.remaining() > MAX_KEY_BYTES);
    }

    private static SpaceSaving.Key keyOf(byte[] key, int offset, int length) {
        return new SpaceSaving.Key(java.util.Arrays.copyOfRange(key, offset, offset + Math.min(length, MAX_KEY_BYTES)),
                length > MAX_KEY_BYTES);
    }

    /** Forgets a deleted topic's partitions. */
    public void retain(java.util.Set<TopicPartition> existing) {
        partitions.keySet().retainAll(existing);
    }

    /** What the last window shows. */
    public HotKeyReport report() {
        long now = clockMs.getAsLong();
        long half = now / halfMs;
        long spanMs = Math.max(1, halfMs + now % halfMs);
        Map<String, List<Object[]>> byTopic = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionKeys> e : partitions.entrySet()) {
            PartitionKeys.Half[] halves = e.getValue().halves(half);
            long records = halves[0].records.sum() + halves[1].records.sum();
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>())
                    .add(new Object[] {e.getKey(), e.getValue(), halves, records});
        }
        List<HotKeyReport.PartitionReport> reports = new ArrayList<>();
        List<HotKeyReport.KeyReport> hotKeys = new ArrayList<>();
        for (List<Object[]> topicPartitions : byTopic.values()) {
            double mean = topicPartitions.stream().mapToLong(p -> (Long) p[3]).average().orElse(0);
            for (Object[] p : topicPartitions) {
                TopicPartition tp = (TopicPartition) p[0];
                long records = (Long) p[3];
                if (records == 0) {
                    continue;
                }
                double skew = mean > 0 ? records / mean : 0;
                boolean hot = topicPartitions.size() > 1 && skew >= HOT_PARTITION_RATIO
                        && records >= MIN_HOT_PARTITION_RECORDS;
                PartitionKeys.Half[] halves = (PartitionKeys.Half[]) p[2];
                List<HotKeyReport.KeyReport> top = topKeys(tp, (PartitionKeys) p[1], halves);
                top.stream().filter(HotKeyReport.KeyReport::hot).forEach(hotKeys::add);
                reports.add(new HotKeyReport.PartitionReport(tp.topic(), tp.partition(), records,
                        records * 1000.0 / spanMs, skew, hot, halves[0].sampledRecords + halves[1].sampledRecords, top));
            }
        }
        reports.sort(Comparator.comparingLong(HotKeyReport.PartitionReport::records).reversed()
                .thenComparing(HotKeyReport.PartitionReport::topic).thenComparingInt(HotKeyReport.PartitionReport::partition));
        hotKeys.sort(Comparator.comparingDouble(HotKeyReport.KeyReport::recordsShare).reversed());
        List<HotKeyReport.PartitionReport> bounded = reports.size() > MAX_PARTITIONS_REPORTED
                ? List.copyOf(reports.subList(0, MAX_PARTITIONS_REPORTED)) : List.copyOf(reports);
        return new HotKeyReport(halfMs * 2, sampleEvery, bounded, List.copyOf(hotKeys),
                reports.stream().filter(HotKeyReport.PartitionReport::hot).toList());
    }

    private static List<HotKeyReport.KeyReport> topKeys(TopicPartition tp, PartitionKeys keys,
                                                        PartitionKeys.Half[] halves) {
        long sampled;
        long sampledBytes;
        int distinct;
        boolean overflowed;
        Map<SpaceSaving.Key, long[]> merged;
        synchronized (keys) {
            sampled = halves[0].sampledRecords + halves[1].sampledRecords;
            sampledBytes = halves[0].sampledBytes + halves[1].sampledBytes;
            overflowed = halves[0].sketch.full() || halves[1].sketch.full();
            merged = keys.merged(halves);
            distinct = merged.size();
        }
        if (sampled == 0 || merged.isEmpty()) {
            return List.of();
        }
        double evenShare = 1.0 / (overflowed ? Math.max(distinct, SKETCH_CAPACITY) : distinct);
        List<Map.Entry<SpaceSaving.Key, long[]>> sorted = new ArrayList<>(merged.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        List<HotKeyReport.KeyReport> out = new ArrayList<>();
        for (Map.Entry<SpaceSaving.Key, long[]> e : sorted.subList(0, Math.min(TOP_KEYS, sorted.size()))) {
            double share = (double) e.getValue()[0] / sampled;
            double bytesShare = sampledBytes == 0 ? 0 : Math.min(1, (double) e.getValue()[1] / sampledBytes);
            boolean hot = sampled >= MIN_SAMPLED && share >= MIN_HOT_SHARE && share >= HOT_FACTOR * evenShare;
            out.add(new HotKeyReport.KeyReport(tp.topic(), tp.partition(), display(e.getKey()), share, bytesShare, hot));
        }
        return out;
    }

    /** UTF-8 text when the key is printable text, else {@code 0x} and hex; "…" marks a cut key. */
    static String display(SpaceSaving.Key key) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key.bytes())).toString();
            if (text.codePoints().anyMatch(c -> Character.isISOControl(c))) {
                text = "0x" + HexFormat.of().formatHex(key.bytes());
            }
        } catch (CharacterCodingException e) {
            text = "0x" + HexFormat.of().formatHex(key.bytes());
        }
        return key.truncated() ? text + "…" : text;
    }
}
