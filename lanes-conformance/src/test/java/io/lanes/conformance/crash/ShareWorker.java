package io.lanes.conformance.crash;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One unmodified {@code KafkaShareConsumer} (explicit acknowledgement) on its own thread, reporting every delivery,
 * decision and broker answer to a {@link ShareDeliveryLedger}. It processes each record for a random time, may
 * release it instead of accepting it, may stall past the acquisition lock, and may crash: stop polling for good
 * while holding records ({@link Failure#ABANDON}, its locks expire) or close at once mid-batch
 * ({@link Failure#CLOSE_NOW}). It keeps polling through broker restarts (client errors are the broker's absence).
 *
 * <p>Thread-safety: the consumer is used only on the worker's thread; {@link #stop} may be called from any thread.
 */
final class ShareWorker implements Runnable {

    enum Failure { NONE, ABANDON, CLOSE_NOW }

    /** How the worker treats records: processing time, release and stall probabilities, and when it fails. */
    record Behaviour(int maxProcessingMs, double releaseChance, double stallChance, long stallMs, Failure failure,
                     int failAfterRecords) {
        static Behaviour steady(int maxProcessingMs) {
            return new Behaviour(maxProcessingMs, 0, 0, 0, Failure.NONE, Integer.MAX_VALUE);
        }
    }

    private final String name;
    private final String bootstrapServers;
    private final String group;
    private final String topic;
    private final ShareDeliveryLedger ledger;
    private final Behaviour behaviour;
    private final Random random;
    private final AtomicBoolean stop = new AtomicBoolean();

    ShareWorker(String name, String bootstrapServers, String group, String topic, ShareDeliveryLedger ledger,
                Behaviour behaviour, long seed) {
        this.name = name;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.topic = topic;
        this.ledger = ledger;
        this.behaviour = behaviour;
        this.random = new Random(seed);
    }

    void stop() {
        stop.set(true);
    }

    @Override
    public void run() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        config.put("share.acknowledgement.mode", "explicit");
        // at most max.poll.records acquired at once (KIP-1206): a whole producer batch would outlast the lock
        config.put("share.acquire.mode", "record_limit");
        KafkaShareConsumer<String, String> consumer =
                new KafkaShareConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        try {
            consumer.setAcknowledgementCommitCallback((offsets, exception) -> ledger.answered(name, offsets, exception));
            consumer.subscribe(List.of(topic));
            int processed = 0;
            // the consumer fetches again only once the records of its last fetch were returned (record_limit keeps a
            // fetch within max.poll.records), so the next records were fetched no earlier than this broker run
            int fetchableSince = ledger.brokerRun();
            while (!stop.get()) {
                ConsumerRecords<String, String> records = poll(consumer);
                // handed out now, all of them: recorded before any is processed, since processing (a stall) can
                // outlast their locks and the broker then hands them, or the records of their keys after them, on
                for (ConsumerRecord<String, String> record : records) {
                    ledger.delivered(name, record, fetchableSince);
                }
                if (!records.isEmpty()) {
                    fetchableSince = ledger.brokerRun();
                }
                for (ConsumerRecord<String, String> record : records) {
                    if (++processed > behaviour.failAfterRecords()) {
                        fail(consumer);
                        return;
                    }
                    process();
                    AcknowledgeType type = random.nextDouble() < behaviour.releaseChance()
                            ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT;
                    ledger.deciding(name, record, type);
                    consumer.acknowledge(record, type);
                }
                commit(consumer);
            }
            consumer.close(Duration.ofSeconds(5));
            ledger.closedWithoutAnswer(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            consumer.close(Duration.ZERO);
        }
    }

    private void fail(KafkaShareConsumer<String, String> consumer) throws InterruptedException {
        if (behaviour.failure() == Failure.ABANDON) {
            while (!stop.get()) {
                Thread.sleep(50); // abandoned: holds its records without polling until their locks expire
            }
        }
        consumer.close(Duration.ZERO);
        ledger.closedWithoutAnswer(name);
    }

    private void process() throws InterruptedException {
        Thread.sleep(random.nextInt(behaviour.maxProcessingMs() + 1));
        if (random.nextDouble() < behaviour.stallChance()) {
            Thread.sleep(behaviour.stallMs()); // past the acquisition lock: the broker hands the record out again
        }
    }

    private static ConsumerRecords<String, String> poll(KafkaShareConsumer<String, String> consumer) {
        try {
            return consumer.poll(Duration.ofMillis(100));
        } catch (KafkaException e) {
            return ConsumerRecords.empty(); // the broker is away (killed); the client reconnects on the next poll
        }
    }

    private static void commit(KafkaShareConsumer<String, String> consumer) {
        try {
            consumer.commitSync(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            // the broker is away: the callback reported these acknowledgements as failed (outcome unknown)
        }
    }
}
