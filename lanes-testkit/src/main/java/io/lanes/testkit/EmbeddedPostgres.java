package io.lanes.testkit;

import io.lanes.launch.Directories;
import io.lanes.launch.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, run from the machine's own installation (Debian's
 * {@code postgresql} package, binaries under {@code /usr/lib/postgresql/<major>/bin}): a fresh
 * cluster is created with {@code initdb} in a temporary directory, started with {@code pg_ctl}
 * on a free loopback port with trust authentication, and deleted on {@link #close()}.
 *
 * <p>PostgreSQL refuses to run as root; when the tests run as root (CI), the cluster directory is
 * given to the {@code postgres} system user and the binaries run as that user through
 * {@code runuser}. Connect as user {@code postgres} to database {@code postgres}:
 * {@code jdbc:postgresql://127.0.0.1:<port>/postgres} ({@link #jdbcUrl()}). The JDBC driver is
 * the caller's test dependency; this class only manages the server.
 *
 * <p>{@link #find()} tells whether PostgreSQL is installed, so a test can skip (or fail under CI)
 * with a clear reason. Not thread-safe; share one instance per test class.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path directory;
    private final int port;
    private final boolean asPostgresUser;

    private EmbeddedPostgres(Path bin, Path directory, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The {@code bin} directory of the newest PostgreSQL installed, if any. */
    public static Optional<Path> find() {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> majorVersion(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates and starts a new cluster.
     *
     * @throws IllegalStateException if PostgreSQL is not installed or does not start
     */
    public static EmbeddedPostgres start() {
        Path bin = find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (Debian package postgresql)"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory = Directories.createTemp("lanes-postgres-");
        EmbeddedPostgres server = new EmbeddedPostgres(bin, directory, FreePorts.pick(), root);
        try {
            server.initialise();
            server.run(List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "60",
                    "-D", server.dataDir().toString(), "-l", server.directory.resolve("postgres.log").toString(),
                    "-o", "-p " + server.port + " -k " + server.directory + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off -c max_connections=50"));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** JDBC URL of database {@code postgres}; user {@code postgres}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    /** Stops the server immediately and deletes its files. Idempotent. */
    @Override
    public void close() {
        if (Files.exists(dataDir().resolve("postmaster.pid"))) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-w", "-D",
                        dataDir().toString()));
            } catch (RuntimeException e) {
                // the directory goes anyway; a server left behind dies with its data directory gone
            }
        }
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }

    private Path dataDir() {
        return directory.resolve("data");
    }

    private void initialise() {
        try {
            if (asPostgresUser) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
                run(List.of("chown", "postgres:postgres", directory.toString()), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"));
    }

    /** Runs a PostgreSQL binary, as the {@code postgres} user when the tests run as root. */
    private void run(List<String> command) {
        run(command, asPostgresUser);
    }

    private void run(List<String> command, boolean asPostgres) {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(command);
        Path output = directory.resolve("command.out");
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish in " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed with exit code "
                        + process.exitValue() + ": " + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + line, e);
        }
    }

    private static int majorVersion(Path installation) {
        try {
            return Integer.parseInt(installation.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
