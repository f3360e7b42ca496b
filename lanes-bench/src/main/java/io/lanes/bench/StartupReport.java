package io.lanes.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The start-up report: per process target the median, minimum and maximum of spawn-to-ApiVersions
 * milliseconds and the ratio of medians to Kafka's; the in-process {@code LanesBroker.start} figures (the first,
 * cold, and the median of the others); the goals marked MET or MISS; every sample; failures.
 * Immutable.
 */
final class StartupReport {

    private final Map<String, List<Double>> spawned;
    private final List<Double> inProcess;
    private final List<String> failures;

    StartupReport(Map<String, List<Double>> spawned, List<Double> inProcess, List<String> failures) {
        this.spawned = spawned;
        this.inProcess = List.copyOf(inProcess);
        this.failures = List.copyOf(failures);
    }

    String render() {
        StringBuilder out = new StringBuilder("startup ms (spawn -> first ApiVersions answer)\n");
        out.append(String.format(Locale.ROOT, "%-10s %8s %8s %8s %4s %9s%n", "target", "median", "min", "max", "n",
                "/ kafka"));
        double kafka = median(spawned.getOrDefault("kafka", List.of()));
        spawned.forEach((target, millis) -> {
            if (millis.isEmpty()) {
                out.append(String.format(Locale.ROOT, "%-10s %8s%n", target, "-"));
                return;
            }
            double median = median(millis);
            out.append(String.format(Locale.ROOT, "%-10s %8.0f %8.0f %8.0f %4d %9s%n", target, median,
                    millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), millis.size(),
                    Double.isNaN(kafka) ? "-" : String.format(Locale.ROOT, "%.2f", median / kafka)));
        });
        if (!inProcess.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nLanesBroker.start in-process ms: first (cold JVM) %.1f",
                    inProcess.get(0)));
            if (inProcess.size() > 1) {
                out.append(String.format(Locale.ROOT, ", median of the next %d %.1f", inProcess.size() - 1,
                        warmMedian()));
            }
            out.append('\n');
        }
        out.append('\n').append(goals());
        out.append("\nsamples:\n");
        spawned.forEach((target, millis) -> out.append("  ").append(target).append(": ").append(format(millis))
                .append('\n'));
        if (!inProcess.isEmpty()) {
            out.append("  in-process: ").append(format(inProcess)).append('\n');
        }
        if (!failures.isEmpty()) {
            out.append("\nfailures:\n");
            failures.forEach(f -> out.append("  ").append(f.replace("\n", "\n    ")).append('\n'));
        }
        return out.toString();
    }

    /** The two start-up goals, MET or MISS (absent when not measured). */
    String goals() {
        StringBuilder out = new StringBuilder("goals:\n");
        List<Double> launcher = spawned.getOrDefault("launcher", List.of());
        if (!launcher.isEmpty()) {
            double median = median(launcher);
            out.append(String.format(Locale.ROOT, "  ./lanes server median %.0f ms <= %.0f ms: %s%n", median,
                    StartupBench.LAUNCHER_GOAL_MILLIS, median <= StartupBench.LAUNCHER_GOAL_MILLIS ? "MET" : "MISS"));
        }
        if (inProcess.size() > 1) {
            double warm = warmMedian();
            out.append(String.format(Locale.ROOT, "  LanesBroker.start median (after the first) %.1f ms <= %.0f ms: %s%n",
                    warm, StartupBench.IN_PROCESS_GOAL_MILLIS, warm <= StartupBench.IN_PROCESS_GOAL_MILLIS ? "MET"
                            : "MISS"));
        }
        return out.toString();
    }

    private double warmMedian() {
        return median(inProcess.subList(1, inProcess.size()));
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String format(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
}
