package io.lanes.coordinator.share;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SharePartition}: Kafka's share-partition transitions and Lanes' key order, one behaviour at a time. */
class SharePartitionTest {
    private static final SharePartitionConfig KAFKA = new SharePartitionConfig(1_000L, 3,
            AcquireMode.RECORD_LIMIT, ShareOrdering.NONE, 100);
    private static final SharePartitionConfig KEYED = KAFKA.withOrdering(ShareOrdering.KEY);

    /** Records at offsets 0.. with the given keys (null = no key), each its own producer batch. */
    private static List<ShareLogRecord> log(String... keys) {
        List<ShareLogRecord> records = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            ByteBuffer key = keys[i] == null ? null : ByteBuffer.wrap(keys[i].getBytes(StandardCharsets.UTF_8));
            records.add(new ShareLogRecord(i, key, i));
        }
        return records;
    }

    private static List<AcquiredRecords> fetch(SharePartition partition, String member, List<ShareLogRecord> log,
                                               int max, long now) {
        long from = partition.nextFetchOffset();
        return partition.acquire(member, from, log.stream().filter(r -> r.offset() >= from).toList(), max, now);
    }

    private static void ack(SharePartition partition, String member, long first, long last, AcknowledgeType type) {
        Settlement settlement = partition.settle(member, List.of(new Acknowledgement(first, last, type)), 0);
        assertThat(settlement.error()).isEqualTo(Errors.NONE);
        partition.apply(settlement.change());
    }

    @Test
    void shouldHandOutEveryAvailableRecordWhenOrderingIsNone() {
        // given
        SharePartition partition = SharePartition.create(KAFKA, 0);
        List<ShareLogRecord> log = log("a", "a", "b");

        // when
        List<AcquiredRecords> first = fetch(partition, "m1", log, 2, 0);
        List<AcquiredRecords> second = fetch(partition, "m2", log, 10, 0);

        // then
        assertThat(first).containsExactly(new AcquiredRecords(0, 1, (short) 1));
        assertThat(second).containsExactly(new AcquiredRecords(2, 2, (short) 1));
    }

    @Test
    void shouldAcquireOneRecordPerKeyWhenOrderingIsKeyEvenInOneFetch() {
        // given
        SharePartition partition = SharePartition.create(KEYED, 0);
        List<ShareLogRecord> log = log("a", "a", "b", "a", "c");

        // when
        List<AcquiredRecords> first = fetch(partition, "m1", log, 10, 0);
        List<AcquiredRecords> second = fetch(partition, "m2", log, 10, 0);

        // then: a@0, b@2, c@4; a@1 and a@3 wait behind a@0
        assertThat(first).containsExactly(new AcquiredRecords(0, 0, (short) 1), new AcquiredRecords(2, 2, (short) 1),
                new AcquiredRecords(4, 4, (short) 1));
        assertThat(second).isEmpty();
    }

    @Test
    void shouldMakeTheNextRecordOfAKeyAvailableWhenThePreviousIsAccepted() {
        // given
        SharePartition partition = SharePartition.create(KEYED, 0);
        List<ShareLogRecord> log = log("a", "b", "a");
        fetch(partition, "m1", log, 10, 0);

        // when
        ack(partition, "m1", 0, 0, AcknowledgeType.ACCEPT);
        List<AcquiredRecords> next = fetch(partition, "m2", log, 10, 0);

        // then
        assertThat(next).containsExactly(new AcquiredRecords(2, 2, (short) 1));
        assertThat(partition.startOffset()).isEqualTo(1);
    }

    @Test
    void shouldRedeliverAReleasedRecordBeforeTheRestOfItsKeyWhenOrderingIsKey() {
        // given
        SharePartition partition = SharePartition.create(KEYED, 0);
        List<ShareLogRecord> log = log("a", "a", "a");
        fetch(partition, "m1", log, 10, 0);

        // when
        ack(partition, "m1", 0, 0, AcknowledgeType.RELEASE);
        List<AcquiredRecords> next = fetch(partition, "m2", log, 10, 0);

        // then
        assertThat(next).containsExactly(new AcquiredRecords(0, 0, (short) 2));
        assertThat(partition.owner(0)).isEqualTo("m2");
    }

    @Test
    void shouldTreatEachNullKeyRecordAsItsOwnKeyWhenOrderingIsKey() {
        // given
        SharePartition partition = SharePartition.create(KEYED, 0);

        // when
        List<AcquiredRecords> acquired = fetch(partition, "m1", log(null, null, null), 10, 0);

        // then
        assertThat(acquired).containsExactly(new AcquiredRecords(0, 2, (short) 1));
    }

    @Test
    void shouldReleaseARecordWhenItsLockExpires() {
        // given
        SharePartition partition = SharePartition.create(KAFKA, 0);
        List<ShareLogRecord> log = log("a");
        fetch(partition, "m1", log, 10, 0);

        // when
        ShareStateChange early = partition.expireLocks(999);
        ShareStateChange due = partition.expireLocks(1_000);
        partition.apply(due);

        // then
        assertThat(early.isEmpty()).isTrue();
        assertThat(due.batches()).containsExactly(new StateBatch(0, 0, DeliveryState.AVAILABLE, (short) 1));
        assertThat(partition.state(0)).isEqualTo(DeliveryState.AVAILABLE);
        assertThat(fetch(partition, "m2", log, 10, 2_000)).containsExactly(new AcquiredRecords(0, 0, (short) 2));
    }

    @Test
    void shouldKeepTheLockWhenRenewed() {
        // given
        SharePartition partition = SharePartition.create(KAFKA, 0);
        fetch(partition, "m1", log("a"), 10, 0);

        // when
        Settlement renewed = partition.settle("m1", List.of(new Acknowledgement(0, 0, AcknowledgeType.RENEW)), 800);

        // then
        assertThat(renewed.change().isEmpty()).isTrue();
        assertThat(partition.expireLocks(1_500).isEmpty()).isTrue();
        assertThat(partition.nextLockDeadlineMs()).isEqualTo(1_800);
        assertThat(partition.owner(0)).isEqualTo("m1");
    }

    @Test
    void shouldArchiveARecordWhenReleasedAtTheDeliveryCountLimit() {
        // given
        SharePartition partition = SharePartition.create(KAFKA, 0);
        List<ShareLogRecord> log = log("a", "b");
        for (int delivery = 1; delivery < 3; delivery++) {
            fetch(partition, "m1", log, 1, 0);
            ack(partition, "m1", 0, 0, AcknowledgeType.RELEASE);
        }
        fetch(partition, "m1", log, 1, 0);

        // when
        ack(partition, "m1", 0, 0, AcknowledgeType.RELEASE);

        // then
        assertThat(partition.state(0)).isEqualTo(DeliveryState.ARCHIVED);
        assertThat(partition.startOffset()).isEqualTo(1);
        assertThat(fetch(partition, "m1", log, 10, 0)).containsExactly(new AcquiredRecords(1, 1, (short) 1));
    }

    @Test
    void shouldDeadLetterRejectedAndTooOftenReleasedRecordsButNotGapsWhenSettling() {
        // given: 0 rejected at its first delivery, 1 released at its third (the limit), 2 acknowledged as a gap
        SharePartition partition = SharePartition.create(KAFKA, 0);
        List<ShareLogRecord> log = log("a", "b", "c");
        fetch(partition, "m1", log, 10, 0);
        Settlement first = partition.settle("m1", List.of(new Acknowledgement(0, 0, AcknowledgeType.REJECT),
                new Acknowledgement(1, 1, AcknowledgeType.RELEASE)), 0);
        partition.apply(first.change());
        fetch(partition, "m1", log, 1, 0);
        ack(partition, "m1", 1, 1, AcknowledgeType.RELEASE);
        fetch(partition, "m1", log, 1, 0);

        // when
        Settlement last = partition.settle("m1", List.of(new Acknowledgement(1, 1, AcknowledgeType.RELEASE),
                new Acknowledgement(2, 2, AcknowledgeType.GAP)), 0);

        // then
        assertThat(first.deadLetters()).containsExactly(new DeadLetter(0, (short) 1, DeadLetter.Cause.CLIENT_REJECT));
        assertThat(last.deadLetters())
                .containsExactly(new DeadLetter(1, (short) 3, DeadLetter.Cause.DELIVERY_COUNT_EXCEEDED));
    }

    @Test
    void shouldDeadLetterARecordWhoseLockExpiresAtTheDeliveryCountLimit() {
        // given
        SharePartition partition = SharePartition.create(KAFKA, 0);
        List<ShareLogRecord> log = log("a");
        for (int delivery = 1; delivery < 3; delivery++) {
            fetch(partition, "m1", log, 1, 0);
            ack(partition, "m1", 0, 0, AcknowledgeType.RELEASE);
        }
        fetch(partition, "m1", log, 1, 0);

        // when
        ShareStateChange expired = partition.expireLocks(1_000);

        // then
        assertThat(partition.deadLetters(expired))
                .containsExactly(new DeadLetter(0, (short) 3, DeadLetter.Cause.DELIVERY_COUNT_EXCEEDED));
        assertThat(expired.batches()).containsExactly(new StateBatch(0, 0, DeliveryState.ARCHIVED, (short) 3));
    }

    @Test
    void shouldArchiveInsteadOfAcquiringWhenARecordIsOfAnAbortedTransaction() {
        // given: offset 1 belongs to an aborted transaction (read_committed)
        SharePartition partition = SharePartition.create(KAFKA, 0);
        ByteBuffer key = ByteBuffer.wrap("a".getBytes(StandardCharsets.UTF_8));
        List<ShareLogRecord> log = List.of(new ShareLogRecord(0, key, 0), new ShareLogRecord(1, key, 1, true),
                new ShareLogRecord(2, key, 2));

        // when
        List<AcquiredRecords> acquired = fetch(partition, "m1", log, 10, 0);
        ack(partition, "m1", 0, 0, AcknowledgeType.ACCEPT);

        // then
        assertThat(acquired).containsExactly(new AcquiredRecords(0, 0, (short) 1), new AcquiredRecords(2, 2, (short) 1));
        assertThat(partition.state(1)).isEqualTo(DeliveryState.ARCHIVED);
        assertThat(partition.startOffset()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAcknowledgementsOfAnotherMembersRecordsWhenSettling() {
        // given
        SharePartition partition = SharePartition.create(KAFKA, 0);
        fetch(partition, "m1", log("a", "b"), 10, 0);

        // when
        Settlement settlement = partition.settle("m2", List.of(new Acknowledgement(0, 1, AcknowledgeType.ACCEPT)), 0);

        // then
        assertThat(settlement.error()).isEqualTo(Errors.INVALID_RECORD_STATE);
        assertThat(settlement.change().isEmpty()).isTrue();
        assertThat(partition.owner(0)).isEqualTo("m1");
    }

    @Test
    void shouldCompleteTheProducerBatchWhenAcquireModeIsBatchOptimized() {
        // given: offsets 0..3 in one producer batch
        SharePartition partition = SharePartition.create(KAFKA.withAcquireMode(AcquireMode.BATCH_OPTIMIZED), 0);
        List<ShareLogRecord> batch = List.of(new ShareLogRecord(0, null, 3), new ShareLogRecord(1, null, 3),
                new ShareLogRecord(2, null, 3), new ShareLogRecord(3, null, 3), new ShareLogRecord(4, null, 4));

        // when
        List<AcquiredRecords> acquired = partition.acquire("m1", 0, batch, 2, 0);

        // then
        assertThat(acquired).containsExactly(new AcquiredRecords(0, 3, (short) 1));
    }

    @Test
    void shouldRedeliverOnlyWhatWasInFlightWhenLoadedFromItsDurableState() {
        // given
        SharePartition partition = SharePartition.create(KEYED, 0);
        List<ShareLogRecord> log = log("a", "b", "a", "c");
        fetch(partition, "m1", log, 10, 0); // a@0, b@1, c@3
        ack(partition, "m1", 1, 1, AcknowledgeType.ACCEPT);
        ack(partition, "m1", 3, 3, AcknowledgeType.RELEASE);

        // when: a restart keeps only the durable state
        SharePartition restarted = SharePartition.load(KEYED, partition.startOffset(), partition.durableBatches());
        List<AcquiredRecords> redelivered = fetch(restarted, "m2", log, 10, 0);

        // then: a@0 (in flight, never settled) and c@3 (released) again; b@1 stays accepted; a@2 waits for a@0
        assertThat(redelivered).containsExactly(new AcquiredRecords(0, 0, (short) 1),
                new AcquiredRecords(3, 3, (short) 2));
        assertThat(restarted.state(1)).isEqualTo(DeliveryState.ACKNOWLEDGED);
        assertThat(restarted.state(2)).isEqualTo(DeliveryState.AVAILABLE);
    }
}
