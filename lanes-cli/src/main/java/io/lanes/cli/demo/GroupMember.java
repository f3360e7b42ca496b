package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.CallbackKind;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One consumer of a group, on its own thread, doing what seed article 001 recommends:
 * auto-commit off, process a polled batch, then commit synchronously what was processed;
 * when partitions are revoked, commit what was processed from them before giving them up.
 * Every processed record and every rebalance-listener call goes to its {@link MemberJournal}.
 *
 * <p>"Processing" is reading the event and, if asked, spending a fixed time per event. A member with
 * {@code exactlyOnce} (billing) also pays each order: the payments of a processed batch and its offsets are
 * committed in one transaction ({@link PaymentWriter}) instead of {@code commitSync}; an aborted transaction
 * keeps the batch for the next attempt, and on revocation the batch is committed or dropped with the
 * partition, so a payment is written exactly when its event's offset is committed.
 */
final class GroupMember {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final String topic;
    private final Map<String, Object> config;
    private final long workNanosPerEvent;
    private final GroupProgress progress;
    private final DemoOutput out;
    private final MemberJournal journal;
    private final Map<Integer, Long> processed = new HashMap<>();
    /** Payments of processed, not yet committed events, by partition (exactly-once members only). */
    private final Map<Integer, List<ProducerRecord<String, String>>> pendingPayments = new HashMap<>();
    private final boolean exactlyOnce;
    private final String bootstrap;
    private PaymentWriter payments;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;

    GroupMember(String bootstrap, String group, String name, String topic, GroupProtocolChoice protocol,
                long workNanosPerEvent, boolean exactlyOnce, GroupProgress progress, DemoOutput out) {
        this.name = name;
        this.bootstrap = bootstrap;
        this.exactlyOnce = exactlyOnce;
        this.topic = topic;
        this.workNanosPerEvent = workNanosPerEvent;
        this.progress = progress;
        this.out = out;
        this.journal = new MemberJournal(group, name);
        this.config = consumerConfig(bootstrap, group, name, protocol);
        this.thread = new Thread(this::run, "demo-" + name);
        this.thread.setDaemon(true);
    }

