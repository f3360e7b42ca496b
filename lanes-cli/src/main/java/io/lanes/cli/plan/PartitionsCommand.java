package io.lanes.cli.plan;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.cli.command.DurationConverter;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.ReaderConfig;
import io.lanes.ops.plan.Headroom;
import io.lanes.ops.plan.KeySpace;
import io.lanes.ops.plan.MeasuredRates;
import io.lanes.ops.plan.PartitionPlan;
import io.lanes.ops.plan.PartitionPlanReport;
import io.lanes.ops.plan.PartitionPlanner;
import io.lanes.ops.plan.PlanAdvice;
import io.lanes.ops.plan.PlanInput;
import io.lanes.ops.plan.RateMeter;
import io.lanes.ops.skew.RecordSampler;
import io.lanes.ops.skew.SampleFrom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code lanes plan partitions}: minimum = ceil(peak / per-consumer rate), recommended =
 * ceil(minimum * (1 + headroom)), from rates given on the command line or measured on a topic and
 * group over a window; warns about a key space too small for the count and about remapping keys
 * by adding partitions.
 */
@Command(name = "partitions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"How many partitions a topic needs: minimum = ceil(peak rate / per-consumer rate), "
                + "recommended = ceil(minimum * (1 + headroom)).",
                "Give the rates, or --topic and --group to measure them on the cluster over --window: the produce rate "
                        + "from log end offsets, the per-consumer rate from committed offsets divided by the group's members."})
public final class PartitionsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Option(names = "--peak-rate", paramLabel = "RECORDS/S", converter = RateConverter.class, description = "Peak produce rate (measured on --topic if absent).")
    BigDecimal peakRate;

    @Option(names = "--per-consumer-rate", paramLabel = "RECORDS/S", converter = RateConverter.class,
            description = "What one consumer processes per second (measured on --group if absent).")
    BigDecimal perConsumerRate;

    @Option(names = "--headroom", paramLabel = "20%|0.2", defaultValue = "20%",
            description = "Spare capacity above the minimum (default ${DEFAULT-VALUE}).")
    String headroom;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Measure the produce rate on this topic, sample its keys, compare with its partitions.")
    String topic;

    @Option(names = "--group", paramLabel = "GROUP", description = "Measure this group's per-consumer rate on --topic.")
    String group;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.Positive.class,
            description = "How long to measure (default ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--keys", paramLabel = "N", description = "Distinct keys of the topic (sampled on --topic if absent).")
    Long keys;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "10000",
            description = "Records sampled to count --topic's distinct keys (default ${DEFAULT-VALUE}).")
    int sample;

    @Override
    public Integer call() throws Exception {
        Headroom room = parseHeadroom();
        validate();
        PartitionPlanReport report = needsCluster() ? withCluster(room) : offline(room);
        print(report);
        return 0;
    }

    private Headroom parseHeadroom() {
        try {
            return Headroom.parse(headroom);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(CommandFailure.USAGE, e.getMessage());
        }
    }

    private void validate() {
        if (group != null && topic == null) {
            usage("--group needs --topic (the group's rate is measured on that topic)");
        }
        if (peakRate == null && topic == null) {
            usage("give --peak-rate, or --topic to measure the produce rate");
        }
        if (perConsumerRate == null && group == null) {
            usage("give --per-consumer-rate, or --topic and --group to measure it");
        }
        if (peakRate != null && peakRate.signum() <= 0) {
            usage("--peak-rate must be above zero, got " + peakRate.toPlainString());
        }
        if (perConsumerRate != null && perConsumerRate.signum() <= 0) {
            usage("--per-consumer-rate must be above zero, got " + perConsumerRate.toPlainString());
        }
        if (keys != null && keys < 1) {
            usage("--keys must be at least 1, got " + keys);
        }
        if (sample < 1) {
            usage("--sample must be at least 1, got " + sample);
        }
    }

    private boolean needsCluster() {
        return topic != null;
    }

    private PartitionPlanReport offline(Headroom room) {
        PartitionPlan plan = PartitionPlanner.plan(PlanInput.given(peakRate), PlanInput.given(perConsumerRate), room);
        KeySpace keySpace = keys == null ? null : KeySpace.given(keys);
        return new PartitionPlanReport(plan, null, null, null, null, keySpace,
                PlanAdvice.warnings(plan, keySpace, null, 0), PlanAdvice.notes(plan, keySpace, null, 0));
    }

    private PartitionPlanReport withCluster(Headroom room) throws Exception {
        Map<String, Object> config = cluster.clientConfig();
        try (Admin admin = Admin.create(config)) {
            RateMeter meter = new RateMeter(admin, cluster.timeout());
            int partitions = partitionsOf(meter);
            MeasuredRates measured = peakRate == null || perConsumerRate == null
                    ? meter.measure(topic, perConsumerRate == null ? group : null, window) : null;
            PlanInput peak = peakRate != null ? PlanInput.given(peakRate) : measuredPeak(measured);
            PlanInput perConsumer = perConsumerRate != null ? PlanInput.given(perConsumerRate)
                    : measuredPerConsumer(measured);
            PartitionPlan plan = PartitionPlanner.plan(peak, perConsumer, room);
            KeySpace keySpace = keys != null ? KeySpace.given(keys) : sampleKeys(config);
            return new PartitionPlanReport(plan, topic, group, partitions, measured, keySpace,
                    PlanAdvice.warnings(plan, keySpace, topic, partitions),
                    PlanAdvice.notes(plan, keySpace, topic, partitions));
        }
    }

    private int partitionsOf(RateMeter meter) throws Exception {
        try {
            return meter.partitions(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new CommandFailure(CommandFailure.USAGE, "unknown topic " + topic);
            }
            throw e;
        }
    }

    private PlanInput measuredPeak(MeasuredRates measured) {
        if (measured.produced() == 0) {
            usage("nothing was produced to " + topic + " during the " + seconds(measured)
                    + " window: give --peak-rate, or measure while producers run");
        }
        return PlanInput.measured(measured.produceRate(), String.format(Locale.ROOT,
                "measured on %s over %s: log end offsets advanced %,d", topic, seconds(measured), measured.produced()));
    }

    private PlanInput measuredPerConsumer(MeasuredRates measured) {
        if (measured.members() == 0) {
            usage("group " + group + " has no members consuming " + topic + ": give --per-consumer-rate, or measure "
                    + "while the group runs");
        }
        if (measured.consumed() == 0) {
            usage("group " + group + " committed no progress on " + topic + " during the " + seconds(measured)
                    + " window: give --per-consumer-rate, or measure while the group consumes");
        }
        return PlanInput.measured(measured.perConsumerRate(), String.format(Locale.ROOT,
                "measured on %s over %s: commits advanced %,d, %d members", group, seconds(measured),
                measured.consumed(), measured.members()));
    }

    private KeySpace sampleKeys(Map<String, Object> config) {
        Map<String, Object> consumerConfig = ReaderConfig.of(config);
        consumerConfig.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumerConfig.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            return KeySpace.counted(new RecordSampler(consumer, cluster.timeout()).sample(topic, sample, SampleFrom.END));
        }
    }

    private static String seconds(MeasuredRates measured) {
        return String.format(Locale.ROOT, "%.1f s", measured.seconds());
    }

    private static void usage(String message) {
        throw new CommandFailure(CommandFailure.USAGE, message);
    }

    private void print(PartitionPlanReport report) {
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        if (printer.json()) {
            printer.printJson(report);
            return;
        }
        new PlanView(printer).print(report);
    }
}
