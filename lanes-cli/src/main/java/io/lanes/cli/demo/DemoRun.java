package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.Change;
import io.lanes.cli.demo.RunRecord.MemberRecord;
import io.lanes.cli.demo.RunRecord.MembershipChange;
import io.lanes.cli.demo.RunRecord.ProducedEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One run of the demo against a broker: recreate the topics, start the groups, produce while
 * printing the live view, add a billing consumer at a third of the events and stop another at
 * two thirds, wait until both groups have processed everything, stop, run the {@link ProcessorStage}
 * (unless skipped), and judge. Billing pays each order in {@code payment_results}, transactionally with
 * its offsets (exactly once).
 */
final class DemoRun {
    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final long REACHABLE_TIMEOUT_SECONDS = 15;
    private static final Duration SETTLE_QUIET = Duration.ofSeconds(1);

    private final DemoSettings settings;
    private final String bootstrap;
    private final DemoOutput out;
    private final OrderWorkload workload;
    private final Map<String, GroupProgress> progress = new LinkedHashMap<>();
    private final List<GroupMember> members = new ArrayList<>();
    private final List<MembershipChange> changes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private ProducerTask producer;

    DemoRun(DemoSettings settings, String bootstrap, DemoOutput out) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.out = out;
        this.workload = OrderWorkload.generate(settings.events(), settings.seed());
        progress.put(DemoSettings.BILLING, new GroupProgress(DemoSettings.BILLING, settings.partitions()));
        progress.put(DemoSettings.ANALYTICS, new GroupProgress(DemoSettings.ANALYTICS, settings.partitions()));
    }

    OrderWorkload workload() {
        return workload;
    }

    /** Runs the demo and returns its verdict (already printed). */
    Verdict run(boolean resetExisting) throws InterruptedException {
        long endNanos;
        Map<String, Map<Integer, Long>> committed = new HashMap<>();
        Map<Integer, Long> logEnd = new HashMap<>();
        ProcessorStage.Outcome stage = new ProcessorStage.Outcome(List.of(), List.of());
        producer = new ProducerTask(bootstrap, settings.topic(), workload, settings.duration().toNanos(),
                settings.partitions());
        Admin admin = Admin.create(adminConfig());
        try {
            boolean reachable = reachable(admin);
            if (reachable) {
                DemoTopic topic = new DemoTopic(admin, settings.topic(), settings.partitions(), out);
                try {
                    topic.recreate(resetExisting, List.copyOf(progress.keySet()));
                    new DemoTopic(admin, PaymentWriter.TOPIC, settings.partitions(), out).recreate(resetExisting, List.of());
                } catch (ExecutionException | TimeoutException e) {
                    errors.add("could not create " + settings.topic() + ": " + (e.getCause() != null ? e.getCause() : e));
                }
            }
            if (errors.isEmpty()) {
                play(admin);
            }
            endNanos = System.nanoTime();
            stopAll();
            if (reachable) {
                finalOffsets(admin, committed, logEnd);
                if (settings.stage() != null) {
                    stage = new ProcessorStage(settings, bootstrap, out).run(admin, resetExisting);
                }
            }
        } finally {
            admin.close(Duration.ofSeconds(5)); // a call that never got an answer must not hold up the exit
        }
        List<MemberRecord> records = new ArrayList<>();
        for (GroupMember member : members) {
            records.add(member.journal().snapshot());
        }
        List<String> allErrors = new ArrayList<>(producer.errors());
        allErrors.addAll(errors);
        allErrors.addAll(stage.errors());
        List<ProducedEvent> produced = producer.producedEvents();
        List<String> notes = List.of(Format.text("producer: %s of %s events acknowledged; send to acknowledgement %s",
                Format.count(produced.size()), Format.count(workload.size()), producer.ackLatency()));
        RunRecord run = new RunRecord(settings.partitions(), List.copyOf(progress.keySet()), workload.size(), produced,
                records, changes, committed, logEnd, allErrors, notes, out.startNanos(), endNanos);
        List<CheckResult> extraChecks = new ArrayList<>();
        extraChecks.add(paymentCheck(produced));
        extraChecks.addAll(stage.checks());
        Verdict verdict = Verdict.of(run, extraChecks);
        verdict.print(out.writer());
        return verdict;
    }

    /** Reads the committed payments and checks them against the PAID events the producer got acknowledged. */
    private CheckResult paymentCheck(List<ProducedEvent> produced) {
        Set<Integer> paidOrders = new HashSet<>();
        for (ProducedEvent event : produced) {
            if ("PAID".equals(OrderEvents.type(event.seq(), workload.eventsInOrder(event.orderId())))) {
                paidOrders.add(event.orderId());
            }
        }
        try {
            return PaymentCheck.check(paidOrders, PaymentReader.read(bootstrap, settings.partitions()), null);
        } catch (RuntimeException e) {
            return PaymentCheck.check(paidOrders, Map.of(), e.toString());
        }
    }

    /** Whether the broker answers at all; if not, the run stops here with the reason in the errors. */
    private boolean reachable(Admin admin) throws InterruptedException {
        try {
            admin.describeCluster().nodes().get(REACHABLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            String error = Format.text("no broker answered at %s within %d s (%s)", bootstrap, REACHABLE_TIMEOUT_SECONDS,
                    e.getCause() != null ? e.getCause() : e);
            errors.add(error);
            out.event("%s", error);
            return false;
        }
    }

    private void play(Admin admin) throws InterruptedException {
        for (int i = 1; i <= settings.billingConsumers(); i++) {
            startMember(DemoSettings.BILLING, i, false);
        }
        startMember(DemoSettings.ANALYTICS, 1, false);
        if (!await("both groups to own every partition", this::groupsFormed)) {
            return;
        }
        out.event("both groups own all %d partitions; producing", settings.partitions());
        LiveView view = new LiveView(out, settings.topic(), settings.partitions(), settings.events(), producer,
                List.copyOf(progress.values()), admin);
        ScheduledExecutorService viewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-view");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = Math.max(100, settings.interval().toMillis());
        viewer.scheduleWithFixedDelay(view::print, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        producer.start();
        try {
            script();
        } finally {
            viewer.shutdown();
            viewer.awaitTermination(10, TimeUnit.SECONDS);
        }
        view.print();
    }

    /** The part-way changes: one billing consumer joins, later another leaves; then drain. */
    private void script() throws InterruptedException {
        long events = settings.events();
        if (!awaitProduced(events / 3)) {
            return;
        }
        String newcomer = startMember(DemoSettings.BILLING, settings.billingConsumers() + 1, true);
        boolean newcomerGetsWork = settings.partitions() > settings.billingConsumers();
        if (!awaitBillingSettled(newcomerGetsWork ? newcomer : null) || !awaitProduced(2 * events / 3)) {
            return;
        }
        GroupMember leaving = members.get(0);
        stopMember(leaving, true);
        if (!await(leaving.name() + " to leave", leaving::isStopped) || !awaitBillingSettled(null)
                || !await("the producer to finish", producer::finished)) {
            return;
        }
        out.event("all events produced; waiting for the groups to catch up");
        await("both groups to process every event", this::caughtUp);
    }

    /** Until every billing partition has an owner (the newcomer among them) and no callback came for a second. */
    private boolean awaitBillingSettled(String newcomer) throws InterruptedException {
        GroupProgress billing = progress.get(DemoSettings.BILLING);
        return await("the billing rebalance to settle", () -> billing.allOwned()
                && (newcomer == null || billing.owns(newcomer))
                && System.nanoTime() - billing.lastCallbackNanos() > SETTLE_QUIET.toNanos());
    }

    private boolean awaitProduced(long count) throws InterruptedException {
        Duration patience = settings.duration().plus(settings.timeout());
        return await("the producer to reach " + Format.count(count) + " events", patience,
                () -> producer.acknowledged() >= count || producer.finished());
    }

    private boolean await(String what, BooleanSupplier condition) throws InterruptedException {
        return await(what, settings.timeout(), condition);
    }

    /** Waits for a condition; false (with the reason in the errors) on timeout or when a client failed. */
    private boolean await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            String failure = failure();
            if (failure != null) {
                errors.add("stopped early: " + failure);
                out.event("stopping early: %s", failure);
                return false;
            }
            if (System.nanoTime() > deadline) {
                String error = Format.text("gave up waiting for %s after %d s", what, timeout.toSeconds());
                errors.add(error);
                out.event("%s", error);
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private String failure() {
        for (GroupMember member : members) {
            if (member.failed()) {
                return member.name() + " failed";
            }
        }
        List<String> producerErrors = producer == null ? List.of() : producer.errors();
        return producerErrors.isEmpty() ? null : "the producer reported: " + producerErrors.get(0);
    }

    /**
     * Every partition has an owner, every consumer has a partition (when there are enough), and
     * no listener call came for a second: with the KIP-848 protocol a group reaches its first
     * balanced assignment in several steps.
     */
    private boolean groupsFormed() {
        for (GroupProgress group : progress.values()) {
            List<GroupMember> ofGroup = members.stream().filter(m -> m.journal().group().equals(group.group())).toList();
            boolean everyoneHasWork = ofGroup.size() > settings.partitions()
                    || ofGroup.stream().allMatch(m -> group.owns(m.name()));
            if (!group.allOwned() || !everyoneHasWork
                    || System.nanoTime() - group.lastCallbackNanos() < SETTLE_QUIET.toNanos()) {
                return false;
            }
        }
        return true;
    }

    private boolean caughtUp() {
        for (GroupProgress group : progress.values()) {
            for (int p = 0; p < settings.partitions(); p++) {
                if (group.next(p) < producer.endOffset(p)) {
                    return false;
                }
            }
        }
        return true;
    }

    private String startMember(String group, int number, boolean measured) {
        String name = group + "-" + number;
        GroupMember member = new GroupMember(bootstrap, group, name, settings.topic(), settings.protocol(),
                settings.workMicros() * 1000, group.equals(DemoSettings.BILLING), progress.get(group), out);
        members.add(member);
        synchronized (changes) {
            changes.add(new MembershipChange(group, name, Change.JOINED, System.nanoTime(), measured));
        }
        if (measured) {
            out.event("starting %s: one more %s consumer", name, group);
        }
        member.start();
        return name;
    }

    private void stopMember(GroupMember member, boolean measured) {
        synchronized (changes) {
            changes.add(new MembershipChange(member.journal().group(), member.name(), Change.LEFT, System.nanoTime(),
                    measured));
        }
        if (measured) {
            out.event("stopping %s: it commits, gives up its partitions and leaves the group", member.name());
        }
        member.stop();
    }

    private void stopAll() throws InterruptedException {
        if (!members.isEmpty()) {
            out.event("stopping the consumers");
        }
        for (GroupMember member : members) {
            if (!member.awaitStopped(0, TimeUnit.MILLISECONDS)) {
                stopMember(member, false);
            }
        }
        producer.stop();
        for (GroupMember member : members) {
            if (!member.awaitStopped(30, TimeUnit.SECONDS)) {
                errors.add(member.name() + " did not stop within 30 s");
            }
        }
        if (producer.started() && !producer.awaitFinished(30, TimeUnit.SECONDS)) {
            errors.add("the producer did not stop within 30 s");
        }
    }

    private void finalOffsets(Admin admin, Map<String, Map<Integer, Long>> committed, Map<Integer, Long> logEnd)
            throws InterruptedException {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < settings.partitions(); p++) {
                latest.put(new TopicPartition(settings.topic(), p), OffsetSpec.latest());
            }
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : admin.listOffsets(latest).all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
                logEnd.put(end.getKey().partition(), end.getValue().offset());
            }
            for (String group : progress.keySet()) {
                Map<Integer, Long> offsets = new HashMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
                    if (entry.getKey().topic().equals(settings.topic()) && entry.getValue() != null) {
                        offsets.put(entry.getKey().partition(), entry.getValue().offset());
                    }
                }
                committed.put(group, offsets);
            }
        } catch (ExecutionException | TimeoutException e) {
            errors.add("could not read the final offsets: " + (e.getCause() != null ? e.getCause() : e));
        }
    }

    private Map<String, Object> adminConfig() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "demo-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    }
}
