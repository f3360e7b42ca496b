package io.lanes.cli.demo;

import io.lanes.cli.demo.DeadLetterReader.DeadLetter;
import io.lanes.cli.demo.StageJournal.Attempt;
import io.lanes.cli.demo.StageProducer.Placed;
import io.lanes.cli.demo.StageStream.StageRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SerializationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The demo's second stage (issue: parallel processing beyond the partition count): a fresh order
 * stream with malformed events and transient failures goes into its own topic, then a plain group
 * (one consumer per partition) and one {@code LanesProcessor} handle it with the same simulated
 * I/O, one after the other so they do not share the CPU. The plain group is measured over a fixed
 * window; the processor handles everything and its calls are checked: per-key order, every good
 * event exactly once, poison pills in the dead letter with Spring's headers, transient failures
 * retried. Not thread-safe: one run on one thread.
 */
final class ProcessorStage {
    private static final String PROCESSOR_LOGGERS = "io.lanes.processor";
    private static final long QUIET_NANOS = Duration.ofMillis(500).toNanos();

    private final DemoSettings demo;
    private final StageSettings settings;
    private final String bootstrap;
    private final DemoOutput out;
    private final List<String> errors = new ArrayList<>();

    ProcessorStage(DemoSettings demo, String bootstrap, DemoOutput out) {
        this.demo = demo;
        this.settings = demo.stage();
        this.bootstrap = bootstrap;
        this.out = out;
    }

    /** The stage's checks (to join the verdict) and its errors (for the clients' check). */
    record Outcome(List<CheckResult> checks, List<String> errors) {
    }

    Outcome run(Admin admin, boolean resetExisting) throws InterruptedException {
        StageStream stream = StageStream.generate(settings, demo.seed() + 1);
        out.event("processor stage: %s order events (%d malformed, every %s one failing once) into %s, %s of "
                        + "simulated I/O per event", Format.count(stream.good()), settings.malformed(),
                settings.failEvery() > 0 ? ordinal(settings.failEvery()) : "no", settings.topic(),
                millis(settings.io()));
        List<Placed> placed;
        try {
            new DemoTopic(admin, settings.topic(), demo.partitions(), out).recreate(resetExisting,
                    List.of(StageSettings.PLAIN_GROUP, StageSettings.PROCESSOR_GROUP));
            new DemoTopic(admin, settings.deadLetterTopic(), demo.partitions(), out).recreate(resetExisting, List.of());
            placed = StageProducer.produce(bootstrap, settings.topic(), stream.records(), demo.timeout().toMillis());
        } catch (ExecutionException | TimeoutException e) {
            errors.add("processor stage: could not set up " + settings.topic() + ": " + (e.getCause() != null
                    ? e.getCause() : e));
            return new Outcome(List.of(), errors);
        }
        out.event("produced %s records into %s", Format.count(placed.size()), settings.topic());
        Set<Long> failOnce = new HashSet<>();
        for (StageRecord record : stream.records()) {
            if (record.failsOnce()) {
                failOnce.add(record.eventId());
            }
        }
        double plainRate = plainGroup(failOnce);
        StageJournal journal = new StageJournal();
        long deadLettered = processor(new StageHandler(settings.io(), failOnce, journal), stream.good());
        List<Attempt> attempts = journal.attempts();
        double processorRate = rate(attempts);
        out.event("the LanesProcessor handled %s events (%s dead-lettered) at %s events/s", Format.count(
                journal.succeeded()), Format.count(deadLettered), Format.count(Math.round(processorRate)));

        List<String> summary = List.of(Format.text("plain group %s events/s (%d consumers, one per partition) - "
                        + "LanesProcessor %s events/s (1 instance, %d in flight): %s", Format.count(Math.round(plainRate)),
                demo.partitions(), Format.count(Math.round(processorRate)), settings.concurrency(),
                plainRate > 0 ? Format.text("%.1fx", processorRate / plainRate) : "plain group handled nothing"),
                Format.text("ideal at %s per event: %s events/s for %d in flight, %s events/s for %d partitions; "
                                + "the hottest order (%s events, one at a time) alone takes %.1f s",
                        millis(settings.io()), Format.count(Math.round(settings.concurrency() * 1e9 / settings.io().toNanos())),
                        settings.concurrency(), Format.count(Math.round(demo.partitions() * 1e9 / settings.io().toNanos())),
                        demo.partitions(), Format.count(stream.workload().eventsInOrder(stream.workload().biggestOrders(1).get(0))),
                        stream.workload().eventsInOrder(stream.workload().biggestOrders(1).get(0)) * settings.io().toNanos() / 1e9));
        List<DeadLetter> letters = List.of();
        String readError = null;
        try {
            letters = DeadLetterReader.read(bootstrap, settings.deadLetterTopic(), demo.partitions());
            for (DeadLetter letter : letters) {
                out.event("  dead letter %s p%d@%d <- %s (%s)", settings.deadLetterTopic(), letter.partition(),
                        letter.offset(), header(letter, DeadLetterCheck.ORIGINAL_TOPIC), header(letter,
                                "kafka_dlt-exception-message"));
            }
        } catch (RuntimeException e) {
            readError = e.toString();
        }
        List<CheckResult> checks = List.of(
                HandledOnceCheck.check(placed, attempts, summary),
                KeyOrderCheck.check(attempts),
                TransientFailureCheck.check(placed, attempts),
                DeadLetterCheck.check(settings.topic(), settings.deadLetterTopic(), placed, letters,
                        SerializationException.class.getName(), readError));
        return new Outcome(checks, errors);
    }

