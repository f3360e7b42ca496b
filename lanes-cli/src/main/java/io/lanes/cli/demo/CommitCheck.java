package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.ProducedEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * At the end, the broker's log end offset of every partition is just past the last event the
 * producer had acknowledged there, and every group's committed offset equals it: what the
 * consumers processed is durably recorded, so a restarted group would resume at the end.
 */
final class CommitCheck {
    static final String TITLE = "every group committed the end of every partition";

    private CommitCheck() {
    }

    static CheckResult check(RunRecord run) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        Map<Integer, Long> acknowledgedEnd = new HashMap<>();
        for (ProducedEvent event : run.produced()) {
            acknowledgedEnd.merge(event.partition(), event.offset() + 1, Math::max);
        }
        long total = 0;
        for (int partition = 0; partition < run.partitions(); partition++) {
            Long end = run.logEndOffsets().get(partition);
            long acknowledged = acknowledgedEnd.getOrDefault(partition, 0L);
            if (end == null) {
                result.violation("no log end offset for p%d", partition);
                continue;
            }
            total += end;
            if (end != acknowledged) {
                result.violation("p%d ends at offset %d, but the last acknowledged event is at %d", partition, end,
                        acknowledged - 1);
            }
        }
        for (String group : run.groups()) {
            Map<Integer, Long> committed = run.committed().getOrDefault(group, Map.of());
            int atEnd = 0;
            for (int partition = 0; partition < run.partitions(); partition++) {
                Long end = run.logEndOffsets().get(partition);
                Long offset = committed.get(partition);
                if (end == null) {
                    continue;
                }
                if (offset == null) {
                    if (end > 0) {
                        result.violation("%s has no committed offset for p%d (log end %d)", group, partition, end);
                    } else {
                        atEnd++;
                    }
                } else if (offset.longValue() != end.longValue()) {
                    result.violation("%s committed p%d at %d, log end is %d", group, partition, offset, end);
                } else {
                    atEnd++;
                }
            }
            result.detail("%s: committed offset = log end offset on %d of %d partitions", group, atEnd,
                    run.partitions());
        }
        result.detail("log end offsets add up to %s records; the producer had %s events acknowledged",
                Format.count(total), Format.count(run.produced().size()));
        return result.build();
    }
}
