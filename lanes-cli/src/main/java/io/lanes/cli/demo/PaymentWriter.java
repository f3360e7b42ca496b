package io.lanes.cli.demo;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exactly-once half of a billing consumer (seed article 001's read-process-write): one transaction writes
 * the payment records of a processed batch to {@code payment_results} together with the batch's input
 * offsets, so a payment exists exactly when its order event counts as consumed.
 *
 * <p>Used by its consumer's thread only. {@link #commit} names the failure after an abortable one (the
 * transaction was aborted; the caller keeps the batch and tries again); fatal producer errors (fenced by a
 * newer instance, broker without transactions) are thrown.
 */
final class PaymentWriter implements AutoCloseable {
    static final String TOPIC = "payment_results";

    private final KafkaProducer<String, String> producer;
    private final String member;

    PaymentWriter(String bootstrap, String member) {
        this.member = member;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, member + "-payments");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lanes-demo-" + member);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        producer.initTransactions();
    }

    /** The payment record of an order: keyed by the order, naming who paid it. */
    ProducerRecord<String, String> payment(int orderId) {
        return new ProducerRecord<>(TOPIC, OrderEvents.key(orderId),
                "{\"order\":\"" + OrderEvents.key(orderId) + "\",\"paidBy\":\"" + member + "\"}");
    }

    /**
     * Writes {@code payments} and commits {@code offsets} for the group in one transaction.
     *
     * @return null if committed; else why the transaction was aborted (it may be retried)
     */
    String commit(List<ProducerRecord<String, String>> payments, Map<TopicPartition, OffsetAndMetadata> offsets,
                   ConsumerGroupMetadata group) {
        if (payments.isEmpty() && offsets.isEmpty()) {
            return null;
        }
        producer.beginTransaction();
        try {
            payments.forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, group);
            producer.commitTransaction();
            return null;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException e) {
            producer.abortTransaction();
            return e.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
