package io.lanes.cli.demo;

import io.lanes.cli.demo.StageJournal.Attempt;
import io.lanes.cli.demo.StageProducer.Placed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event whose first handler call was made to fail was retried in place and then handled
 * once: its calls, in the order they began, are exactly one failure and then one success.
 */
final class TransientFailureCheck {
    static final String TITLE = "each transient failure was retried in place, then handled once";

    private TransientFailureCheck() {
    }

    static CheckResult check(List<Placed> placed, List<Attempt> attempts) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        Map<Long, List<Attempt>> byPosition = new HashMap<>();
        for (Attempt attempt : attempts) {
            byPosition.computeIfAbsent(CompletenessCheck.position(attempt.partition(), attempt.offset()),
                    p -> new ArrayList<>()).add(attempt);
        }
        int failing = 0;
        long minRetryMillis = Long.MAX_VALUE;
        long maxRetryMillis = 0;
        for (Placed p : placed) {
            if (!p.record().failsOnce()) {
                continue;
            }
            failing++;
            List<Attempt> calls = new ArrayList<>(byPosition.getOrDefault(
                    CompletenessCheck.position(p.partition(), p.offset()), List.of()));
            calls.sort(Comparator.comparingLong(Attempt::startNanos));
            String what = Format.text("%s seq %d (p%d@%d)", p.record().key(), p.record().seq(), p.partition(), p.offset());
            if (calls.size() == 2 && !calls.get(0).succeeded() && calls.get(1).succeeded()) {
                long retryMillis = (calls.get(1).startNanos() - calls.get(0).endNanos()) / 1_000_000;
                minRetryMillis = Math.min(minRetryMillis, retryMillis);
                maxRetryMillis = Math.max(maxRetryMillis, retryMillis);
            } else {
                result.violation("%s: calls %s, expected a failure then one success", what, calls.stream()
                        .map(c -> c.succeeded() ? "ok" : "failed").toList());
            }
        }
        if (failing > 0 && minRetryMillis != Long.MAX_VALUE) {
            result.detail("%s failed on the first call; each retried %d to %d ms later", Format.plural(failing, "event"),
                    minRetryMillis, maxRetryMillis);
        } else {
            result.detail("%s failed on the first call", Format.plural(failing, "event"));
        }
        return result.build();
    }
}
