package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.Delivery;
import io.lanes.cli.demo.RunRecord.MemberRecord;
import io.lanes.cli.demo.RunRecord.ProducedEvent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every group processed every acknowledged event at least once, and exactly what the producer
 * wrote there: each record a consumer got at partition/offset carries the order id and sequence
 * number the producer was told landed at that partition/offset. Repeats (at-least-once
 * redelivery) are counted, not failed. Also fails if the producer did not get every planned
 * event acknowledged, or the broker acknowledged two events at one offset.
 */
final class CompletenessCheck {
    static final String TITLE = "every group received every event";

    private CompletenessCheck() {
    }

    static CheckResult check(RunRecord run) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        if (run.produced().size() < run.plannedEvents()) {
            result.violation("only %s of the %s events were acknowledged to the producer",
                    Format.count(run.produced().size()), Format.count(run.plannedEvents()));
        }
        Map<Long, ProducedEvent> byPosition = new HashMap<>();
        for (ProducedEvent event : run.produced()) {
            ProducedEvent previous = byPosition.put(position(event.partition(), event.offset()), event);
            if (previous != null) {
                result.violation("the broker acknowledged two events at p%d@%d: %s seq %d and %s seq %d",
                        event.partition(), event.offset(), OrderEvents.key(previous.orderId()), previous.seq(),
                        OrderEvents.key(event.orderId()), event.seq());
            }
        }
        for (String group : run.groups()) {
            checkGroup(run, group, byPosition, result);
        }
        return result.build();
    }

    private static void checkGroup(RunRecord run, String group, Map<Long, ProducedEvent> byPosition,
                                   CheckResult.Builder result) {
        Set<Long> seen = new HashSet<>();
        long deliveries = 0;
        for (MemberRecord member : run.members(group)) {
            for (Delivery delivery : member.deliveries()) {
                deliveries++;
                long position = position(delivery.partition(), delivery.offset());
                ProducedEvent expected = byPosition.get(position);
                if (expected == null) {
                    result.violation("%s got p%d@%d, where the producer wrote nothing", member.member(),
                            delivery.partition(), delivery.offset());
                } else if (expected.orderId() != delivery.orderId() || expected.seq() != delivery.seq()) {
                    result.violation("%s got p%d@%d as %s, but the producer wrote %s seq %d there", member.member(),
                            delivery.partition(), delivery.offset(), describe(delivery),
                            OrderEvents.key(expected.orderId()), expected.seq());
                }
                seen.add(position);
            }
        }
        long received = 0;
        for (Map.Entry<Long, ProducedEvent> entry : byPosition.entrySet()) {
            if (seen.contains(entry.getKey())) {
                received++;
            } else {
                ProducedEvent missing = entry.getValue();
                result.violation("%s never received p%d@%d (%s seq %d)", group, missing.partition(), missing.offset(),
                        OrderEvents.key(missing.orderId()), missing.seq());
            }
        }
        result.detail("%s: %s of %s events (%s deliveries, %s of them repeats)", group, Format.count(received),
                Format.count(byPosition.size()), Format.count(deliveries), Format.count(deliveries - seen.size()));
    }

    private static String describe(Delivery delivery) {
        return delivery.orderId() < 0 ? "an unreadable event" : OrderEvents.key(delivery.orderId()) + " seq " + delivery.seq();
    }

    static long position(int partition, long offset) {
        return ((long) partition << 44) | offset;
    }
}
