package io.lanes.conformance.harness;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the broker a conformance run targets, chosen by system property
 * {@code lanes.conformance.broker}: {@code lanes} (default) or {@code kafka} for the Apache
 * Kafka reference, which is how these scenarios themselves are validated.
 */
public final class TargetBrokers {

    private TargetBrokers() {
    }

    public static TargetBroker start(Path workDir) {
        return start(workDir, Map.of());
    }

    public static TargetBroker start(Path workDir, Map<String, String> settings) {
        return BrokerProcess.start(BrokerProcess.selectedKind(), workDir, settings);
    }
}
