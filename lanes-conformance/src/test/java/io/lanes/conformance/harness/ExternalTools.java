package io.lanes.conformance.harness;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds the real non-Java clients (Debian packages) the conformance suites drive. Under CI
 * (environment {@code CI=true}) a missing client fails the test: the suites must never pass by
 * silently skipping. On a workstation a missing client turns into a JUnit assumption (skip).
 */
public final class ExternalTools {

    /**
     * The Debian system interpreter, where {@code python3-confluent-kafka} is installed. A
     * {@code python3} found first on PATH (pyenv, venv) usually lacks the module.
     */
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    private ExternalTools() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** {@code kcat}: system property {@code lanes.conformance.kcat}, else found on PATH. */
    public static Path kcat() {
        String configured = System.getProperty("lanes.conformance.kcat");
        Optional<Path> found = configured != null
                ? Optional.of(Path.of(configured)).filter(Files::isExecutable)
                : onPath("kcat").or(() -> onPath("kafkacat"));
        if (found.isEmpty()) {
            missing("kcat is not installed (Debian package kcat)");
        }
        return found.orElseThrow();
    }

    /**
     * A Python 3 interpreter that can import {@code confluent_kafka}: system property
     * {@code lanes.conformance.python}, else the Debian system interpreter.
     */
    public static Path pythonWithConfluentKafka() {
        Path python = Path.of(System.getProperty("lanes.conformance.python", SYSTEM_PYTHON));
        if (!Files.isExecutable(python)) {
            missing(python + " is not installed");
        }
        ProcessResult probe = CommandRunner.run(
                List.of(python.toString(), "-c", "import confluent_kafka; print(confluent_kafka.version()[0])"),
                Duration.ofSeconds(30));
        if (probe.exitCode() != 0) {
            missing(python + " cannot import confluent_kafka (Debian package python3-confluent-kafka): "
                    + probe.stderr().strip());
        }
        return python;
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Fails the test under CI=true, skips it (JUnit assumption) otherwise. */
    static void missing(String reason) {
        if (isCi()) {
            fail(reason + " -- CI=true, so real-client conformance tests fail instead of skipping");
        }
        assumeTrue(false, reason + " -- skipped locally; under CI=true this fails");
    }
}
