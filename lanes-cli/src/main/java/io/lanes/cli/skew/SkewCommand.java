package io.lanes.cli.skew;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.ReaderConfig;
import io.lanes.ops.skew.PartitionSample;
import io.lanes.ops.skew.RecordSampler;
import io.lanes.ops.skew.SampleFrom;
import io.lanes.ops.skew.SkewAnalyzer;
import io.lanes.ops.skew.SkewReport;
import io.lanes.ops.skew.SkewThresholds;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lanes skew TOPIC}: samples a bounded number of records (no group, nothing committed) and
 * reports the top keys with their share of records and bytes, each partition's share, the max/mean
 * partition ratio and a verdict, with the thresholds it used and the options for a skewed key space.
 */
@Command(name = "skew", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Key skew and hot partitions of a topic, from a bounded sample of its records (read without a "
                + "group; nothing is committed).",
                "Partition record counts come from offsets; key shares and bytes are estimated from the sample."})
public final class SkewCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to analyse.")
    String topic;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "10000",
            description = "Records to read, spread over the partitions by their sizes (default ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--from", paramLabel = "end|beginning", defaultValue = "end",
            converter = FromConverter.class,
            description = "Read each partition's newest records (end, default) or its oldest (beginning).")
    SampleFrom from;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Keys to list (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--skewed-ratio", paramLabel = "X", defaultValue = "1.2",
            description = "Skewed when the busiest partition carries at least X times the mean (default ${DEFAULT-VALUE}).")
    double skewedRatio;

    @Option(names = "--hot-partition-ratio", paramLabel = "X", defaultValue = "1.5",
            description = "Hot partition when it carries at least X times the mean (default ${DEFAULT-VALUE}).")
    double hotPartitionRatio;

    @Option(names = "--hot-key-factor", paramLabel = "X", defaultValue = "10",
            description = "A key is hot with at least X times the median key's records (default ${DEFAULT-VALUE}).")
    double hotKeyFactor;

    @Override
    public Integer call() {
        SkewThresholds thresholds = thresholds();
        if (sample < 1) {
            throw new CommandFailure(CommandFailure.USAGE, "--sample must be at least 1, got " + sample);
        }
        List<PartitionSample> samples = read();
        if (samples.stream().mapToLong(PartitionSample::recordCount).sum() == 0) {
            throw new CommandFailure(CommandFailure.USAGE, "topic " + topic + " has no records to sample");
        }
        SkewReport report = new SkewAnalyzer(thresholds).analyze(topic, from, samples);
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        if (printer.json()) {
            printer.printJson(report);
        } else {
            new SkewView(printer).print(report);
        }
        return 0;
    }

    private SkewThresholds thresholds() {
        try {
            return new SkewThresholds(skewedRatio, hotPartitionRatio, hotKeyFactor, top);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(CommandFailure.USAGE, e.getMessage());
        }
    }

    private List<PartitionSample> read() {
        Map<String, Object> config = ReaderConfig.of(cluster.clientConfig());
        config.put("key.deserializer", ByteArrayDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            return new RecordSampler(consumer, cluster.timeout()).sample(topic, sample, from);
        } catch (UnknownTopicOrPartitionException e) {
            throw new CommandFailure(CommandFailure.USAGE, "unknown topic " + topic);
        }
    }

    static final class FromConverter implements CommandLine.ITypeConverter<SampleFrom> {
        @Override
        public SampleFrom convert(String value) {
            try {
                return SampleFrom.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected end or beginning, got '" + value + "'");
            }
        }
    }
}
