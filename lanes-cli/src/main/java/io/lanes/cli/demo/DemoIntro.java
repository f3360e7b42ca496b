package io.lanes.cli.demo;

import java.util.ArrayList;
import java.util.List;

/** The lines printed before the run: what is about to happen, and where the hot keys will land. */
final class DemoIntro {
    private DemoIntro() {
    }

    static List<String> lines(DemoSettings settings, OrderWorkload workload, String broker) {
        List<String> lines = new ArrayList<>();
        lines.add("Lanes demo: parallel processing that keeps per-key order (seed article 002)");
        lines.add("  broker     " + broker);
        lines.add(Format.text("  topic      %s, %d partitions, key = order id", settings.topic(), settings.partitions()));
        double seconds = settings.duration().toMillis() / 1000.0;
        lines.add(Format.text("  events     %s for %s orders, %s; idempotent producer, acks=all",
                Format.count(workload.size()), Format.count(workload.orders()), seconds > 0
                        ? Format.text("over %.0f s (%s/s)", seconds, Format.count(Math.round(workload.size() / seconds)))
                        : "as fast as possible"));
        lines.add("             each order: ORDER_PLACED, ITEM_ADDED..., PAID, SHIPPED, DELIVERED (seq 0, 1, 2, ...)");
        List<Integer> biggest = workload.biggestOrders(3);
        if (workload.eventsInOrder(biggest.get(0)) > OrderWorkload.EVENTS_PER_ORDER) {
            List<String> big = new ArrayList<>();
            for (int id : biggest) {
                big.add(Format.text("%s %s events (p%d)", OrderEvents.key(id), Format.count(workload.eventsInOrder(id)),
                        OrderWorkload.partitionOf(id, settings.partitions())));
            }
            lines.add(Format.text("  hot keys   %d big orders carry %.0f%% of the events: %s, ...",
                    OrderWorkload.BIG_ORDERS, OrderWorkload.BIG_ORDER_SHARE * 100, String.join(", ", big)));
        }
        long[] perPartition = workload.eventsPerPartition(settings.partitions());
        int busiest = 0;
        int quietest = 0;
        for (int p = 0; p < perPartition.length; p++) {
            busiest = perPartition[p] > perPartition[busiest] ? p : busiest;
            quietest = perPartition[p] < perPartition[quietest] ? p : quietest;
        }
        lines.add(Format.text("  skew       busiest partition p%d gets %.1f%% of the events, quietest p%d %.1f%%", busiest,
                100.0 * perPartition[busiest] / workload.size(), quietest, 100.0 * perPartition[quietest] / workload.size()));
        String protocol = settings.protocol() == GroupProtocolChoice.CLASSIC
                ? "classic protocol, CooperativeStickyAssignor" : "KIP-848 consumer protocol";
        lines.add(Format.text("  groups     %s: %d consumers, %s: 1 consumer (%s; commit after processing, "
                        + "%d us of work per event)", DemoSettings.BILLING, settings.billingConsumers(), DemoSettings.ANALYTICS,
                protocol, settings.workMicros()));
        lines.add(Format.text("  plan       at 1/3 of the events %s-%d joins billing, at 2/3 %s-1 leaves; then the "
                + "groups catch up and the verdict is checked from what they received", DemoSettings.BILLING,
                settings.billingConsumers() + 1, DemoSettings.BILLING));
        StageSettings stage = settings.stage();
        if (stage != null) {
            lines.add(Format.text("  then       a fresh order stream into %s (%d partitions; big orders carry %.0f%%), "
                            + "%s ms of I/O per event: a plain group of %d consumers (one per partition, measured for %d s) "
                            + "versus one LanesProcessor (KEY ordering, %d in flight); %d malformed events go to %s, "
                            + "every %s event fails once and is retried",
                    stage.topic(), settings.partitions(), stage.bigShare() * 100, Format.count(stage.io().toMillis()),
                    settings.partitions(), stage.plainTime().toSeconds(), stage.concurrency(), stage.malformed(),
                    stage.deadLetterTopic(), stage.failEvery() > 0 ? ProcessorStage.ordinal(stage.failEvery()) : "no"));
        }
        lines.add("");
        return lines;
    }
}
