package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.MemberRecord;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** All checks of a run and the verdict block that reports them. The run passes only if every check holds. */
final class Verdict {
    static final String CLIENTS_TITLE = "the producer and every consumer ran without errors";

    private final List<CheckResult> checks;

    private Verdict(List<CheckResult> checks) {
        this.checks = List.copyOf(checks);
    }

    static Verdict of(RunRecord run) {
        return of(run, List.of());
    }

    /** The checks of the run, then {@code extraChecks} (made from what the run wrote elsewhere), then the clients'. */
    static Verdict of(RunRecord run, List<CheckResult> extraChecks) {
        List<RebalanceAnalysis.Rebalance> rebalances = RebalanceAnalysis.analyse(run);
        List<CheckResult> checks = new ArrayList<>();
        checks.add(CompletenessCheck.check(run));
        checks.add(OrderCheck.check(run));
        checks.add(OwnershipCheck.check(run));
        checks.add(RebalanceAnalysis.check(run, rebalances));
        checks.add(CommitCheck.check(run));
        checks.addAll(extraChecks);
        checks.add(clients(run));
        return new Verdict(checks);
    }

    boolean passed() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    List<CheckResult> checks() {
        return checks;
    }

    void print(PrintWriter out) {
        out.println();
        out.println("== Verdict " + "=".repeat(69));
        for (CheckResult check : checks) {
            out.printf("%s  %s%n", check.passed() ? "PASS" : "FAIL", check.title());
            for (String detail : check.details()) {
                out.println("        " + detail);
            }
            for (String violation : check.violations()) {
                out.println("   !!   " + violation);
            }
            if (check.violationCount() > check.violations().size()) {
                out.printf("   !!   ... %s violations in all%n", Format.count(check.violationCount()));
            }
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println("=".repeat(80));
        if (failed == 0) {
            out.printf("RESULT: PASS - all %d checks hold%n", checks.size());
        } else {
            out.printf("RESULT: FAIL - %d of %d checks failed%n", failed, checks.size());
        }
        out.flush();
    }

    private static CheckResult clients(RunRecord run) {
        CheckResult.Builder result = new CheckResult.Builder(CLIENTS_TITLE);
        for (String error : run.errors()) {
            result.violation("%s", error);
        }
        Map<String, Integer> commitFailures = new TreeMap<>();
        for (MemberRecord member : run.members()) {
            if (member.failure() != null) {
                result.violation("%s failed: %s", member.member(), member.failure());
            }
            member.commitFailures().forEach((reason, n) -> commitFailures.merge(reason, n, Integer::sum));
        }
        for (String note : run.notes()) {
            result.detail("%s", note);
        }
        result.detail("%d consumers; offset commits refused and retried: %s", run.members().size(),
                commitFailures.isEmpty() ? "none" : commitFailures.entrySet().stream()
                        .map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining(", ")));
        return result.build();
    }
}
