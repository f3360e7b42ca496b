package io.lanes.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything the benchmark starts or creates, so that it can be torn down on every exit path:
 * normal completion, an exception, or a JVM shutdown (Ctrl-C, SIGTERM).
 *
 * <p>Thread-safety: all methods synchronise on the class; the shutdown hook may run concurrently
 * with the main thread.
 */
final class Cleanup {

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final List<Path> DIRECTORIES = new ArrayList<>();
    private static boolean hookInstalled;

    private Cleanup() {
    }

    static synchronized void track(Process process) {
        installHook();
        PROCESSES.add(process);
    }

    static synchronized void untrack(Process process) {
        PROCESSES.remove(process);
    }

    static synchronized void trackDirectory(Path dir) {
        installHook();
        DIRECTORIES.add(dir);
    }

    /** Kills every tracked process and deletes every tracked directory. Idempotent. */
    static synchronized void runAll() {
        for (Process process : List.copyOf(PROCESSES)) {
            kill(process, 3, TimeUnit.SECONDS);
        }
        PROCESSES.clear();
        for (Path dir : List.copyOf(DIRECTORIES)) {
            deleteRecursively(dir);
        }
        DIRECTORIES.clear();
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL the process and anything it spawned. */
    static void kill(Process process, long grace, TimeUnit unit) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace, unit)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("warning: could not delete " + dir + ": " + e);
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::runAll, "lanes-bench-cleanup"));
            hookInstalled = true;
        }
    }
}
