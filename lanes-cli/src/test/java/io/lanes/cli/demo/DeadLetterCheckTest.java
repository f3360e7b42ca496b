package io.lanes.cli.demo;

import io.lanes.cli.demo.DeadLetterReader.DeadLetter;
import io.lanes.cli.demo.StageProducer.Placed;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.lanes.cli.demo.StageFixtures.good;
import static io.lanes.cli.demo.StageFixtures.malformed;
import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterCheckTest {
    private static final String TOPIC = "order.processing";
    private static final String DLT = "order.processing-dlt";
    private static final String FQCN = "org.apache.kafka.common.errors.SerializationException";
    private static final Placed BAD = malformed(5, 42, 7, new byte[]{(byte) 0xc3, 0x28});
    private static final Placed GOOD = good(5, 43, 7, 0, false);

    /** The dead letter Spring's DeadLetterPublishingRecoverer would write for {@code placed}. */
    private static DeadLetter letterFor(Placed placed) {
        Map<String, byte[]> headers = new HashMap<>();
        headers.put("kafka_dlt-original-topic", TOPIC.getBytes(StandardCharsets.UTF_8));
        headers.put("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(placed.partition()).array());
        headers.put("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(placed.offset()).array());
        headers.put("kafka_dlt-exception-fqcn", FQCN.getBytes(StandardCharsets.UTF_8));
        return new DeadLetter(placed.partition(), 0, placed.record().key().getBytes(StandardCharsets.UTF_8),
                placed.record().value(), headers);
    }

    private static CheckResult check(List<DeadLetter> letters) {
        return DeadLetterCheck.check(TOPIC, DLT, List.of(BAD, GOOD), letters, FQCN, null);
    }

    @Test
    void shouldPassWhenEachMalformedEventIsThereWithItsBytesAndHeaders() {
        // when
        CheckResult result = check(List.of(letterFor(BAD)));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).singleElement().asString().startsWith("1 of 1 malformed events found");
    }

    @Test
    void shouldFailWhenAMalformedEventIsMissing() {
        // when
        CheckResult result = check(List.of());

        // then
        assertThat(result.violations()).containsExactly("malformed event p5@42 is not in order.processing-dlt");
    }

    @Test
    void shouldFailWhenTheOriginalOffsetHeaderIsNotAnEightByteLong() {
        // given
        DeadLetter letter = letterFor(BAD);
        letter.headers().put("kafka_dlt-original-offset", ByteBuffer.allocate(4).putInt(42).array());

        // when
        CheckResult result = check(List.of(letter));

        // then
        assertThat(result.violations()).containsExactly("order.processing-dlt p5@0 does not name its origin: "
                        + "kafka_dlt-original-topic=order.processing, kafka_dlt-original-partition=0x00000005, "
                        + "kafka_dlt-original-offset=0x0000002a",
                "malformed event p5@42 is not in order.processing-dlt");
    }

    @Test
    void shouldFailWhenTheBytesOrTheExceptionOrThePartitionDiffer() {
        // given
        DeadLetter right = letterFor(BAD);
        Map<String, byte[]> headers = new HashMap<>(right.headers());
        headers.put("kafka_dlt-exception-fqcn", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
        DeadLetter doctored = new DeadLetter(3, 0, right.key(), "?(".getBytes(StandardCharsets.UTF_8), headers);

        // when
        CheckResult result = check(List.of(doctored));

        // then
        assertThat(result.violations()).containsExactly(
                "malformed event p5@42 went to partition 3 of order.processing-dlt, not 5",
                "malformed event p5@42: dead letter value 0x3f28, produced 0xc328",
                "malformed event p5@42: kafka_dlt-exception-fqcn is java.lang.IllegalStateException, expected " + FQCN);
    }

    @Test
    void shouldFailWhenAGoodEventWasDeadLettered() {
        // when
        CheckResult result = check(List.of(letterFor(BAD), letterFor(GOOD)));

        // then
        assertThat(result.violations()).containsExactly("good event ord-000007 seq 0 (p5@43) was dead-lettered");
    }

    @Test
    void shouldFailWhenTheDeadLettersCouldNotBeRead() {
        // when
        CheckResult result = DeadLetterCheck.check(TOPIC, DLT, List.of(BAD), List.of(), FQCN, "timed out");

        // then
        assertThat(result.violations()).containsExactly("could not read order.processing-dlt: timed out");
    }
}
