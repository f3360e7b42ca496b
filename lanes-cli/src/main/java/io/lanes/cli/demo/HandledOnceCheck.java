package io.lanes.cli.demo;

import io.lanes.cli.demo.StageJournal.Attempt;
import io.lanes.cli.demo.StageProducer.Placed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every good event of the processor stage was handled successfully exactly once by the processor:
 * none missing, none twice, and nothing handled that was not produced as a good event. Records are
 * identified by partition and offset, as the producer's acknowledgements placed them.
 */
final class HandledOnceCheck {
    static final String TITLE = "the LanesProcessor handled every good event exactly once (none missing, none twice)";

    private HandledOnceCheck() {
    }

    /**
     * @param placed   every record of the stage's stream, where it landed
     * @param attempts the processor's handler calls
     * @param summary  lines printed first (the throughputs)
     */
    static CheckResult check(List<Placed> placed, List<Attempt> attempts, List<String> summary) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        summary.forEach(line -> result.detail("%s", line));
        Map<Long, Integer> successes = new HashMap<>();
        for (Attempt attempt : attempts) {
            if (attempt.succeeded()) {
                successes.merge(CompletenessCheck.position(attempt.partition(), attempt.offset()), 1, Integer::sum);
            }
        }
        long good = 0;
        long once = 0;
        Map<Long, Placed> byPosition = new HashMap<>();
        for (Placed p : placed) {
            long position = CompletenessCheck.position(p.partition(), p.offset());
            byPosition.put(position, p);
            if (p.record().malformed()) {
                continue;
            }
            good++;
            int n = successes.getOrDefault(position, 0);
            if (n == 1) {
                once++;
            } else {
                result.violation("%s seq %d (p%d@%d) was handled %s", p.record().key(), p.record().seq(), p.partition(),
                        p.offset(), n == 0 ? "never" : n + " times");
            }
        }
        for (Map.Entry<Long, Integer> entry : successes.entrySet()) {
            Placed p = byPosition.get(entry.getKey());
            if (p == null || p.record().malformed()) {
                result.violation("p%d@%d was handled but is not a good event of the stream",
                        (int) (entry.getKey() >>> 44), entry.getKey() & ((1L << 44) - 1));
            }
        }
        result.detail("%s of %s good events handled exactly once", Format.count(once), Format.count(good));
        return result.build();
    }
}
