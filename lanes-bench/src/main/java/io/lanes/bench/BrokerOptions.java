package io.lanes.bench;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options every lanes-bench command shares (a picocli mixin): how brokers are started, where the run's
 * files go, and where the report is written; plus the run-directory and report steps built on them.
 */
final class BrokerOptions {

    /** The {@code ./lanes} launcher's JVM options (BrokerOptionsTest keeps the two equal). */
    static final String LANES_LAUNCHER_JVM_OPTIONS = "-Xms16m -Xmx1g -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    @Option(names = "--startup-timeout-s", defaultValue = "90", description = "per broker start (default ${DEFAULT-VALUE})")
    long startupTimeoutSeconds;

    @Option(names = "--kafka-heap", defaultValue = "-Xmx1G -Xms1G",
            description = "Kafka broker heap, kafka-server-start.sh's default (default ${DEFAULT-VALUE})")
    String kafkaHeap;

    @Option(names = "--lanes-jvm-opts", defaultValue = LANES_LAUNCHER_JVM_OPTIONS,
            description = "Lanes broker JVM options, the ./lanes launcher's default (default ${DEFAULT-VALUE})")
    String lanesJvmOptions;

    @Option(names = "--lanes-jar", paramLabel = "FILE",
            description = "run Lanes as java -jar FILE (run.sh passes lanes-cli/target/lanes.jar, what ./lanes runs);"
                    + " default: io.lanes.cli.Main on this classpath")
    Path lanesJar;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "record a JFR profile of every broker start into DIR (kept)")
    Path profileDir;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "parent of the run's temporary directory (default: java.io.tmpdir)")
    Path workDir;

    @Option(names = "--keep", description = "keep data directories and logs instead of deleting them")
    boolean keep;

    @Option(names = "--report", paramLabel = "FILE", description = "also write the final report to FILE")
    Path reportFile;

    /** The broker kinds named, in order, each once. */
    static List<BrokerKind> kinds(List<String> names) {
        List<BrokerKind> kinds = new ArrayList<>();
        for (String name : names) {
            BrokerKind kind = BrokerKind.parse(name);
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** A fresh temporary directory for the run (deleted at exit unless {@code --keep}), with quiet own logging. */
    Path createRunDir(String prefix) throws IOException {
        Path base = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        Path runDir = Files.createTempDirectory(base, prefix);
        if (!keep) {
            Cleanup.trackDirectory(runDir);
        }
        if (profileDir != null) {
            Files.createDirectories(profileDir);
        }
        SideBySide.quietOwnLogging(runDir);
        return runDir;
    }

    /** Prints the report, writes it to {@code --report} and names the kept directory. */
    void finish(String report, Path runDir) throws IOException {
        System.out.println();
        System.out.println(report);
        if (reportFile != null) {
            Files.writeString(reportFile, report);
        }
        if (keep) {
            System.out.println("kept work directory " + runDir);
        }
    }
}