    static Map<String, Object> consumerConfig(String bootstrap, String group, String name,
                                              GroupProtocolChoice protocol) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.configValue());
        if (protocol == GroupProtocolChoice.CLASSIC) {
            config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            // a demo should show a rebalance within a second, not after the default 3 s heartbeat
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        }
        return config;
    }

    String name() {
        return name;
    }

    MemberJournal journal() {
        return journal;
    }

    void start() {
        thread.start();
    }

    /** Asks the consumer to finish its batch, commit, and leave the group. */
    void stop() {
        stopping = true;
    }

    boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }

    boolean failed() {
        return journal.failure() != null;
    }

    private void run() {
        KafkaConsumer<String, String> consumer = null;
        try {
            consumer = new KafkaConsumer<>(config);
            if (exactlyOnce) {
                payments = new PaymentWriter(bootstrap, name);
            }
            consumer.subscribe(List.of(topic), new Listener(consumer));
            while (!stopping) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                process(records);
                commitProcessed(consumer);
            }
            KafkaConsumer<String, String> closing = consumer;
            consumer = null;
            closing.close(CloseOptions.timeout(CLOSE_TIMEOUT)); // revokes (and commits) before leaving
        } catch (RuntimeException e) {
            journal.failed(e.toString());
            out.event("%s failed: %s", name, e);
        } finally {
            if (consumer != null) {
                try {
                    consumer.close(CloseOptions.timeout(Duration.ZERO));
                } catch (RuntimeException ignored) {
                    // already failing; the failure is recorded
                }
            }
            if (payments != null) {
                try {
                    payments.close();
                } catch (RuntimeException e) {
                    journal.commitFailed("closing the payment producer: " + e.getClass().getSimpleName());
                }
            }
            progress.releaseAll(name);
            stopped.countDown();
        }
    }

    private void process(ConsumerRecords<String, String> records) {
        if (records.isEmpty()) {
            return;
        }
        for (ConsumerRecord<String, String> record : records) {
            int orderId = OrderEvents.orderId(record.key());
            int seq = OrderEvents.seq(record.value());
            if (orderId != OrderEvents.orderIdOfValue(record.value())) {
                orderId = -1;
                seq = -1;
            }
            journal.delivered(record.partition(), record.offset(), orderId, seq, System.nanoTime());
            progress.consumed(record.partition(), record.offset());
            processed.put(record.partition(), record.offset() + 1);
            if (payments != null && orderId >= 0 && OrderEvents.isPaid(record.value())) {
                pendingPayments.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(payments.payment(orderId));
            }
        }
        if (workNanosPerEvent > 0) {
            LockSupport.parkNanos(workNanosPerEvent * records.count());
        }
    }

    private void commitProcessed(KafkaConsumer<String, String> consumer) {
        if (processed.isEmpty()) {
            return;
        }
        if (payments != null) {
            if (commitTransaction(consumer, processed.keySet(), offsets(processed.keySet()))) {
                processed.clear();
            }
            return;
        }
        try {
            consumer.commitSync(offsets(processed.keySet()));
            processed.clear();
        } catch (RebalanceInProgressException | CommitFailedException | RetriableException e) {
            // kept: committed after the rebalance, or on revocation; if the partition is lost,
            // its next owner re-reads from the last commit (at-least-once)
            journal.commitFailed(e.getClass().getSimpleName());
        }
    }

    /** Commits the payments of {@code partitions} with their {@code offsets} in one transaction; false if aborted. */
    private boolean commitTransaction(KafkaConsumer<String, String> consumer, Collection<Integer> partitions,
                                      Map<TopicPartition, OffsetAndMetadata> offsets) {
        List<ProducerRecord<String, String>> batch = new ArrayList<>();
        for (int partition : partitions) {
            batch.addAll(pendingPayments.getOrDefault(partition, List.of()));
        }
        String failure = payments.commit(batch, offsets, consumer.groupMetadata());
        if (failure != null) {
            journal.commitFailed("aborted transaction (" + failure + ")");
            return false;
        }
        partitions.forEach(pendingPayments::remove);
        return true;
    }

    private Map<TopicPartition, OffsetAndMetadata> offsets(Collection<Integer> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int partition : partitions) {
            Long next = processed.get(partition);
            if (next != null) {
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(next));
            }
        }
        return offsets;
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    /** Runs on the consumer thread, inside poll() or close(). */
    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> consumer;

        Listener(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            long start = System.nanoTime();
            List<Integer> revoked = numbers(partitions);
            Map<TopicPartition, OffsetAndMetadata> offsets = offsets(revoked);
            String committed = "";
            if (!offsets.isEmpty()) {
                String firstCommitted = " (committed " + Format.partitions(
                        offsets.keySet().stream().map(TopicPartition::partition).toList()) + " first)";
                if (payments != null) {
                    committed = commitTransaction(consumer, revoked, offsets) ? firstCommitted
                            : " (transaction aborted: the next owner redoes it)";
                } else {
                    try {
                        consumer.commitSync(offsets);
                        committed = firstCommitted;
                    } catch (KafkaException e) {
                        journal.commitFailed(e.getClass().getSimpleName() + " on revocation");
                        committed = " (commit failed: " + e.getClass().getSimpleName() + ")";
                    }
                }
            }
            revoked.forEach(processed::remove);
            revoked.forEach(pendingPayments::remove);
            progress.released(revoked, name);
            journal.released(CallbackKind.REVOKED, revoked, start, System.nanoTime());
            if (!revoked.isEmpty()) {
                out.event("%s %s gave up %s%s", journal.group(), name, Format.partitions(revoked), committed);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            long start = System.nanoTime();
            List<Integer> lost = numbers(partitions);
            lost.forEach(processed::remove);
            lost.forEach(pendingPayments::remove);
            progress.released(lost, name);
            journal.released(CallbackKind.LOST, lost, start, System.nanoTime());
            if (!lost.isEmpty()) {
                out.event("%s %s lost %s", journal.group(), name, Format.partitions(lost));
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            long start = System.nanoTime();
            List<Integer> assigned = numbers(partitions);
            journal.assigned(assigned, start, System.nanoTime());
            progress.assigned(assigned, name);
            if (!assigned.isEmpty()) {
                out.event("%s %s took %s", journal.group(), name, Format.partitions(assigned));
            }
        }
    }
}
