package io.lanes.conformance.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.lanes.conformance.harness.JavaCommand;

/**
 * An {@link OrderAnalyticsInstance} in a child JVM, so that a test can crash it for real: {@link #kill()} is
 * SIGKILL, which leaves its group membership to expire and its open transaction to time out. Its output goes to
 * a file in the work directory, which {@link #awaitLine} watches.
 */
final class ChildStreamsInstance implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ChildStreamsInstance(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static ChildStreamsInstance start(String applicationId, String prefix, String bootstrapServers, Path workDir) {
        return start(applicationId, prefix, bootstrapServers, workDir, "classic");
    }

    /** Starts an instance on the given rebalance protocol (classic or streams). */
    static ChildStreamsInstance start(String applicationId, String prefix, String bootstrapServers, Path workDir,
                                      String groupProtocol) {
        try {
            Files.createDirectories(workDir);
            Path output = workDir.resolve("streams.out");
            List<String> command = JavaCommand.command(OrderAnalyticsInstance.class.getName(), List.of("-Xmx256m"),
                    List.of(applicationId, prefix, bootstrapServers, workDir.resolve("state").toString(),
                            groupProtocol));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            return new ChildStreamsInstance(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a Streams instance", e);
        }
    }

    /** Waits for the first output line starting with {@code prefix} and returns the rest of it. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = lines().stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get().substring(prefix.length()).trim();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Streams instance exited with " + process.exitValue() + "\n" + tail());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no line starting with '" + prefix + "' within " + timeout + "\n" + tail());
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Streams instance survived SIGKILL for 30 s");
        }
    }

    /** The end of the instance's output, for failure messages. */
    String tail() {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
