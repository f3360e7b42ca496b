package io.lanes.storage.internal;

import io.lanes.storage.LogConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Chooses the segments retention deletes, with Kafka's rules: always a prefix of the log (oldest first), never
 * data at or above the high watermark, never an empty active segment.
 * <ul>
 *   <li>{@code retention.ms}: segments whose largest timestamp is older than {@code now - retention.ms};</li>
 *   <li>{@code retention.bytes}: oldest segments while at least {@code retention.bytes} remain without them;</li>
 *   <li>log start offset: segments entirely below it (DeleteRecords), whatever the cleanup policy.</li>
 * </ul>
 * Stateless; the caller holds the log's append lock.
 */
public final class RetentionPlanner {

    private RetentionPlanner() {
    }

    /** @param segments all segments, oldest first; the last one is the active segment */
    public static List<LogSegment> plan(List<LogSegment> segments, long highWatermark, long logStartOffset,
                                        LogConfig config, long nowMs) {
        List<LogSegment> deletable = new ArrayList<>();
        if (config.deleteEnabled()) {
            if (config.retentionMs() >= 0) {
                collectLeading(segments, deletable, highWatermark, seg -> nowMs - largestTimestamp(seg) > config.retentionMs());
            }
            if (config.retentionBytes() >= 0) {
                long total = 0;
                for (LogSegment s : segments) {
                    total += s.size();
                }
                long[] excess = {total - config.retentionBytes()};
                deletable.forEach(s -> excess[0] -= s.size());
                collectLeading(segments, deletable, highWatermark, seg -> {
                    if (excess[0] - seg.size() >= 0) {
                        excess[0] -= seg.size();
                        return true;
                    }
                    return false;
                });
            }
        }
        addBelowLogStart(segments, deletable, logStartOffset);
        return deletable;
    }

    /** Segments entirely below the log start offset (after DeleteRecords). */
    public static List<LogSegment> belowLogStart(List<LogSegment> segments, long logStartOffset) {
        List<LogSegment> deletable = new ArrayList<>();
        addBelowLogStart(segments, deletable, logStartOffset);
        return deletable;
    }

    /** Segments whose successor starts at or below the log start offset hold nothing readable. */
    private static void addBelowLogStart(List<LogSegment> segments, List<LogSegment> deletable, long logStartOffset) {
        for (int i = deletable.size(); i + 1 < segments.size(); i++) {
            if (segments.get(i + 1).baseOffset() > logStartOffset) {
                break;
            }
            deletable.add(segments.get(i));
        }
    }

    /** Extends the prefix {@code deletable} while the predicate holds. */
    private static void collectLeading(List<LogSegment> segments, List<LogSegment> deletable, long highWatermark,
                                       Predicate<LogSegment> predicate) {
        for (int i = deletable.size(); i < segments.size(); i++) {
            LogSegment seg = segments.get(i);
            boolean active = i == segments.size() - 1;
            if (seg.nextOffset() > highWatermark || (active && seg.size() == 0) || !predicate.test(seg)) {
                return;
            }
            deletable.add(seg);
        }
    }

    private static long largestTimestamp(LogSegment seg) {
        try {
            return seg.largestTimestamp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
