package io.lanes.ops.plan;

import io.lanes.ops.skew.PartitionSample;
import io.lanes.ops.skew.SampledRecord;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How many distinct keys a topic has: given by the user, or counted in a sample of its records
 * (then a lower bound unless the sample read the whole topic). Immutable.
 *
 * @param distinctKeys distinct non-null keys
 * @param source       {@code given}, or how it was counted (e.g. {@code at least, in a sample of 10,000 records})
 * @param keyed        whether the records carry keys at all (a topic of null keys is not keyed)
 */
public record KeySpace(long distinctKeys, String source, boolean keyed) {

    public static KeySpace given(long distinctKeys) {
        if (distinctKeys < 1) {
            throw new IllegalArgumentException("the number of keys must be at least 1, got " + distinctKeys);
        }
        return new KeySpace(distinctKeys, "given", true);
    }

    /**
     * The distinct keys in a sample: exact when the sample read every record, else a lower bound;
     * null when the sample is empty (nothing to count).
     */
    public static KeySpace counted(List<PartitionSample> samples) {
        long read = samples.stream().mapToLong(s -> s.records().size()).sum();
        long total = samples.stream().mapToLong(PartitionSample::recordCount).sum();
        if (read == 0) {
            return null;
        }
        Set<ByteBuffer> distinct = new HashSet<>();
        for (PartitionSample sample : samples) {
            for (SampledRecord record : sample.records()) {
                if (record.key() != null) {
                    distinct.add(ByteBuffer.wrap(record.key()));
                }
            }
        }
        String source = read >= total ? String.format(Locale.ROOT, "counted in all %,d records", read)
                : String.format(Locale.ROOT, "at least: counted in a sample of %,d of %,d records", read, total);
        return new KeySpace(distinct.size(), source, !distinct.isEmpty());
    }
}