    /** Runs the plain group until it is formed, then measures it for the window; its rate in events/s. */
    private double plainGroup(Set<Long> failOnce) throws InterruptedException {
        StageJournal journal = new StageJournal();
        PlainGroupRun plain = new PlainGroupRun(bootstrap, settings.topic(), demo.partitions(), demo.protocol(),
                new StageHandler(settings.io(), failOnce, journal));
        out.event("starting %s: %d consumers, one per partition, each handling its events one by one",
                StageSettings.PLAIN_GROUP, demo.partitions());
        plain.start();
        double rate = 0;
        try {
            if (await("every plain consumer to own one partition", () -> plain.formed(QUIET_NANOS)
                    || !plain.errors().isEmpty())) {
                long fromCount = journal.succeeded();
                long from = System.nanoTime();
                Thread.sleep(settings.plainTime().toMillis());
                long handled = journal.succeeded() - fromCount;
                rate = handled * 1e9 / (System.nanoTime() - from);
                out.event("%s handled %s events in %s: %s events/s; stopping it", StageSettings.PLAIN_GROUP,
                        Format.count(handled), millis(settings.plainTime()), Format.count(Math.round(rate)));
            }
        } finally {
            plain.close();
            errors.addAll(plain.errors());
        }
        return rate;
    }

    /** Runs the processor until it has handled every good event and dead-lettered every malformed one. */
    private long processor(StageHandler handler, long good) throws InterruptedException {
        out.event("starting one LanesProcessor: KEY ordering, %d in flight at most", settings.concurrency());
        // each poison pill is logged as a warning; here they are expected, and listed from the dead-letter topic
        try (io.lanes.cli.logging.LevelOverride quiet = io.lanes.cli.logging.Logging.atLeast(PROCESSOR_LOGGERS,
                org.slf4j.event.Level.ERROR);
             ProcessorRun processor = new ProcessorRun(bootstrap, settings, demo.protocol(), handler)) {
            processor.start();
            await("the LanesProcessor to handle every event", () -> !processor.isRunning()
                    || handler.journal().succeeded() >= good && processor.deadLettered() >= settings.malformed());
            if (!processor.isRunning()) {
                errors.add("the LanesProcessor stopped on its own (see its log)");
            }
            return processor.deadLettered();
        } catch (RuntimeException e) {
            errors.add("the LanesProcessor failed: " + e);
            return 0;
        }
    }

    /** Good events per second from the first call's start to the last success's end. */
    static double rate(List<Attempt> attempts) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long succeeded = 0;
        for (Attempt attempt : attempts) {
            first = Math.min(first, attempt.startNanos());
            if (attempt.succeeded()) {
                last = Math.max(last, attempt.endNanos());
                succeeded++;
            }
        }
        return succeeded == 0 || last <= first ? 0 : succeeded * 1e9 / (last - first);
    }

    private static String header(DeadLetter letter, String name) {
        byte[] value = letter.headers().get(name);
        return value == null ? "no " + name : new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private boolean await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + demo.timeout().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String error = Format.text("processor stage: gave up waiting for %s after %d s", what,
                        demo.timeout().toSeconds());
                errors.add(error);
                out.event("%s", error);
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static String millis(Duration duration) {
        return duration.toMillis() >= 1000 && duration.toMillis() % 1000 == 0
                ? duration.toSeconds() + " s" : Format.text("%s ms", Format.count(duration.toMillis()));
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
