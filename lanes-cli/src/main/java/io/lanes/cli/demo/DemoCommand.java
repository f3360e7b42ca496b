package io.lanes.cli.demo;

import io.lanes.cli.command.DurationConverter;
import io.lanes.launch.InProcessLanes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lanes demo}: seed article 002 on a real broker. Order events keyed by order id go to
 * {@code order.placed}; group {@code billing} reads them with several consumers, group
 * {@code analytics} with one. Part-way a billing consumer joins and another leaves, so a
 * cooperative rebalance happens under load. At the end a verdict, checked from what the
 * consumers received, says whether every group saw every event, in order per order, with no
 * partition owned twice at once, and how long each rebalance paused consumption. Exit code 0
 * only if every check holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Order events, two consumer groups, a rebalance under load, and a verdict checked from what "
                + "the consumers received.",
                "Events keyed by order id go to a 12-partition topic; group billing reads them with several "
                        + "consumers, group analytics with one. Part-way a billing consumer joins and another leaves. "
                        + "The verdict checks that every group saw every event, each order's events in order, no "
                        + "partition owned by two consumers of a group at once, and times each rebalance's pause. "
                        + "Then a processor stage: a fresh order stream with malformed events and transient failures, "
                        + "5 ms of simulated I/O per event, handled by a plain group (one consumer per partition) and "
                        + "by one LanesProcessor; the verdict also checks the processor's per-key order, every event "
                        + "handled once, the dead letters and the retries, and prints both throughputs. "
                        + "Exit code 0 only if every check holds.",
                "Without --bootstrap it starts a Lanes broker in this process, with data in a temporary "
                        + "directory that is deleted at the end. With --bootstrap it deletes and recreates the topics "
                        + "and deletes the groups left by an earlier run."})
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this broker (Lanes or Apache Kafka) instead of starting one.")
    String bootstrap;

    @Option(names = "--events", paramLabel = "N", defaultValue = "60000",
            description = "Events to produce (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "20s", converter = DurationConverter.class,
            description = "Time over which the events are produced (default ${DEFAULT-VALUE}; 0: as fast as possible).")
    Duration duration;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "12",
            description = "Partitions of the topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--billing-consumers", paramLabel = "N", defaultValue = "3",
            description = "Consumers the billing group starts with (default ${DEFAULT-VALUE}); analytics has one.")
    int billingConsumers;

    @Option(names = "--protocol", paramLabel = "classic|consumer", defaultValue = "classic",
            description = "Consumer group protocol: classic (CooperativeStickyAssignor) or consumer (KIP-848) "
                    + "(default ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--work-us", paramLabel = "MICROS", defaultValue = "200",
            description = "Simulated processing time per event, in microseconds (default ${DEFAULT-VALUE}).")
    long workMicros;

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often the live table is printed (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "order.placed",
            description = "The topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2002",
            description = "Seed of the event stream (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest wait for the groups to form, a rebalance to settle or the consumers to catch up "
                    + "(default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-processor-stage",
            description = "Skip the processor stage (plain group versus LanesProcessor) after the groups' stage.")
    boolean noProcessorStage;

    @Option(names = "--stage-topic", paramLabel = "NAME", defaultValue = "order.processing",
            description = "Topic of the processor stage, same partitions; dead letters go to NAME-dlt "
                    + "(default ${DEFAULT-VALUE}).")
    String stageTopic;

    @Option(names = "--stage-events", paramLabel = "N", defaultValue = "30000",
            description = "Good events of the processor stage (default ${DEFAULT-VALUE}).")
    int stageEvents;

    @Option(names = "--stage-hot-share", paramLabel = "FRACTION", defaultValue = "0.02",
            description = "Share of the processor stage's events its big orders carry (default ${DEFAULT-VALUE}): "
                    + "an order is handled one event at a time, so at 5 ms an event its biggest order alone sets "
                    + "the least time the stage can take.")
    double stageHotShare;

    @Option(names = "--stage-io", paramLabel = "TIME", defaultValue = "5ms", converter = DurationConverter.class,
            description = "Simulated I/O per event in the processor stage (default ${DEFAULT-VALUE}).")
    Duration stageIo;

    @Option(names = "--stage-concurrency", paramLabel = "N", defaultValue = "200",
            description = "Events the LanesProcessor handles at once, at most (default ${DEFAULT-VALUE}).")
    int stageConcurrency;

    @Option(names = "--stage-plain-time", paramLabel = "TIME", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long the plain group's throughput is measured (default ${DEFAULT-VALUE}).")
    Duration stagePlainTime;

    @Option(names = "--stage-malformed", paramLabel = "N", defaultValue = "5",
            description = "Malformed events mixed into the processor stage's stream (default ${DEFAULT-VALUE}).")
    int stageMalformed;

    @Option(names = "--stage-fail-every", paramLabel = "N", defaultValue = "500",
            description = "Every N-th event of the processor stage fails on its first attempt "
                    + "(default ${DEFAULT-VALUE}; 0: none).")
    int stageFailEvery;

    @Option(names = "--broker-log", description = "Show the embedded broker's INFO log lines (on stderr).")
    boolean brokerLog;

    @Option(names = "--keep-open", description = "Keep the embedded broker and its dashboard up after the verdict, "
            + "until Ctrl-C.")
    boolean keepOpen;

    @Option(names = "--dashboard-port", paramLabel = "PORT",
            description = "Port of the embedded broker's dashboard (default: lanes.http.port's 8090, and none if "
                    + "that is taken; 0: no dashboard).")
    Integer dashboardPort;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        DemoOutput output = new DemoOutput(out, System.nanoTime());
        if (bootstrap != null) {
            return run(settings, bootstrap, "the broker at " + bootstrap + " (--bootstrap)", true, output);
        }
        try (BrokerLogs logs = brokerLog ? null : BrokerLogs.quiet()) {
            InProcessLanes lanes;
            try {
                // data in a temporary directory, deleted at the end and on Ctrl-C
                InProcessLanes.Builder builder = InProcessLanes.builder()
                        .config("group.initial.rebalance.delay.ms", "0")
                        .tempDirPrefix("lanes-demo-")
                        .deleteOnExit();
                if (dashboardPort != null) {
                    builder.config(io.lanes.broker.BrokerConfig.HTTP_PORT, Integer.toString(dashboardPort));
                }
                lanes = builder.start();
            } catch (IOException e) {
                spec.commandLine().getErr().println("lanes demo: cannot start the embedded broker: " + e.getMessage());
                return 1;
            }
            // each group's lag verdict on the dashboard, from the operations library
            io.lanes.cli.LagVerdictFeed verdicts = lanes.broker().dashboardUrl().isPresent()
                    ? io.lanes.cli.LagVerdictFeed.start(lanes.bootstrapServers()) : null;
            try (lanes; verdicts) {
                if (verdicts != null) {
                    lanes.broker().lagVerdicts(verdicts);
                }
                lanes.broker().dashboardUrl().ifPresent(url -> spec.commandLine().getOut().println(
                        "Dashboard: " + url + " (live while the demo runs" + (keepOpen ? ", and after it" : "") + ")"));
                int status = run(settings, lanes.bootstrapServers(), "Lanes in this process at "
                        + lanes.bootstrapServers() + " (data in a temporary directory, deleted at the end)", false, output);
                if (keepOpen) {
                    spec.commandLine().getOut().println("Keeping the broker" + lanes.broker().dashboardUrl()
                            .map(url -> " and its dashboard at " + url).orElse("") + " up (--keep-open); Ctrl-C ends.");
                    spec.commandLine().getOut().flush();
                    new java.util.concurrent.CountDownLatch(1).await();
                }
                return status;
            }
        }
    }

    private int run(DemoSettings settings, String servers, String brokerDescription, boolean resetExisting,
                    DemoOutput output) throws InterruptedException {
        DemoRun run = new DemoRun(settings, servers, output);
        output.lines(DemoIntro.lines(settings, run.workload(), brokerDescription));
        Verdict verdict = run.run(resetExisting);
        return verdict.passed() ? 0 : 1;
    }

    private DemoSettings settings() {
        List<String> problems = new java.util.ArrayList<>();
        if (events < 100) {
            problems.add("--events must be at least 100");
        }
        if (partitions < 1) {
            problems.add("--partitions must be at least 1");
        }
        if (billingConsumers < 1) {
            problems.add("--billing-consumers must be at least 1");
        }
        if (workMicros < 0) {
            problems.add("--work-us must not be negative");
        }
        GroupProtocolChoice choice = switch (protocol.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "classic" -> GroupProtocolChoice.CLASSIC;
            case "consumer" -> GroupProtocolChoice.CONSUMER;
            default -> {
                problems.add("--protocol must be classic or consumer, not " + protocol);
                yield GroupProtocolChoice.CLASSIC;
            }
        };
        StageSettings stage = noProcessorStage ? null : stage(problems);
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        return new DemoSettings(topic, events, partitions, billingConsumers, duration, interval, workMicros, choice,
                seed, timeout, stage);
    }

    private StageSettings stage(List<String> problems) {
        if (stageEvents < 100) {
            problems.add("--stage-events must be at least 100");
        }
        if (!(stageHotShare >= 0 && stageHotShare <= 1)) {
            problems.add("--stage-hot-share must be between 0 and 1");
        }
        if (stageIo.isNegative() || stageIo.isZero()) {
            problems.add("--stage-io must be positive");
        }
        if (stageConcurrency < 1) {
            problems.add("--stage-concurrency must be at least 1");
        }
        if (stagePlainTime.isNegative() || stagePlainTime.isZero()) {
            problems.add("--stage-plain-time must be positive");
        }
        if (stageMalformed < 0) {
            problems.add("--stage-malformed must not be negative");
        }
        if (stageFailEvery < 0) {
            problems.add("--stage-fail-every must not be negative");
        }
        if (stageTopic.equals(topic)) {
            problems.add("--stage-topic must differ from --topic");
        }
        return new StageSettings(stageTopic, stageEvents, stageHotShare, stageIo, stageConcurrency, stagePlainTime,
                stageMalformed, stageFailEvery);
    }
}
