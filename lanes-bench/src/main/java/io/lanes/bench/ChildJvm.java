package io.lanes.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Java child process started with the benchmark's own classpath. Its stdout and stderr go to one
 * log file, which is read back after the process ends (tools) or on failure (brokers).
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final long spawnNanos;

    private ChildJvm(String name, Process process, Path log, long spawnNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.spawnNanos = spawnNanos;
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param jvmOptions options placed before the main class (heap, GC, system properties)
     */
    static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log)
            throws IOException {
        return start(name, jvmOptions, List.of("-cp", System.getProperty("java.class.path"), mainClass), args, log);
    }

    /**
     * Starts a JVM with an explicit launch target: {@code -cp CLASSPATH MAIN} or {@code -jar FILE}.
     */
    static ChildJvm start(String name, List<String> jvmOptions, List<String> target, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(target);
        command.addAll(args);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        long spawn = System.nanoTime();
        Process process = builder.start();
        Cleanup.track(process);
        return new ChildJvm(name, process, log, spawn);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} taken just before the process was spawned. */
    long spawnNanos() {
        return spawnNanos;
    }

    Path log() {
        return log;
    }

    /** Waits for the process to exit; kills it and throws when {@code timeout} passes first. */
    int awaitExit(Duration timeout) throws TimeoutException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new TimeoutException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        Cleanup.untrack(process);
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL at once, as a crash: no shutdown hooks run. Waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        Cleanup.untrack(process);
    }

    /** SIGTERM with a grace period, then SIGKILL. */
    void stop(Duration grace) {
        Cleanup.kill(process, grace.toMillis(), TimeUnit.MILLISECONDS);
        Cleanup.untrack(process);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
