package io.lanes.ops.demo;

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
                        + "Exit code 0 only if every check holds.",
                "Without --bootstrap it starts a Lanes broker in this process, with data in a temporary "
                        + "directory that is deleted at the end. With --bootstrap it deletes and recreates the topic "
                        + "and deletes the two groups left by an earlier run."})
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

    @Option(names = "--broker-log", description = "Show the embedded broker's INFO log lines (on stderr).")
    boolean brokerLog;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        DemoOutput output = new DemoOutput(out, System.nanoTime());
        if (bootstrap != null) {
            return run(settings, bootstrap, "the broker at " + bootstrap + " (--bootstrap)", true, output);
        }
        try (BrokerLogs logs = brokerLog ? null : BrokerLogs.quiet()) {
            EmbeddedLanes lanes;
            try {
                lanes = EmbeddedLanes.start();
            } catch (IOException e) {
                spec.commandLine().getErr().println("lanes demo: cannot start the embedded broker: " + e.getMessage());
                return 1;
            }
            try (lanes) {
                return run(settings, lanes.bootstrapServers(), "Lanes in this process at " + lanes.bootstrapServers()
                        + " (data in a temporary directory, deleted at the end)", false, output);
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
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        return new DemoSettings(topic, events, partitions, billingConsumers, duration, interval, workMicros, choice,
                seed, timeout);
    }
}
