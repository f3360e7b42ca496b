package io.lanes.cli.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one verdict check: a title saying what must hold, lines saying what was seen,
 * and the violations (a few examples and a count when there are many).
 */
record CheckResult(String title, List<String> details, List<String> violations, int violationCount) {
    static final int EXAMPLES = 5;

    CheckResult {
        details = List.copyOf(details);
        violations = List.copyOf(violations);
    }

    boolean passed() {
        return violationCount == 0;
    }

    /** Collects the details and violations of one check. */
    static final class Builder {
        private final String title;
        private final List<String> details = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        private int violationCount;

        Builder(String title) {
            this.title = title;
        }

        Builder detail(String format, Object... args) {
            details.add(Format.text(format, args));
            return this;
        }

        Builder violation(String format, Object... args) {
            violationCount++;
            if (violations.size() < EXAMPLES) {
                violations.add(Format.text(format, args));
            }
            return this;
        }

        int violations() {
            return violationCount;
        }

        CheckResult build() {
            return new CheckResult(title, details, violations, violationCount);
        }
    }
}
