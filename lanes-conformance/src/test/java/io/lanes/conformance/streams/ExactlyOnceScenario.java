package io.lanes.conformance.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lanes.conformance.java.Clients;
import io.lanes.conformance.java.ConformanceBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once scenarios, run by {@link StreamsExactlyOnceConformanceTest} (classic protocol) and
 * {@link StreamsProtocolExactlyOnceConformanceTest} (KIP-1071 streams protocol) against their brokers.
 *
 * <p>Kafka Streams with {@code processing.guarantee=exactly_once_v2} running the order analytics of seed article 001
 * ({@link OrderAnalyticsTopology}): a per-user order count and total in a changelog-backed store, and revenue per
 * 5-minute tumbling window behind a repartition topic. A downstream {@code read_committed} consumer must see each
 * completed order counted exactly once, also when one of two instances is killed with SIGKILL mid-stream and the
 * other takes over its tasks, restoring their state from the changelogs.
 */
abstract class ExactlyOnceScenario {

    private static final int PARTITIONS = 4;
    /** Two sub-topologies (per-user totals; windowed revenue behind the repartition topic) of four tasks each. */
    private static final Set<String> ALL_TASKS = IntStream.range(0, PARTITIONS)
            .mapToObj(p -> List.of("0_" + p, "1_" + p)).flatMap(List::stream)
            .collect(Collectors.toCollection(TreeSet::new));
    private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path workDir;

    /** The broker of the concrete test class (one per class). */
    abstract ConformanceBroker broker();

    /** One instance on {@code groupProtocol} processes known orders; each completed one is counted once. */
    void oneInstanceCountsEveryOrderOnce(String prefix, String groupProtocol) throws Exception {
        // given
        List<Order> orders = Order.generate(1, 300, 20, eventTimeStart());
        ExpectedAnalytics expected = ExpectedAnalytics.of(orders);
        createTopics(prefix);
        produce(prefix, orders, Duration.ZERO);

        // when
        try (KafkaStreams streams = OrderAnalyticsInstance.create(prefix + "analytics", prefix,
                broker().bootstrapServers(), workDir.resolve("state"), groupProtocol)) {
            streams.start();

            // then
            assertExactOutputs(prefix, prefix + "analytics", orders.size(), expected);
        }
    }

    /**
     * Two instances on {@code groupProtocol}; one is killed with SIGKILL mid-stream and the other takes over its
     * tasks: each completed order is still counted once.
     */
    void survivorCountsEveryOrderOnceAfterAKill(String prefix, String groupProtocol) throws Exception {
        // given
        String applicationId = prefix + "analytics";
        List<Order> orders = Order.generate(2, 600, 30, eventTimeStart());
        ExpectedAnalytics expected = ExpectedAnalytics.of(orders);
        createTopics(prefix);
        try (ChildStreamsInstance doomed = ChildStreamsInstance.start(applicationId, prefix,
                broker().bootstrapServers(), workDir.resolve("doomed"), groupProtocol);
             KafkaStreams survivor = OrderAnalyticsInstance.create(applicationId, prefix,
                     broker().bootstrapServers(), workDir.resolve("survivor"), groupProtocol)) {
            doomed.awaitLine("TASKS", Duration.ofSeconds(60));
            survivor.start();
            Set<String> survivorTasksBefore = await("both instances to own tasks", Duration.ofSeconds(60),
                    () -> survivor.state() == KafkaStreams.State.RUNNING
                            ? OrderAnalyticsInstance.activeTasks(survivor) : Set.<String>of(),
                    tasks -> !tasks.isEmpty() && tasks.size() < ALL_TASKS.size());
            produce(prefix, orders.subList(0, 250), Duration.ofMillis(20));
            await("every input partition to have committed progress", Duration.ofSeconds(60),
                    () -> committedInputOffsets(applicationId, prefix).values(),
                    offsets -> offsets.size() == PARTITIONS && offsets.stream().allMatch(o -> o > 0));

            // when
            Thread rest = new Thread(() -> produce(prefix, orders.subList(250, orders.size()), Duration.ofMillis(20)),
                    "order-producer");
            rest.start();
            doomed.kill();
            rest.join();

            // then
            Set<String> survivorTasksAfter = await("the survivor to own every task", Duration.ofSeconds(60),
                    () -> OrderAnalyticsInstance.activeTasks(survivor), tasks -> tasks.equals(ALL_TASKS));
            assertThat(survivorTasksBefore).as("tasks of the survivor before the crash").isNotEqualTo(ALL_TASKS);
            assertThat(survivorTasksAfter).isEqualTo(ALL_TASKS);
            assertExactOutputs(prefix, applicationId, orders.size(), expected);
        }
    }

