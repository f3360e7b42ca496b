package io.lanes.ops.skew;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a sample size over partitions in proportion to their record counts (largest remainder:
 * the quotas add up to the size, or to the total when there are fewer records), never more than a
 * partition holds. Stateless.
 */
final class SampleQuotas {
    private SampleQuotas() {
    }

    static <P> Map<P, Long> proportional(Map<P, Long> counts, long size) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<P, Long> quotas = new HashMap<>();
        if (total == 0) {
            counts.keySet().forEach(p -> quotas.put(p, 0L));
            return quotas;
        }
        long target = Math.min(size, total);
        long assigned = 0;
        List<Map.Entry<P, Double>> remainders = new ArrayList<>();
        for (Map.Entry<P, Long> e : counts.entrySet()) {
            double exact = (double) target * e.getValue() / total;
            long quota = Math.min(e.getValue(), (long) Math.floor(exact));
            quotas.put(e.getKey(), quota);
            assigned += quota;
            remainders.add(Map.entry(e.getKey(), exact - quota));
        }
        remainders.sort(Map.Entry.<P, Double>comparingByValue(Comparator.reverseOrder()));
        for (int i = 0; assigned < target && i < remainders.size(); i++) {
            P p = remainders.get(i).getKey();
            if (quotas.get(p) < counts.get(p)) {
                quotas.put(p, quotas.get(p) + 1);
                assigned++;
            }
        }
        return quotas;
    }
}
