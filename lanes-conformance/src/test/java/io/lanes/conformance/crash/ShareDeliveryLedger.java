package io.lanes.conformance.crash;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRecordStateException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What share consumers of one group saw, told by the consumers themselves: every delivery of a record (consumer,
 * delivery count, broker run; reported as soon as poll returns it, before any record of that poll is processed, so
 * that a slow consumer does not report late what the broker has since handed on), every acknowledgement a consumer
 * decided on, and the broker's answer to it (the acknowledgement commit callback). From that it judges the group's
 * delivery guarantees.
 *
 * <p><b>Per-key order</b> (for {@code lanes.share.ordering=key}). A delivery of record {@code o} of key K (in one
 * partition) is a violation when the broker handed it out before an earlier record of K was final. Seen from the
 * consumers, with no false alarm: (1) <i>overtake</i>: {@code o} is later than the latest delivered record {@code p}
 * of K while no consumer holding a copy of {@code p}'s latest delivery had decided to accept or reject it (a consumer
 * decides before it acknowledges, and the broker can only make {@code p} final after that), unless that delivery
 * reached the delivery count limit, where the broker archives {@code p} on release or lock expiry; (2)
 * <i>regress</i>: {@code o} is earlier than a record of K already delivered, and is not a stale copy (a consumer that
 * stalled past its lock may still be handed records the broker has since given to someone else: a delivery count
 * below one already seen for {@code o}).
 *
 * <p>A restart forgets acquisitions, so the broker may hand a record out again with a delivery count already seen,
 * and a consumer whose fetch straddled the restart may return a copy of the run before after that. Such a copy (the
 * same record and delivery count as the latest) joins the latest delivery's holders instead of replacing it, and a
 * record fetched across a restart is not judged itself.
 *
 * <p><b>Acceptance.</b> An accept counts once the broker confirmed it (callback without exception); one refused with
 * {@code INVALID_RECORD_STATE} (its lock had expired) did not happen; any other failure, e.g. the broker killed
 * while the acknowledgement was in flight, or a consumer closed without waiting, leaves its outcome unknown.
 *
 * <p>Thread-safe: every method is synchronized (consumers on several threads report into one ledger).
 */
final class ShareDeliveryLedger {

    /** One delivery of a record to a consumer. */
    record Delivery(String consumer, short deliveryCount, int brokerRun) {
    }

    private final int deliveryCountLimit;
    private final Map<TopicPartition, Map<Long, String>> keyOf = new HashMap<>();
    private final Map<TopicPartition, Map<Long, List<Delivery>>> deliveries = new HashMap<>();
    private final Map<TopicPartition, Map<Long, Integer>> confirmedAccepts = new HashMap<>();
    private final Map<TopicPartition, Set<Long>> unknownOutcome = new HashMap<>();
    /** Per consumer, the acknowledgement type it decided on for an offset, until the broker answers. */
    private final Map<String, Map<TopicPartition, Map<Long, AcknowledgeType>>> decided = new HashMap<>();
    private final Map<TopicPartition, Map<String, KeyState>> keys = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Integer> failures = new TreeMap<>();
    /** Per partition and key, what happened to its records, for the message of a violation. */
    private final Map<TopicPartition, Map<String, List<String>>> history = new HashMap<>();
    private final long startNanos = System.nanoTime();
    private int brokerRun;

    /** The latest delivered record of a key, the consumers holding a copy of that delivery, and whether one decided. */
    private static final class KeyState {
        long latest = -1;
        short latestCount;
        int latestRun;
        final Set<String> holders = new HashSet<>();
        boolean decidedFinal;

        void newLatest(long offset, short count, int run, String consumer) {
            latest = offset;
            latestCount = count;
            latestRun = run;
            holders.clear();
            holders.add(consumer);
            decidedFinal = false;
        }
    }

    ShareDeliveryLedger(int deliveryCountLimit) {
        this.deliveryCountLimit = deliveryCountLimit;
    }

