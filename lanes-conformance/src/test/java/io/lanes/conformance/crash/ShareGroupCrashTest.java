package io.lanes.conformance.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share groups (KIP-932) through a SIGKILL of the broker process, with unmodified {@code KafkaShareConsumer}s on
 * threads of the test: acknowledgements survive it and only what was in flight is delivered again; and Lanes'
 * key-ordered share groups ({@code lanes.share.ordering=key}) keep per-key order through crashed consumers, locks
 * that expire and the broker killed once. One broker process for the class, restarted on its data directory.
 *
 * <p>After a restart a record that was in flight comes back with the delivery count last made durable plus one, as
 * in Apache Kafka 4.4, which does not persist acquisitions (only acknowledgements, lock-timeout releases and
 * archives): its count never goes down, and it grows for a record released before the crash.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ShareGroupCrashTest {

    private static final int DELIVERY_COUNT_LIMIT = 5;
    private static final long LOCK_MS = 2_000;

    @TempDir
    static Path workDir;

    private static BrokerProcess broker;

    @BeforeAll
    static void startBroker() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("lanes.share.groups.enable", "true");
        settings.put("group.share.heartbeat.interval.ms", "500");
        settings.put("group.share.session.timeout.ms", "6000");
        settings.put("group.share.record.lock.duration.ms", String.valueOf(LOCK_MS));
        settings.put("group.share.delivery.count.limit", String.valueOf(DELIVERY_COUNT_LIMIT));
        // Apache Kafka's lower bounds, so the same settings start it (Lanes has none)
        settings.put("group.share.min.heartbeat.interval.ms", "500");
        settings.put("group.share.min.session.timeout.ms", "6000");
        settings.put("group.share.min.record.lock.duration.ms", "1000");
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir, settings);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRedeliverOnlyWhatWasInFlightWhenTheBrokerIsKilledMidStream() throws Exception {
        // given: three consumers accepting 600 records of two partitions
        String topic = "share-kill-" + System.nanoTime();
        String group = topic + "-group";
        int count = 600;
        Topics.create(broker.bootstrapServers(), topic, 2);
        // a lock long enough that no record is handed out again before the kill only because the machine is slow
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest", "share.record.lock.duration.ms", "15000"));
        ShareDeliveryLedger ledger = new ShareDeliveryLedger(DELIVERY_COUNT_LIMIT);
        produce(topic, count, new Random(1), 0.0, ledger);
        List<ShareWorker> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(new ShareWorker("c" + i, broker.bootstrapServers(), group, topic, ledger,
                    new ShareWorker.Behaviour(12, 0.05, 0, 0, ShareWorker.Failure.NONE, Integer.MAX_VALUE), i));
        }
        List<Thread> threads = start(workers);

        // when: killed once a third is accepted
        boolean progressed = await(() -> ledger.confirmedAcceptCount() >= count / 3, Duration.ofSeconds(60));
        broker.kill9();
        ledger.brokerRestarted();
        Map<TopicPartition, Set<Long>> acceptedBeforeKill = ledger.confirmedAccepts();
        broker.start();
        boolean finished = await(() -> ledger.unsettled().isEmpty() && groupDone(group, topic, 2), Duration.ofSeconds(90));
        stop(workers, threads);
        System.out.println("share group through a kill -9: " + ledger.summary());

        // then
        assertThat(progressed).as("a third accepted before the kill").isTrue();
        assertThat(finished).as("every record settled, unsettled: %s, group: %s", ledger.unsettled(),
                groupView(group, topic, 2)).isTrue();
        assertThat(ledger.acceptedThenRedelivered(acceptedBeforeKill)).as("accepted before the kill, delivered after")
                .isEmpty();
        Map<TopicPartition, Map<Long, Short>> inFlight = ledger.inFlightAtKill(acceptedBeforeKill);
        System.out.println("in flight at the kill: " + inFlight.values().stream().mapToInt(Map::size).sum());
        assertThat(inFlight.values().stream().mapToInt(Map::size).sum()).as("records in flight at the kill").isPositive();
        List<String> notRedelivered = new ArrayList<>();
        inFlight.forEach((partition, offsets) -> offsets.forEach((offset, countBefore) -> {
            List<ShareDeliveryLedger.Delivery> after = ledger.deliveriesAfterRestart(partition, offset);
            if (after.isEmpty() || after.get(0).deliveryCount() < countBefore) {
                notRedelivered.add(partition + "@" + offset + " delivery " + countBefore + " before, after: " + after);
            }
        }));
        assertThat(notRedelivered).as("in flight at the kill, then not delivered again with a count as high").isEmpty();
        assertThat(ledger.acceptedMoreThanOnce()).isEmpty();
    }

    @Test
    void shouldKeepPerKeyOrderWhenConsumersCrashLocksExpireAndTheBrokerIsKilled() throws Exception {
        Assumptions.assumeTrue(broker.kind() == BrokerProcess.Kind.LANES, "key order is Lanes' own");
        // given: 2 partitions, one hot key (~30%), six consumers: two stall past the lock now and then, one
        // abandons its records, one closes at once mid-batch
        String topic = "share-keyed-crash-" + System.nanoTime();
        String group = topic + "-group";
        int count = 700;
        Topics.create(broker.bootstrapServers(), topic, 2);
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest", "lanes.share.ordering", "key"));
        ShareDeliveryLedger ledger = new ShareDeliveryLedger(DELIVERY_COUNT_LIMIT);
        produce(topic, count, new Random(13), 0.3, ledger);
        ShareWorker.Behaviour steady = new ShareWorker.Behaviour(8, 0.05, 0, 0, ShareWorker.Failure.NONE,
                Integer.MAX_VALUE);
        ShareWorker.Behaviour staller = new ShareWorker.Behaviour(8, 0.05, 0.02, LOCK_MS + 700,
                ShareWorker.Failure.NONE, Integer.MAX_VALUE);
        List<ShareWorker> workers = List.of(
                worker("c0", group, topic, ledger, steady, 0),
                worker("c1", group, topic, ledger, steady, 1),
                worker("c2", group, topic, ledger, staller, 2),
                worker("c3", group, topic, ledger, staller, 3),
                worker("c4", group, topic, ledger, new ShareWorker.Behaviour(8, 0.05, 0, 0,
                        ShareWorker.Failure.ABANDON, 40), 4),
                worker("c5", group, topic, ledger, new ShareWorker.Behaviour(8, 0.05, 0, 0,
                        ShareWorker.Failure.CLOSE_NOW, 60), 5));
        List<Thread> threads = start(workers);

        // when: the broker is killed once, mid-stream
        boolean progressed = await(() -> ledger.confirmedAcceptCount() >= count / 3, Duration.ofSeconds(60));
        broker.kill9();
        ledger.brokerRestarted();
        broker.start();
        boolean finished = await(() -> ledger.unsettled().isEmpty() && groupDone(group, topic, 2), Duration.ofSeconds(90));
        stop(workers, threads);
        System.out.println("share group through a kill -9: " + ledger.summary());

        // then
        assertThat(ledger.orderViolations()).as("per-key order violations").isEmpty();
        assertThat(progressed).as("a third accepted before the kill").isTrue();
        assertThat(finished).as("every record accepted or archived, unsettled: %s, group: %s", ledger.unsettled(),
                groupView(group, topic, 2)).isTrue();
        assertThat(ledger.acceptedMoreThanOnce()).isEmpty();
    }

    private static ShareWorker worker(String name, String group, String topic, ShareDeliveryLedger ledger,
                                      ShareWorker.Behaviour behaviour, long seed) {
        return new ShareWorker(name, broker.bootstrapServers(), group, topic, ledger, behaviour, seed);
    }

    /** Produces {@code count} records: key "hot" with probability {@code hotShare}, else one of 40 keys. */
    private static void produce(String topic, int count, Random random, double hotShare, ShareDeliveryLedger ledger)
            throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = random.nextDouble() < hotShare ? "hot" : "k" + random.nextInt(40);
                keys.add(key);
                sent.add(producer.send(new ProducerRecord<>(topic, key, "v" + i)));
            }
            for (int i = 0; i < count; i++) {
                RecordMetadata metadata = sent.get(i).get(30, TimeUnit.SECONDS);
                ledger.produced(new TopicPartition(topic, metadata.partition()), metadata.offset(), keys.get(i));
            }
        }
    }

    private static void setGroupConfigs(String group, Map<String, String> configs) throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            List<AlterConfigOp> ops = new ArrayList<>();
            configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The group's view: nothing left to deliver in any partition (share lag 0, KIP-1226; or, without a lag, the
     * share start offset at the log end).
     */
    private static boolean groupDone(String group, String topic, int partitions) {
        return groupView(group, topic, partitions).equals("done");
    }

    /** "done", or what the group's offsets and the log ends are (for a failure message). */
    private static String groupView(String group, String topic, int partitions) {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                    Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group)
                    .get(10, TimeUnit.SECONDS);
            for (int p = 0; p < partitions; p++) {
                TopicPartition partition = new TopicPartition(topic, p);
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                        .get(10, TimeUnit.SECONDS).offset();
                SharePartitionOffsetInfo info = offsets.get(partition);
                boolean caughtUp = info != null && info.lag().map(lag -> lag == 0).orElse(info.startOffset() >= end);
                if (!caughtUp) {
                    return partition + " share offsets " + info + ", log end " + end;
                }
            }
            return "done";
        } catch (Exception e) {
            return e.toString(); // not answering yet (restarting)
        }
    }

    private static List<Thread> start(List<ShareWorker> workers) {
        List<Thread> threads = new ArrayList<>();
        for (ShareWorker worker : workers) {
            Thread thread = new Thread(worker, "share-worker-" + threads.size());
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    private static void stop(List<ShareWorker> workers, List<Thread> threads) throws InterruptedException {
        workers.forEach(ShareWorker::stop);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
