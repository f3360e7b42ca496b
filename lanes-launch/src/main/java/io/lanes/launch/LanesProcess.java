package io.lanes.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lanes as a user starts it, {@code lanes server}, in a child JVM: {@code io.lanes.cli.Main} from this
 * JVM's class path, or {@code java -jar lanes.jar}. It keeps its port and data directory across restarts, so a
 * caller can stop it, kill it with SIGKILL and bring it back on the same log.
 *
 * <p>Command line: {@code server --port P --data-dir D [--set key=value]...}, with the schema registry off
 * unless {@code lanes.schema.registry.port} is set. {@link #start()} returns once the
 * broker answers ApiVersions, which Lanes does only after recovery and coordinator loading. The child's output
 * is appended to the {@link Builder#log log file}. On a first start whose port another process took meanwhile,
 * a new free port is picked (up to three times). Instances are not thread-safe.
 */
public final class LanesProcess implements AutoCloseable {

    /** The command-line entry point, in lanes-cli. */
    public static final String MAIN_CLASS = "io.lanes.cli.Main";

    private static final String REGISTRY_PORT = "lanes.schema.registry.port";
    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;
    private static final int TAIL_LINES = 60;

    private final String name;
    private final Path dataDir;
    private final Path log;
    private final Map<String, String> settings;
    private final List<String> jvmOptions;
    private final Optional<Path> jar;
    private final Duration startupTimeout;
    private final boolean portFixed;
    private int port;
    private ChildJvm jvm;
    private double startupMillis;

    private LanesProcess(Builder builder) {
        this.name = builder.name;
        this.dataDir = builder.dataDir;
        this.log = builder.log != null ? builder.log : builder.dataDir.resolveSibling("lanes.out");
        this.settings = Map.copyOf(builder.settings);
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.jar = Optional.ofNullable(builder.jar);
        this.startupTimeout = builder.startupTimeout;
        this.portFixed = builder.port > 0;
        this.port = portFixed ? builder.port : FreePorts.pick();
    }

    /** @param dataDir the broker's {@code --data-dir}, kept across restarts (created if missing) */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Whether Lanes can be started here: a jar was given and exists, or the CLI is on the class path. */
    public static boolean available(Optional<Path> jar) {
        if (jar.isPresent()) {
            return Files.isRegularFile(jar.get());
        }
        try {
            Class.forName(MAIN_CLASS, false, LanesProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The file the child's output is appended to. */
    public Path log() {
        return log;
    }

    /** The running (or last) child JVM. */
    public ChildJvm jvm() {
        if (jvm == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return jvm;
    }

    public boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** Milliseconds from spawning the JVM until it first answered ApiVersions, for the last start. */
    public double startupMillis() {
        return startupMillis;
    }

    /** The end of the child's output, for failure messages. */
    public String outputTail() {
        return ChildJvm.tailOf(log, TAIL_LINES);
    }

    /** Starts (or restarts, after {@link #stop} or {@link #kill}) on the same port and data directory. */
    public void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Files.createDirectories(dataDir);
        boolean mayRepick = !portFixed && jvm == null;
        for (int attempt = 1; ; attempt++) {
            try {
                launchAndAwait();
                return;
            } catch (BrokerStartException.PortTaken e) {
                if (!mayRepick || attempt >= START_ATTEMPTS) {
                    throw e;
                }
                port = FreePorts.pick();
            }
        }
    }

    /**
     * SIGTERM and wait for a clean exit, SIGKILL after {@code grace}.
     *
     * @return whether it exited on its own within {@code grace}
     */
    public boolean stop(Duration grace) {
        return jvm().stop(grace);
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    public void kill() {
        jvm().kill();
    }

    /** Exit code of the last run; only meaningful once it has exited. */
    public int exitCode() {
        return jvm().exitCode();
    }

    /** Kills the broker if it runs (SIGKILL). The data directory stays: it belongs to the caller. */
    @Override
    public void close() {
        if (isAlive()) {
            jvm.kill();
        }
    }

    private void launchAndAwait() throws IOException {
        List<String> args = new ArrayList<>(List.of("server",
                "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()));
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        if (!settings.containsKey(REGISTRY_PORT)) {
            // brokers started side by side would race for the registry's fixed default port
            args.addAll(List.of("--set", REGISTRY_PORT + "=0"));
        }
        List<String> target = jar.map(file -> List.of("-jar", file.toString()))
                .orElseGet(() -> ChildJvm.mainClassTarget(MAIN_CLASS));
        jvm = ChildJvm.start(name, jvmOptions, target, args, log);
        try {
            long answered = Readiness.awaitApiVersions(jvm, HOST, port, jvm.spawnNanos() + startupTimeout.toNanos());
            startupMillis = (answered - jvm.spawnNanos()) / 1e6;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jvm.kill();
            throw new BrokerStartException("Interrupted while waiting for " + name, e);
        } catch (IOException | RuntimeException e) {
            jvm.kill();
            throw e;
        }
    }

    /** Builds and starts a {@link LanesProcess}: {@code -Xmx512m}, a free port and 60 s unless set. */
    public static final class Builder {
        private final Path dataDir;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String name = "Lanes";
        private Path log;
        private List<String> jvmOptions = List.of("-Xmx512m");
        private Path jar;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private int port;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        /** How errors name the broker. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** One broker setting, passed as {@code --set key=value}. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** Several broker settings. */
        public Builder settings(Map<String, String> entries) {
            settings.putAll(entries);
            return this;
        }

        /** Where the child's output goes (appended); default {@code lanes.out} beside the data directory. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** The child's JVM options (heap, GC, flags). */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Runs {@code java -jar jar} instead of the CLI from this JVM's class path. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** How long a start may take until the broker answers; on timeout it is killed. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** A fixed client port; default a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Builds without starting, for callers that start later. */
        public LanesProcess build() {
            return new LanesProcess(this);
        }

        /** Starts the broker and waits until it answers. */
        public LanesProcess start() throws IOException {
            LanesProcess lanes = build();
            lanes.start();
            return lanes;
        }
    }
}