    synchronized void produced(TopicPartition partition, long offset, String key) {
        keyOf.computeIfAbsent(partition, p -> new HashMap<>()).put(offset, key);
    }

    /** The broker was killed: later deliveries belong to its next run. */
    synchronized void brokerRestarted() {
        brokerRun++;
    }

    /** How many times the broker was killed so far. */
    synchronized int brokerRun() {
        return brokerRun;
    }

    /**
     * A consumer's poll returned {@code record}, fetched no earlier than when the broker was in run
     * {@code fetchableSince}. If it has restarted since, the record may come from the run before, whose acquisitions
     * the broker forgot (another consumer may have had it again since, with the same delivery count): such a copy
     * counts as a delivery and moves the key's state on, but is not judged for order.
     */
    synchronized void delivered(String consumer, ConsumerRecord<String, String> record, int fetchableSince) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long offset = record.offset();
        short count = record.deliveryCount().orElse((short) 0);
        List<Delivery> previous = deliveries.computeIfAbsent(partition, p -> new HashMap<>())
                .computeIfAbsent(offset, o -> new ArrayList<>());
        short highestBefore = (short) previous.stream().mapToInt(Delivery::deliveryCount).max().orElse(0);
        Delivery delivery = new Delivery(consumer, count, brokerRun);
        previous.add(delivery);
        if (record.key() == null) {
            return;
        }
        KeyState key = keys.computeIfAbsent(partition, p -> new HashMap<>())
                .computeIfAbsent(record.key(), k -> new KeyState());
        String before = recentHistory(partition, record.key());
        boolean certainRun = fetchableSince == brokerRun;
        remember(partition, record.key(), offset + "@" + count + " to " + consumer
                + (certainRun ? "" : " (fetched before the restart or after)"));
        if (offset < key.latest) {
            if (certainRun && count >= highestBefore) {
                violations.add("regress: " + partition + " key " + record.key() + " offset " + offset + " (delivery "
                        + count + ") to " + consumer + " after offset " + key.latest + " was delivered; before: "
                        + before);
            }
            return; // a stale copy: the key's state stays with the latest record
        }
        if (offset == key.latest) {
            if (count > key.latestCount || certainRun && brokerRun > key.latestRun) {
                key.newLatest(offset, count, brokerRun, consumer);
            } else {
                key.holders.add(consumer); // a copy of the latest delivery (one of them from before a restart)
            }
            return;
        }
        if (certainRun && key.latest >= 0 && !key.decidedFinal && key.latestCount < deliveryCountLimit) {
            violations.add("overtake: " + partition + " key " + record.key() + " offset " + offset + " to " + consumer
                    + " while offset " + key.latest + " (delivery " + key.latestCount + " to " + key.holders
                    + ") was not final; before: " + before);
        }
        key.newLatest(offset, count, certainRun ? brokerRun : fetchableSince, consumer);
    }

    /** A consumer decided how to acknowledge a record; called before it acknowledges. */
    synchronized void deciding(String consumer, ConsumerRecord<String, String> record, AcknowledgeType type) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        decided.computeIfAbsent(consumer, c -> new HashMap<>()).computeIfAbsent(partition, p -> new HashMap<>())
                .put(record.offset(), type);
        if (record.key() != null) {
            remember(partition, record.key(), consumer + " decides " + type + " " + record.offset() + "@"
                    + record.deliveryCount().orElse((short) 0));
        }
        if (record.key() == null || type == AcknowledgeType.RELEASE) {
            return;
        }
        KeyState key = keys.getOrDefault(partition, Map.of()).get(record.key());
        if (key != null && key.latest == record.offset() && key.holders.contains(consumer)
                && key.latestCount == record.deliveryCount().orElse((short) 0)) {
            key.decidedFinal = true;
        }
    }

    /** The broker's answer to a consumer's acknowledgements (the acknowledgement commit callback). */
    synchronized void answered(String consumer, Map<TopicIdPartition, Set<Long>> offsets, Exception exception) {
        if (exception != null) {
            failures.merge("run " + brokerRun + ": " + exception, 1, Integer::sum);
        }
        offsets.forEach((topicIdPartition, answeredOffsets) -> {
            TopicPartition partition = topicIdPartition.topicPartition();
            Map<Long, AcknowledgeType> pending = decided.getOrDefault(consumer, Map.of())
                    .getOrDefault(partition, new HashMap<>());
            for (long offset : answeredOffsets) {
                String recordKey = keyOf.getOrDefault(partition, Map.of()).get(offset);
                if (recordKey != null) {
                    remember(partition, recordKey, "broker answers " + consumer + " on " + offset + ": "
                            + (exception == null ? "ok" : exception.getClass().getSimpleName()));
                }
                AcknowledgeType type = pending.remove(offset);
                if (type != AcknowledgeType.ACCEPT) {
                    continue;
                }
                if (exception == null) {
                    confirmedAccepts.computeIfAbsent(partition, p -> new HashMap<>()).merge(offset, 1, Integer::sum);
                } else if (!(exception instanceof InvalidRecordStateException)) {
                    // refused (the lock had expired, or the record is someone else's): not accepted; any other
                    // failure (the broker killed mid-request, a timeout) may have been applied or not
                    unknownOutcome.computeIfAbsent(partition, p -> new HashSet<>()).add(offset);
                }
            }
        });
    }

    /** Notes an event of a key's records, with the time since the ledger began and the broker run. */
    private void remember(TopicPartition partition, String key, String event) {
        history.computeIfAbsent(partition, p -> new HashMap<>()).computeIfAbsent(key, k -> new ArrayList<>())
                .add(String.format("%.3fs run %d: %s", (System.nanoTime() - startNanos) / 1e9, brokerRun, event));
    }

    /** The last events of a key's records, oldest first. */
    private String recentHistory(TopicPartition partition, String key) {
        List<String> events = history.getOrDefault(partition, Map.of()).getOrDefault(key, List.of());
        return events.subList(Math.max(0, events.size() - 12), events.size()).toString();
    }

    /** Counts for a test's log: records, deliveries, redeliveries, deliveries after a restart, unknown outcomes. */
    synchronized String summary() {
        long records = keyOf.values().stream().mapToLong(Map::size).sum();
        List<Delivery> all = deliveries.values().stream().flatMap(m -> m.values().stream())
                .flatMap(List::stream).toList();
        return String.format("%d records, %d deliveries (%d with delivery count > 1, highest %d, %d after a restart),"
                        + " %d accepts confirmed, %d of unknown outcome, %d order violations", records, all.size(),
                all.stream().filter(d -> d.deliveryCount() > 1).count(),
                all.stream().mapToInt(Delivery::deliveryCount).max().orElse(0),
                all.stream().filter(d -> d.brokerRun() > 0).count(), confirmedAcceptCount(),
                unknownOutcome.values().stream().mapToInt(Set::size).sum(), violations.size())
                + (failures.isEmpty() ? "" : "; acknowledgements failed: " + failures);
    }

    /**
     * A consumer closed without waiting for the broker's answer to the acknowledgements it had decided on: their
     * outcome is unknown (the close may or may not have delivered them).
     */
    synchronized void closedWithoutAnswer(String consumer) {
        decided.getOrDefault(consumer, Map.of()).forEach((partition, pending) -> pending.forEach((offset, type) -> {
            if (type == AcknowledgeType.ACCEPT) {
                unknownOutcome.computeIfAbsent(partition, p -> new HashSet<>()).add(offset);
            }
        }));
        decided.remove(consumer);
    }

    synchronized List<String> orderViolations() {
        return List.copyOf(violations);
    }

    synchronized int confirmedAcceptCount() {
        return confirmedAccepts.values().stream().mapToInt(Map::size).sum();
    }

    /** Records the broker confirmed as accepted more than once. */
    synchronized Map<String, Integer> acceptedMoreThanOnce() {
        Map<String, Integer> twice = new TreeMap<>();
        confirmedAccepts.forEach((partition, counts) -> counts.forEach((offset, count) -> {
            if (count > 1) {
                twice.put(partition + "@" + offset, count);
            }
        }));
        return twice;
    }

    /**
     * Produced records that are neither confirmed accepted, nor possibly archived (a delivery reached the delivery
     * count limit without a confirmed accept), nor accepted with an unknown outcome and never delivered again.
     */
    synchronized List<String> unsettled() {
        List<String> missing = new ArrayList<>();
        keyOf.forEach((partition, offsets) -> offsets.keySet().stream().sorted().forEach(offset -> {
            if (confirmedAccepts.getOrDefault(partition, Map.of()).containsKey(offset)) {
                return;
            }
            List<Delivery> seen = deliveries.getOrDefault(partition, Map.of()).getOrDefault(offset, List.of());
            boolean archived = seen.stream().anyMatch(d -> d.deliveryCount() >= deliveryCountLimit);
            boolean unknown = unknownOutcome.getOrDefault(partition, Set.of()).contains(offset);
            if (!archived && !unknown) {
                missing.add(partition + "@" + offset + " deliveries " + seen);
            }
        }));
        return missing;
    }

    /** Records whose accept the broker confirmed in an earlier run but that were delivered in a later one. */
    synchronized List<String> acceptedThenRedelivered(Map<TopicPartition, Set<Long>> acceptedBeforeKill) {
        List<String> redelivered = new ArrayList<>();
        acceptedBeforeKill.forEach((partition, offsets) -> offsets.forEach(offset -> {
            List<Delivery> seen = deliveries.getOrDefault(partition, Map.of()).getOrDefault(offset, List.of());
            if (seen.stream().anyMatch(d -> d.brokerRun() > 0)) {
                redelivered.add(partition + "@" + offset + " " + seen);
            }
        }));
        return redelivered;
    }

    /** A copy of the confirmed accepts so far, per partition. */
    synchronized Map<TopicPartition, Set<Long>> confirmedAccepts() {
        Map<TopicPartition, Set<Long>> copy = new HashMap<>();
        confirmedAccepts.forEach((partition, counts) -> copy.put(partition, new HashSet<>(counts.keySet())));
        return copy;
    }

    /**
     * The records in flight when the broker was first killed: delivered in its first run, their accept neither
     * confirmed then ({@code acceptedBeforeKill}) nor of unknown outcome. Mapped to the delivery count of their last
     * delivery in that run.
     */
    synchronized Map<TopicPartition, Map<Long, Short>> inFlightAtKill(Map<TopicPartition, Set<Long>> acceptedBeforeKill) {
        Map<TopicPartition, Map<Long, Short>> inFlight = new HashMap<>();
        deliveries.forEach((partition, offsets) -> offsets.forEach((offset, seen) -> {
            List<Delivery> before = seen.stream().filter(d -> d.brokerRun() == 0).toList();
            if (!before.isEmpty() && !acceptedBeforeKill.getOrDefault(partition, Set.of()).contains(offset)
                    && !unknownOutcome.getOrDefault(partition, Set.of()).contains(offset)) {
                inFlight.computeIfAbsent(partition, p -> new TreeMap<>())
                        .put(offset, before.get(before.size() - 1).deliveryCount());
            }
        }));
        return inFlight;
    }

    /** The deliveries of a record in later broker runs than the first. */
    synchronized List<Delivery> deliveriesAfterRestart(TopicPartition partition, long offset) {
        return deliveries.getOrDefault(partition, Map.of()).getOrDefault(offset, List.of()).stream()
                .filter(d -> d.brokerRun() > 0).toList();
    }
}