    /**
     * Waits until the application has committed (stably) the end of the input, then reads both outputs to their
     * last stable offset with {@code read_committed} and compares them with what exactly-once processing yields.
     */
    private void assertExactOutputs(String prefix, String applicationId, int inputRecords, ExpectedAnalytics expected)
            throws Exception {
        try (CommittedOutput summaries = new CommittedOutput(broker().bootstrapServers(),
                OrderAnalyticsTopology.summariesTopic(prefix));
             CommittedOutput revenue = new CommittedOutput(broker().bootstrapServers(),
                     OrderAnalyticsTopology.revenueTopic(prefix))) {
            summaries.awaitAtLeast(expected.completedOrders(), OUTPUT_TIMEOUT);
            revenue.awaitAtLeast(expected.completedOrders(), OUTPUT_TIMEOUT);
            long committedInput = await("the whole input to be committed", OUTPUT_TIMEOUT,
                    () -> committedInputOffsets(applicationId, prefix).values().stream().mapToLong(o -> o).sum(),
                    sum -> sum == inputRecords);
            summaries.readToEnd(OUTPUT_TIMEOUT);
            revenue.readToEnd(OUTPUT_TIMEOUT);

            assertThat(committedInput).isEqualTo(inputRecords);
            assertThat(summaries.valuesByKey()).as("every per-user update, in order")
                    .isEqualTo(expected.summaries());
            Map<String, List<String>> windows = revenue.valuesByKey();
            assertThat(lastValues(windows)).as("revenue per window")
                    .isEqualTo(expected.revenueByWindow());
            assertThat(new TreeMap<>(windows.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()))))
                    .as("one revenue update per completed order in each window")
                    .isEqualTo(expected.ordersByWindow());
            windows.forEach((window, values) -> assertThat(values.stream().map(Long::valueOf).toList())
                    .as("revenue updates of window " + window).isSorted().doesNotHaveDuplicates());
        }
    }

    private static Map<String, Long> lastValues(Map<String, List<String>> valuesByKey) {
        return valuesByKey.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Long.valueOf(e.getValue().get(e.getValue().size() - 1)), (a, b) -> b, TreeMap::new));
    }

    /** Event time starts on an hour two hours ago: recent enough for retention, aligned for the windows. */
    private static long eventTimeStart() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).toEpochMilli();
    }

    private void createTopics(String prefix) throws Exception {
        try (Admin admin = Clients.admin(broker())) {
            Clients.createTopic(admin, OrderAnalyticsTopology.ordersTopic(prefix), PARTITIONS);
            Clients.createTopic(admin, OrderAnalyticsTopology.summariesTopic(prefix), PARTITIONS);
            Clients.createTopic(admin, OrderAnalyticsTopology.revenueTopic(prefix), 1);
        }
    }

    /** Produces the orders keyed by user with their event time, {@code pause} after every ten. */
    private void produce(String prefix, List<Order> orders, Duration pause) {
        try (KafkaProducer<String, String> producer = Clients.producer(broker())) {
            for (int i = 0; i < orders.size(); i++) {
                Order order = orders.get(i);
                producer.send(new ProducerRecord<>(OrderAnalyticsTopology.ordersTopic(prefix), null,
                        order.timestamp(), order.userId(), order.value()));
                if (i % 10 == 9 && !pause.isZero()) {
                    producer.flush();
                    Thread.sleep(pause.toMillis());
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The application's committed offsets of the input partitions (absent until first committed). */
    private Map<TopicPartition, Long> committedInputOffsets(String applicationId, String prefix)
            throws Exception {
        try (Admin admin = Clients.admin(broker())) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(OrderAnalyticsTopology.ordersTopic(prefix)))
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** Calls {@code probe} until {@code done} accepts its result, at most {@code timeout}; returns the last result. */
    private static <T> T await(String what, Duration timeout, Clients.Probe<T> probe,
                               java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T result = probe.get();
        while (!done.test(result)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + result);
            }
            Thread.sleep(100);
            result = probe.get();
        }
        return result;
    }
}
