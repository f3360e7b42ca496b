package io.lanes.launch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Java child process: a main class on this JVM's class path, or {@code -jar FILE}. Its standard output and
 * error are appended to one log file, read back after it ends (tools) or when it fails (brokers).
 *
 * <p>Every child still running when this JVM exits is killed by a shutdown hook, so a failed test or a
 * Ctrl-C leaves no broker behind. Instances are not thread-safe, except that {@link #stop}, {@link #kill} and
 * {@link #stopAll} may race with the shutdown hook.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildJvm::destroyTree), "child-jvm-reaper"));
    }

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

    /** Starts {@code mainClass} from this JVM's class path ({@link #classPath()}). */
    public static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log)
            throws IOException {
        return start(name, jvmOptions, mainClassTarget(mainClass), args, log);
    }

    /**
     * Starts a JVM with an explicit launch target, {@code -cp CLASSPATH MAIN} or {@code -jar FILE}.
     *
     * @param jvmOptions options placed before the target (heap, GC, system properties)
     * @param log        file that receives standard output and error, appended to (created if missing)
     */
    public static ChildJvm start(String name, List<String> jvmOptions, List<String> target, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(target);
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        long spawn = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        return new ChildJvm(name, process, log, spawn);
    }

    /** {@code -cp <this JVM's class path> mainClass}. */
    public static List<String> mainClassTarget(String mainClass) {
        return List.of("-cp", classPath(), mainClass);
    }

    /**
     * This JVM's class path. Under Maven Surefire {@code java.class.path} may be a single manifest-only jar;
     * the real path is then in {@code surefire.test.class.path}.
     */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** The {@code java} executable of this JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops every child still running (SIGTERM, then SIGKILL after {@code grace}), for a clean exit. */
    public static void stopAll(Duration grace) {
        for (Process process : List.copyOf(LIVE)) {
            stop(process, grace);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} taken just before the process was spawned. */
    public long spawnNanos() {
        return spawnNanos;
    }

    public Path log() {
        return log;
    }

    /** The exit code; only meaningful once the process has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Waits for the process to exit; kills it and throws when {@code timeout} passes first. */
    public int awaitExit(Duration timeout) throws TimeoutException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new TimeoutException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** Everything the process wrote to its log. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String tail(int lines) {
        return tailOf(log, lines);
    }

    /** The last {@code lines} lines of a log file, for error messages; never throws. */
    public static String tailOf(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL at once, as a crash would: no shutdown hooks run. Waits (up to 30 s) until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                LIVE.remove(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM (a clean shutdown for Kafka and Lanes), then SIGKILL of the process and anything it spawned when
     * {@code grace} passes first.
     *
     * @return whether the process exited within {@code grace} on its own
     */
    public boolean stop(Duration grace) {
        return stop(process, grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private static boolean stop(Process process, Duration grace) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        boolean clean = false;
        try {
            clean = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!clean) {
                destroyTree(process);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            LIVE.remove(process);
        }
        return clean;
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
