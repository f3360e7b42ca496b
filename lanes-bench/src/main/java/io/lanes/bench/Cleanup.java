package io.lanes.bench;

import io.lanes.launch.ChildJvm;
import io.lanes.launch.Directories;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the benchmark creates, so that it can be torn down on every exit path: normal completion, an
 * exception, or a JVM shutdown (Ctrl-C, SIGTERM). Child JVMs are lanes-launch's {@link ChildJvm}s, which its own
 * shutdown hook kills; {@link #runAll()} stops them first with a short grace period.
 *
 * <p>Thread-safety: all methods synchronise on the class; the shutdown hook may run concurrently
 * with the main thread.
 */
final class Cleanup {

    private static final List<Path> DIRECTORIES = new ArrayList<>();
    private static boolean hookInstalled;

    private Cleanup() {
    }

    static synchronized void trackDirectory(Path dir) {
        installHook();
        DIRECTORIES.add(dir);
    }

    /** Stops every child JVM still running and deletes every tracked directory. Idempotent. */
    /**
     * Runs a bench command line and exits the JVM with its exit code, after cleaning up what it
     * left (child processes, temporary directories) even when it failed.
     */
    static void runAndExit(Object command, String[] args) {
        int exit;
        try {
            exit = new picocli.CommandLine(command).execute(args);
        } finally {
            runAll();
        }
        System.exit(exit);
    }

    static synchronized void runAll() {
        ChildJvm.stopAll(Duration.ofSeconds(3));
        for (Path dir : List.copyOf(DIRECTORIES)) {
            deleteRecursively(dir);
        }
        DIRECTORIES.clear();
    }

    /** Deletes a directory tree, warning (not failing) when something stays behind. */
    static void deleteRecursively(Path dir) {
        IOException error = Directories.deleteQuietly(dir);
        if (error != null) {
            System.err.println("warning: could not delete " + dir + ": " + error);
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::runAll, "lanes-bench-cleanup"));
            hookInstalled = true;
        }
    }
}
