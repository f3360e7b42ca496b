package io.lanes.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a compatibility level: which earlier versions a new schema is compared with (the
 * latest, or all for {@code _TRANSITIVE} levels) and in which direction (the new schema reads
 * old data for BACKWARD, the old reads new data for FORWARD, both for FULL). Stateless.
 */
final class CompatibilityChecker {
    private CompatibilityChecker() {
    }

    /** An earlier live version, parsed. */
    record Previous(int version, ParsedSchema schema) {
    }

    /**
     * Confluent's verbose messages for the first earlier version the candidate is incompatible
     * with, empty when compatible. {@code previous} is newest first.
     */
    static List<String> check(CompatibilityLevel level, ParsedSchema candidate, List<Previous> previous) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<Previous> compared = level.transitive || previous.isEmpty() ? previous : previous.subList(0, 1);
        for (Previous old : compared) {
            List<String> problems = new ArrayList<>();
            if (old.schema().type() != candidate.type()) {
                problems.add(ParsedSchema.problem("TYPE_MISMATCH", "The new schema is of type " + candidate.type()
                        + ", the old one of type " + old.schema().type(), ""));
            } else {
                if (level.backward) {
                    problems.addAll(candidate.readProblems(old.schema()));
                }
                if (level.forward) {
                    problems.addAll(old.schema().readProblems(candidate));
                }
            }
            if (!problems.isEmpty()) {
                problems.add("{oldSchemaVersion: " + old.version() + "}");
                problems.add("{oldSchema: '" + old.schema().canonical() + "'}");
                problems.add("{compatibility: '" + level.name() + "'}");
                return problems;
            }
        }
        return List.of();
    }
}
