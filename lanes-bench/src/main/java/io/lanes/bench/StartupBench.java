package io.lanes.bench;

import io.lanes.launch.FreePorts;
import io.lanes.launch.ChildJvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Start-up time, as users pay it: spawn until the first answered ApiVersions for {@code ./lanes server} (the
 * launcher script included), for {@code java -jar lanes.jar server} with and without the launcher's
 * class-data-sharing archive, and for Apache Kafka; and {@code LanesBroker.start} in this JVM. Spawns alternate
 * between the targets (A B C D, D C B A, ...) and the report gives medians of each.
 */
@Command(name = "startup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start-up time of Lanes (./lanes server, the jar with and without its CDS archive, "
                + "LanesBroker.start in-process) beside Apache Kafka; medians of --spawns starts each.")
public final class StartupBench implements Callable<Integer> {

    static final double LAUNCHER_GOAL_MILLIS = 250;
    static final double IN_PROCESS_GOAL_MILLIS = 50;

    @Option(names = "--spawns", defaultValue = "10", description = "starts of each process target (default ${DEFAULT-VALUE})")
    int spawns;

    @Option(names = "--in-process", defaultValue = "20",
            description = "LanesBroker.start calls in this JVM; 0 skips (default ${DEFAULT-VALUE})")
    int inProcess;

    @Option(names = "--launcher", paramLabel = "FILE",
            description = "the ./lanes launcher script (run.sh passes it); without it that target is skipped")
    Path launcher;

    @Option(names = "--targets", split = ",", defaultValue = "launcher,jar-cds,jar,kafka",
            description = "process targets: launcher (./lanes server), jar-cds (java -jar with the launcher's CDS "
                    + "archive), jar (java -jar, no archive: cold class loading), kafka (default ${DEFAULT-VALUE})")
    List<String> targets;

    @Mixin
    BrokerOptions options;

    public static void main(String[] args) {
        Cleanup.runAndExit(new StartupBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        Path runDir = options.createRunDir("lanes-startup-");
        System.out.println("lanes-bench startup " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + ", " + Runtime.getRuntime().availableProcessors() + " cpus, load average " + ProcStats.loadAverage());
        List<String> failures = new ArrayList<>();
        List<Double> inProcessMillis = List.of();
        if (inProcess > 0) {
            // first, so that its first start loads the broker's classes cold in this JVM
            inProcessMillis = InProcessStarts.run(runDir.resolve("in-process"), inProcess);
        }
        Map<String, List<Double>> spawned = new LinkedHashMap<>();
        List<String> runnable = runnableTargets(failures);
        runnable.forEach(target -> spawned.put(target, new ArrayList<>()));
        for (int round = 1; round <= spawns; round++) {
            List<String> order = new ArrayList<>(runnable);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String target : order) {
                Path dir = runDir.resolve(target + "-" + round);
                Files.createDirectories(dir);
                try {
                    spawned.get(target).add(spawnOnce(target, dir));
                } catch (BenchException e) {
                    failures.add(target + " round " + round + ": " + e.getMessage());
                } finally {
                    if (!options.keep) {
                        Cleanup.deleteRecursively(dir);
                    }
                }
            }
            System.out.println("round " + round + " done (load average " + ProcStats.loadAverage() + ")");
        }
        String report = new StartupReport(spawned, inProcessMillis, failures).render() + SideBySide.loadRemark(
                "start-up figures are unreliable");
        options.finish(report, runDir);
        return failures.isEmpty() ? 0 : 1;
    }

    private List<String> runnableTargets(List<String> failures) {
        List<String> runnable = new ArrayList<>();
        for (String target : targets) {
            switch (target) {
                case "launcher" -> {
                    if (launcher == null || !Files.isExecutable(launcher)) {
                        failures.add("launcher: no --launcher script given");
                        continue;
                    }
                }
                case "jar", "jar-cds" -> {
                    if (options.lanesJar == null || !Files.isRegularFile(options.lanesJar)) {
                        failures.add(target + ": no --lanes-jar given");
                        continue;
                    }
                    if (target.equals("jar-cds") && !Files.isRegularFile(archive(options.lanesJar))) {
                        failures.add("jar-cds: no " + archive(options.lanesJar) + " (run ./lanes once to record it)");
                        continue;
                    }
                }
                case "kafka" -> {
                }
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown target " + target);
            }
            runnable.add(target);
        }
        return runnable;
    }

    /** The launcher records its archive beside the jar. */
    static Path archive(Path jar) {
        return jar.resolveSibling("lanes.jsa");
    }

    private double spawnOnce(String target, Path dir) throws Exception {
        long timeoutMillis = Duration.ofSeconds(options.startupTimeoutSeconds).toMillis();
        if (target.equals("kafka")) {
            // only what starting Kafka reads matters: the broker kind, timeouts, heap and the work directory
            BenchConfig config = new BenchConfig(List.of(BrokerKind.KAFKA), 1, 1, 1, List.of(1), List.of("none"), 0, 0, 0,
                    0, 0, List.of(), 0, Duration.ofSeconds(options.startupTimeoutSeconds), Duration.ofSeconds(60), Duration.ZERO,
                    options.kafkaHeap, List.of(), Optional.empty(), Optional.empty(), options.keep);
            try (RunningBroker kafka = new KafkaLauncher(config).start(dir)) {
                return kafka.startupMillis();
            }
        }
        int port = FreePorts.pick();
        List<String> command = new ArrayList<>();
        if (target.equals("launcher")) {
            command.add(launcher.toString());
        } else {
            command.add(ChildJvm.javaExecutable());
            command.addAll(JvmOptions.split(options.lanesJvmOptions));
            if (target.equals("jar-cds")) {
                command.addAll(List.of("-XX:SharedArchiveFile=" + archive(options.lanesJar), "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off"));
            }
            command.addAll(List.of("-jar", options.lanesJar.toString()));
        }
        // the schema registry's fixed default port would collide between brokers: off, as lanes-launch does
        command.addAll(List.of("server", "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString(),
                "--set", "lanes.schema.registry.port=0"));
        return SpawnTimer.time(command, port, dir.resolve("broker.log"), timeoutMillis);
    }
}
