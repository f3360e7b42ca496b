package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The headers of a record sent to a dead-letter or retry topic, named and encoded byte for byte as
 * Spring Kafka writes them, so Spring and Lanes consumers can share these topics.
 *
 * <p>Two styles, as in Spring Kafka:
 * <ul>
 *   <li>{@link #deadLetter dead letter without retry topics} ({@code DeadLetterPublishingRecoverer}'s
 *       defaults): the record's own headers, then {@code kafka_dlt-exception-fqcn},
 *       {@code kafka_dlt-exception-cause-fqcn}, {@code kafka_dlt-exception-message} (absent when the
 *       exception has no message), {@code kafka_dlt-exception-stacktrace} (previous values replaced;
 *       {@code kafka_dlt-key-exception-*} for a key that failed to deserialize), then
 *       {@code kafka_dlt-original-topic}, {@code -partition}, {@code -offset}, {@code -timestamp},
 *       {@code -timestamp-type}, {@code kafka_dlt-original-consumer-group} (appended).</li>
 *   <li>{@link #retryHop through retry topics} ({@code DeadLetterPublishingRecovererFactory}): the
 *       names {@code kafka_exception-*} ({@code kafka_key-exception-*}) and {@code kafka_original-*}
 *       (the group still {@code kafka_dlt-original-consumer-group}); the original headers are kept
 *       from the first failure rather than appended; then {@code retry_topic-original-timestamp},
 *       {@code retry_topic-attempts} and {@code retry_topic-backoff-timestamp}, appended at every hop
 *       (Spring's default keeps all values; the last one counts). This style is used for every hop, the final dead letter included.</li>
 * </ul>
 * Encodings: topic, timestamp type (its {@code toString()}, e.g. {@code CreateTime}), group,
 * class names, message and stack trace ({@code printStackTrace} output) are UTF-8 strings;
 * partition a 4-byte big-endian int; offset and original timestamp 8-byte big-endian longs;
 * {@code retry_topic-attempts} a 4-byte big-endian int (the attempt the receiving topic makes,
 * counting from 1 on the main topic); {@code retry_topic-original-timestamp} and
 * {@code retry_topic-backoff-timestamp} {@code BigInteger.toByteArray()} of epoch milliseconds
 * (minimal two's complement, usually 6 bytes).
 *
 * <p>Stateless and thread-safe.
 */
public final class FailureHeaders {

    public static final String DLT_ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String DLT_ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String DLT_ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String DLT_ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    public static final String DLT_ORIGINAL_TIMESTAMP_TYPE = "kafka_dlt-original-timestamp-type";
    public static final String DLT_ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
    public static final String DLT_EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    public static final String DLT_EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
    public static final String DLT_EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    public static final String DLT_EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";
    public static final String DLT_KEY_EXCEPTION_FQCN = "kafka_dlt-key-exception-fqcn";
    public static final String DLT_KEY_EXCEPTION_MESSAGE = "kafka_dlt-key-exception-message";
    public static final String DLT_KEY_EXCEPTION_STACKTRACE = "kafka_dlt-key-exception-stacktrace";

    public static final String ORIGINAL_TOPIC = "kafka_original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_original-offset";
    public static final String ORIGINAL_TIMESTAMP = "kafka_original-timestamp";
    public static final String ORIGINAL_TIMESTAMP_TYPE = "kafka_original-timestamp-type";
    public static final String EXCEPTION_FQCN = "kafka_exception-fqcn";
    public static final String EXCEPTION_CAUSE_FQCN = "kafka_exception-cause-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_exception-message";
    public static final String EXCEPTION_STACKTRACE = "kafka_exception-stacktrace";
    public static final String KEY_EXCEPTION_FQCN = "kafka_key-exception-fqcn";
    public static final String KEY_EXCEPTION_MESSAGE = "kafka_key-exception-message";
    public static final String KEY_EXCEPTION_STACKTRACE = "kafka_key-exception-stacktrace";

    public static final String RETRY_ATTEMPTS = "retry_topic-attempts";
    public static final String RETRY_BACKOFF_TIMESTAMP = "retry_topic-backoff-timestamp";
    public static final String RETRY_ORIGINAL_TIMESTAMP = "retry_topic-original-timestamp";

    private static final Names DLT_NAMES = new Names(DLT_ORIGINAL_TOPIC, DLT_ORIGINAL_PARTITION, DLT_ORIGINAL_OFFSET,
            DLT_ORIGINAL_TIMESTAMP, DLT_ORIGINAL_TIMESTAMP_TYPE, DLT_EXCEPTION_FQCN, DLT_EXCEPTION_CAUSE_FQCN,
            DLT_EXCEPTION_MESSAGE, DLT_EXCEPTION_STACKTRACE, DLT_KEY_EXCEPTION_FQCN, DLT_KEY_EXCEPTION_MESSAGE,
            DLT_KEY_EXCEPTION_STACKTRACE);
    private static final Names RETRY_NAMES = new Names(ORIGINAL_TOPIC, ORIGINAL_PARTITION, ORIGINAL_OFFSET,
            ORIGINAL_TIMESTAMP, ORIGINAL_TIMESTAMP_TYPE, EXCEPTION_FQCN, EXCEPTION_CAUSE_FQCN, EXCEPTION_MESSAGE,
            EXCEPTION_STACKTRACE, KEY_EXCEPTION_FQCN, KEY_EXCEPTION_MESSAGE, KEY_EXCEPTION_STACKTRACE);

    private FailureHeaders() {
    }

    /** The headers of a dead letter when no retry topics are configured. */
    public static Headers deadLetter(ConsumerRecord<?, ?> failed, Throwable failure, boolean keyFailure, String groupId) {
        Headers headers = new RecordHeaders(failed.headers().toArray());
        addException(headers, DLT_NAMES, failure, keyFailure);
        addOriginal(headers, DLT_NAMES, failed, groupId, true);
        return headers;
    }

    /**
     * The headers of a record forwarded to the next retry topic, or to the dead-letter topic after
     * the last one, when retry topics are configured.
     *
     * @param nextDueMillis when the receiving topic may handle it (the failure time plus that topic's delay)
     */
    public static Headers retryHop(ConsumerRecord<?, ?> failed, Throwable failure, boolean keyFailure, String groupId,
                                   long nextDueMillis) {
        Headers headers = new RecordHeaders(failed.headers().toArray());
        addException(headers, RETRY_NAMES, failure, keyFailure);
        addOriginal(headers, RETRY_NAMES, failed, groupId, false);
        byte[] originalTimestamp = originalTimestamp(failed);
        // Appended, not replaced: Spring Kafka's default (retainAllRetryHeaderValues) keeps every hop's values
        // and readers take the last one.
        headers.add(RETRY_ORIGINAL_TIMESTAMP, originalTimestamp);
        headers.add(RETRY_ATTEMPTS, ByteBuffer.allocate(Integer.BYTES).putInt(attempts(failed) + 1).array());
        headers.add(RETRY_BACKOFF_TIMESTAMP, BigInteger.valueOf(nextDueMillis).toByteArray());
        return headers;
    }

    /** The attempt a record from a retry topic makes: its {@code retry_topic-attempts} header, else 1. */
    public static int attempts(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(RETRY_ATTEMPTS);
        if (header == null || header.value() == null) {
            return 1;
        }
        byte[] value = header.value();
        int raw = value.length == 1 ? Byte.toUnsignedInt(value[0])
                : value.length == Integer.BYTES ? ByteBuffer.wrap(value).getInt() : 1;
        return raw >= 1 ? raw : 1;
    }

    /** The {@code retry_topic-backoff-timestamp} of a record in epoch ms, or 0 when it has none. */
    public static long backoffTimestamp(ConsumerRecord<?, ?> record) {
        byte[] value = timestampHeader(record, RETRY_BACKOFF_TIMESTAMP);
        return value == null ? 0 : new BigInteger(value).longValue();
    }

    private static byte[] originalTimestamp(ConsumerRecord<?, ?> record) {
        byte[] value = timestampHeader(record, RETRY_ORIGINAL_TIMESTAMP);
        return value != null ? value : BigInteger.valueOf(record.timestamp()).toByteArray();
    }

    /** The last value of a {@code BigInteger}-encoded timestamp header, or null when absent or not a long. */
    private static byte[] timestampHeader(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0 || header.value().length > Long.BYTES) {
            return null;
        }
        return header.value();
    }

    private static void addException(Headers headers, Names names, Throwable failure, boolean keyFailure) {
        replace(headers, keyFailure ? names.keyExceptionFqcn : names.exceptionFqcn, utf8(failure.getClass().getName()));
        // Spring unwraps only its own listener wrappers to find the cause; a handler's exception is its own cause.
        replace(headers, names.exceptionCauseFqcn, utf8(failure.getClass().getName()));
        if (failure.getMessage() != null) {
            replace(headers, keyFailure ? names.keyExceptionMessage : names.exceptionMessage, utf8(failure.getMessage()));
        }
        replace(headers, keyFailure ? names.keyExceptionStacktrace : names.exceptionStacktrace, utf8(stackTrace(failure)));
    }

    private static void addOriginal(Headers headers, Names names, ConsumerRecord<?, ?> record, String groupId, boolean append) {
        add(headers, names.topic, utf8(record.topic()), append);
        add(headers, names.partition, ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array(), append);
        add(headers, names.offset, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array(), append);
        add(headers, names.timestamp, ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array(), append);
        add(headers, names.timestampType, utf8(record.timestampType().toString()), append);
        add(headers, DLT_ORIGINAL_CONSUMER_GROUP, utf8(groupId), append);
    }

    private static void add(Headers headers, String name, byte[] value, boolean append) {
        if (append || headers.lastHeader(name) == null) {
            headers.add(name, value);
        }
    }

    private static void replace(Headers headers, String name, byte[] value) {
        headers.remove(name);
        headers.add(name, value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text, true));
        return text.toString();
    }

    /** The header names of one style. */
    private record Names(String topic, String partition, String offset, String timestamp, String timestampType,
                         String exceptionFqcn, String exceptionCauseFqcn, String exceptionMessage,
                         String exceptionStacktrace, String keyExceptionFqcn, String keyExceptionMessage,
                         String keyExceptionStacktrace) {
    }
}
