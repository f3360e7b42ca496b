package io.lanes.cli.demo;

import io.lanes.cli.demo.DeadLetterReader.DeadLetter;
import io.lanes.cli.demo.StageProducer.Placed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every malformed event of the processor stage is in the dead-letter topic, and nothing else is:
 * same partition number as the original, the raw key and value bytes, and Spring Kafka's
 * {@code DeadLetterPublishingRecoverer} headers naming where it came from and why —
 * {@code kafka_dlt-original-topic} (UTF-8), {@code kafka_dlt-original-partition} (4-byte
 * big-endian int), {@code kafka_dlt-original-offset} (8-byte big-endian long) and
 * {@code kafka_dlt-exception-fqcn} (UTF-8 class name of what the deserializer threw).
 */
final class DeadLetterCheck {
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";

    private DeadLetterCheck() {
    }

    static String title(String deadLetterTopic) {
        return "each malformed event is in " + deadLetterTopic + " with its raw bytes and Spring's kafka_dlt-* headers";
    }

    /**
     * @param topic           the stage's topic
     * @param deadLetterTopic its dead-letter topic
     * @param placed          every record of the stage's stream, where it landed
     * @param letters         the dead-letter topic's records
     * @param expectedFqcn    the exception the deserializer throws for a malformed value
     * @param error           why the dead letters could not be read, or null
     */
    static CheckResult check(String topic, String deadLetterTopic, List<Placed> placed, List<DeadLetter> letters,
                             String expectedFqcn, String error) {
        CheckResult.Builder result = new CheckResult.Builder(title(deadLetterTopic));
        if (error != null) {
            result.violation("could not read %s: %s", deadLetterTopic, error);
            return result.build();
        }
        Map<Long, List<DeadLetter>> byOrigin = new HashMap<>();
        for (DeadLetter letter : letters) {
            String originalTopic = text(letter.headers().get(ORIGINAL_TOPIC));
            Integer partition = intHeader(letter.headers().get(ORIGINAL_PARTITION));
            Long offset = longHeader(letter.headers().get(ORIGINAL_OFFSET));
            if (!topic.equals(originalTopic) || partition == null || offset == null) {
                result.violation("%s p%d@%d does not name its origin: %s=%s, %s=%s, %s=%s", deadLetterTopic,
                        letter.partition(), letter.offset(), ORIGINAL_TOPIC, originalTopic, ORIGINAL_PARTITION,
                        hex(letter.headers().get(ORIGINAL_PARTITION)), ORIGINAL_OFFSET,
                        hex(letter.headers().get(ORIGINAL_OFFSET)));
                continue;
            }
            byOrigin.computeIfAbsent(CompletenessCheck.position(partition, offset), p -> new ArrayList<>()).add(letter);
        }
        int malformed = 0;
        int found = 0;
        for (Placed p : placed) {
            long position = CompletenessCheck.position(p.partition(), p.offset());
            List<DeadLetter> mine = byOrigin.remove(position);
            if (!p.record().malformed()) {
                if (mine != null) {
                    result.violation("good event %s seq %d (p%d@%d) was dead-lettered", p.record().key(),
                            p.record().seq(), p.partition(), p.offset());
                }
                continue;
            }
            malformed++;
            String what = Format.text("malformed event p%d@%d", p.partition(), p.offset());
            if (mine == null) {
                result.violation("%s is not in %s", what, deadLetterTopic);
                continue;
            }
            if (mine.size() > 1) {
                result.violation("%s is in %s %d times", what, deadLetterTopic, mine.size());
            }
            DeadLetter letter = mine.get(0);
            int problems = result.violations();
            if (letter.partition() != p.partition()) {
                result.violation("%s went to partition %d of %s, not %d", what, letter.partition(), deadLetterTopic,
                        p.partition());
            }
            if (!Arrays.equals(letter.value(), p.record().value())) {
                result.violation("%s: dead letter value %s, produced %s", what, hex(letter.value()),
                        hex(p.record().value()));
            }
            if (!Arrays.equals(letter.key(), p.record().key().getBytes(StandardCharsets.UTF_8))) {
                result.violation("%s: dead letter key %s, produced %s", what, hex(letter.key()), p.record().key());
            }
            String fqcn = text(letter.headers().get(EXCEPTION_FQCN));
            if (!expectedFqcn.equals(fqcn)) {
                result.violation("%s: %s is %s, expected %s", what, EXCEPTION_FQCN, fqcn, expectedFqcn);
            }
            if (result.violations() == problems) {
                found++;
            }
        }
        for (List<DeadLetter> unknown : byOrigin.values()) {
            DeadLetter letter = unknown.get(0);
            result.violation("%s p%d@%d names an origin that was never produced", deadLetterTopic, letter.partition(),
                    letter.offset());
        }
        result.detail("%s of %s malformed events found with raw bytes, same partition, %s, %s, %s and %s=%s",
                Format.count(found), Format.count(malformed), ORIGINAL_TOPIC, ORIGINAL_PARTITION, ORIGINAL_OFFSET,
                EXCEPTION_FQCN, expectedFqcn);
        return result.build();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Integer intHeader(byte[] bytes) {
        return bytes == null || bytes.length != Integer.BYTES ? null : ByteBuffer.wrap(bytes).getInt();
    }

    private static Long longHeader(byte[] bytes) {
        return bytes == null || bytes.length != Long.BYTES ? null : ByteBuffer.wrap(bytes).getLong();
    }

    private static String hex(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder("0x");
        for (byte b : bytes) {
            text.append(Format.text("%02x", b & 0xff));
        }
        return text.toString();
    }
}
