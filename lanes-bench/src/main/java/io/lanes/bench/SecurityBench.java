package io.lanes.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Produce and fetch throughput over PLAINTEXT, SSL and SASL_SSL (SCRAM-SHA-512) listeners of one broker, Lanes
 * beside Apache Kafka, both configured with the same listeners and Kafka's setting names ({@link SecureListeners}).
 * Each round starts every broker fresh (order alternating); per protocol a saturating ProducerPerformance run
 * (the side-by-side producer settings, uncompressed) into a topic of its own, then a fetch of it over the same
 * listener. The report gives medians, Lanes/Kafka ratios and what each secure listener keeps of the broker's
 * plaintext throughput.
 */
@Command(name = "security", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Produce/fetch throughput over PLAINTEXT, SSL and SASL_SSL (SCRAM-SHA-512), Lanes beside Kafka.")
public final class SecurityBench implements Callable<Integer> {

    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_SSL");

    @Option(names = "--brokers", split = ",", defaultValue = "kafka,lanes-page-cache",
            description = "comma-separated: kafka, lanes-page-cache, lanes-fsync (default ${DEFAULT-VALUE})")
    List<String> brokers;

    @Option(names = "--protocols", split = ",", defaultValue = "PLAINTEXT,SSL,SASL_SSL",
            description = "listeners measured, in order (default ${DEFAULT-VALUE})")
    List<String> protocols;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds per broker (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--records", defaultValue = "400000", description = "records per produce run (default ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--record-size", defaultValue = "1024", description = "bytes per record (default ${DEFAULT-VALUE})")
    int recordSize;

    @Option(names = "--timeout-s", defaultValue = "300", description = "per tool run (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Mixin
    BrokerOptions options;

    public static void main(String[] args) {
        Cleanup.runAndExit(new SecurityBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        List<BrokerKind> kinds = BrokerOptions.kinds(brokers);
        if (!PROTOCOLS.containsAll(protocols)) {
            System.err.println("--protocols: one or more of " + PROTOCOLS);
            return 2;
        }
        if (kinds.contains(BrokerKind.NULL)) {
            System.err.println("the null broker has no secure listeners");
            return 2;
        }
        BenchConfig config = new BenchConfig(kinds, rounds, records, recordSize, List.of(1), List.of("none"), 0, 0, 0, 0, 0, List.of(), 0,
                Duration.ofSeconds(options.startupTimeoutSeconds), Duration.ofSeconds(timeoutSeconds), Duration.ZERO,
                options.kafkaHeap, JvmOptions.split(options.lanesJvmOptions), Optional.ofNullable(options.lanesJar),
                Optional.ofNullable(options.profileDir), options.keep);
        if (kinds.stream().anyMatch(BrokerKind::isLanes) && !LanesLauncher.available(config)) {
            System.err.println("Lanes is not runnable; use --brokers kafka");
            return 2;
        }
        Path runDir = options.createRunDir("lanes-bench-security-");
        SecureListeners secure = SecureListeners.create(runDir.resolve("tls"));
        System.out.printf("lanes-bench security: brokers %s, rounds %d, %d records x %d B, protocols %s, SASL %s%n",
                kinds.stream().map(BrokerKind::id).toList(), rounds, records, recordSize, protocols, SecureListeners.MECHANISM);
        Results results = new Results();
        for (String protocol : protocols) {
            results.declare(produceMibps(protocol));
        }
        for (String protocol : protocols) {
            results.declare(consumeMibps(protocol));
        }
        for (String protocol : protocols) {
            results.declare(produceCpu(protocol));
            results.declare(consumeCpu(protocol));
        }
        for (int round = 1; round <= rounds; round++) {
            for (BrokerKind kind : SideBySide.order(kinds, round)) {
                runOne(config, secure, protocols, results, kind, round, runDir.resolve("round-" + round).resolve(kind.id()));
            }
        }
        options.finish(new Report(results, kinds).render() + keptShare(results, kinds)
                + SideBySide.loadRemark("throughput figures are unreliable; broker CPU s/GiB is the steadier comparison"),
                runDir);
        return results.failures().isEmpty() ? 0 : 1;
    }

    private static void runOne(BenchConfig config, SecureListeners secure, List<String> protocols, Results results,
                               BrokerKind kind, int round,
                               Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String name = "round " + round + " " + kind.id();
        System.out.println(name + ": starting (load average " + ProcStats.loadAverage() + ")");
        BrokerLauncher launcher = kind == BrokerKind.KAFKA ? new KafkaLauncher(config, Optional.of(secure))
                : new LanesLauncher(config, kind, Optional.of(secure));
        try (RunningBroker broker = launcher.start(dir)) {
            prepare(broker);
            ToolRunner tools = new ToolRunner(broker, dir, Log4jConfig.write(dir, "tools-log4j2.properties", "WARN"),
                    config.measurementTimeout());
            for (String protocol : protocols) {
                try {
                    measure(config, secure, results, broker, tools, protocol, round, dir);
                } catch (Exception e) {
                    String message = name + " " + protocol + ": " + e.getMessage();
                    results.fail(message);
                    System.out.println("  ! " + message.replace("\n", "\n    "));
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            String message = name + ": " + e.getMessage();
            results.fail(message);
            System.out.println("  ! " + message.replace("\n", "\n    "));
        } finally {
            if (!config.keepWorkDir()) {
                Cleanup.deleteRecursively(dir);
            }
        }
    }

    /** The SCRAM user and one topic per protocol, over the PLAINTEXT listener. */
    private static void prepare(RunningBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(SecureListeners.USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SecureListeners.USER_PASSWORD)))
                    .all().get(60, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (String protocol : PROTOCOLS) {
                topics.add(new NewTopic(topic(protocol), 1, (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            // Kafka applies the credential when its metadata log reaches the broker: wait until it is described
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.describeUserScramCredentials(List.of(SecureListeners.USER)).all().get(30, TimeUnit.SECONDS)
                    .isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
    }

    private static void measure(BenchConfig config, SecureListeners secure, Results results, RunningBroker broker,
                                ToolRunner tools, String protocol, int round, Path dir) throws Exception {
        String bootstrap = broker.bootstrap(protocol);
        List<String> client = secure.clientProperties(protocol);
        List<String> produceArgs = new ArrayList<>(List.of("--topic", topic(protocol),
                "--num-records", Long.toString(config.records()),
                "--record-size", Integer.toString(config.recordSize()),
                "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "batch.size=65536", "linger.ms=5",
                "compression.type=none"));
        // ProducerPerformance's --producer-props refuses values holding '=' (a JAAS line): security goes in a file
        // (--command-config, Kafka 4.4's name for the deprecated --producer.config)
        produceArgs.addAll(List.of("--command-config", clientConfig(dir, protocol, client).toString()));
        long cpuBefore = cpu(broker);
        String output = tools.run("produce-" + protocol, "org.apache.kafka.tools.ProducerPerformance", produceArgs);
        long produceCpu = cpu(broker) - cpuBefore;
        ProduceResult produced = ProduceResult.parse(output)
                .orElseThrow(() -> new BenchException("no ProducerPerformance summary in:\n" + ToolRunner.tail(output)));
        if (produced.records() < config.records()) {
            throw new BenchException("only " + produced.records() + " of " + config.records() + " records acknowledged");
        }
        BrokerKind kind = broker.kind();
        results.add(kind, produceMibps(protocol), round, produced.mibPerSecond());
        results.add(kind, produceCpu(protocol), round, cpuPerGib(produceCpu, produced.records(), config));

        List<String> fetchArgs = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--topic", topic(protocol),
                "--records", Long.toString(produced.records()),
                "--timeout-ms", Long.toString(config.measurementTimeout().toMillis())));
        client.forEach(property -> {
            fetchArgs.add("--consumer-property");
            fetchArgs.add(property);
        });
        cpuBefore = cpu(broker);
        String fetchOutput = tools.run("consume-" + protocol, FetchPerformance.class.getName(), fetchArgs);
        long consumeCpu = cpu(broker) - cpuBefore;
        FetchResult fetched = FetchResult.parse(fetchOutput)
                .orElseThrow(() -> new BenchException("no FETCH-RESULT line in:\n" + ToolRunner.tail(fetchOutput)));
        results.add(kind, consumeMibps(protocol), round, fetched.mibPerSecond());
        results.add(kind, consumeCpu(protocol), round, cpuPerGib(consumeCpu, fetched.records(), config));
        System.out.printf(Locale.ROOT, "  round %d %s %s: produce %.1f MiB/s, consume %.1f MiB/s%n", round, kind.id(),
                protocol, produced.mibPerSecond(), fetched.mibPerSecond());
    }

    /** The client settings as a properties file for {@code --command-config}. */
    private static Path clientConfig(Path dir, String protocol, List<String> settings) throws IOException {
        Properties properties = new Properties();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            properties.setProperty(setting.substring(0, equals), setting.substring(equals + 1));
        }
        Path file = dir.resolve("client-" + protocol + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "security settings of the " + protocol + " listener's clients");
        }
        return file;
    }

    /** What each secure listener keeps of the same broker's PLAINTEXT throughput (median over median). */
    static String keptShare(Results results, List<BrokerKind> kinds) {
        StringBuilder out = new StringBuilder("\nShare of the same broker's PLAINTEXT throughput (medians)\n");
        for (BrokerKind kind : kinds) {
            for (String protocol : PROTOCOLS.subList(1, PROTOCOLS.size())) {
                out.append(String.format(Locale.ROOT, "  %-18s %-9s produce %s, consume %s%n", kind.title(), protocol,
                        share(results, produceMibps(protocol), produceMibps("PLAINTEXT"), kind),
                        share(results, consumeMibps(protocol), consumeMibps("PLAINTEXT"), kind)));
            }
        }
        return out.toString();
    }

    private static String share(Results results, Metric metric, Metric plaintext, BrokerKind kind) {
        OptionalDouble value = results.median(metric, kind);
        OptionalDouble base = results.median(plaintext, kind);
        return value.isPresent() && base.isPresent() && base.getAsDouble() > 0
                ? Report.format(OptionalDouble.of(value.getAsDouble() / base.getAsDouble()), 2) : "n/a";
    }

    static String topic(String protocol) {
        return "bench-security-" + protocol.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Metric produceMibps(String protocol) {
        return new Metric(protocol + " produce MiB/s" + mechanism(protocol), true, 1);
    }

    static Metric consumeMibps(String protocol) {
        return new Metric(protocol + " consume MiB/s" + mechanism(protocol), true, 1);
    }

    static Metric produceCpu(String protocol) {
        return new Metric(protocol + " produce broker CPU s/GiB", false, 2);
    }

    static Metric consumeCpu(String protocol) {
        return new Metric(protocol + " consume broker CPU s/GiB", false, 2);
    }

    private static String mechanism(String protocol) {
        return protocol.startsWith("SASL") ? " (" + SecureListeners.MECHANISM + ")" : "";
    }

    private static long cpu(RunningBroker broker) {
        OptionalLong millis = ProcStats.cpuMillis(broker.jvm().pid());
        return millis.orElse(-1);
    }

    private static double cpuPerGib(long cpuMillis, long records, BenchConfig config) {
        double gib = records * (double) config.recordSize() / (1L << 30);
        return cpuMillis < 0 || gib <= 0 ? Double.NaN : cpuMillis / 1000.0 / gib;
    }
}
