package io.lanes.cli.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * The table printed while the demo runs: per partition, events produced (and per second), and
 * per group the records processed, the lag and the current owner. "Produced" is the broker's
 * log end offset (the topic is new, so it starts at 0) and lag is what
 * {@code kafka-consumer-groups --describe} shows: log end offset minus the group's committed
 * offset, both asked of the broker each time. Plain lines, no terminal control codes, so it reads
 * the same in a CI log. Not thread-safe: one thread calls {@link #print()}.
 */
final class LiveView {
    private static final long ADMIN_TIMEOUT_MS = 2000;

    private final DemoOutput out;
    private final String topic;
    private final int partitions;
    private final int events;
    private final ProducerTask producer;
    private final List<GroupProgress> groups;
    private final Admin admin;
    private long lastNanos;
    private long[] lastProduced;
    private final Map<String, Long> lastConsumed = new HashMap<>();

    LiveView(DemoOutput out, String topic, int partitions, int events, ProducerTask producer,
             List<GroupProgress> groups, Admin admin) {
        this.out = out;
        this.topic = topic;
        this.partitions = partitions;
        this.events = events;
        this.producer = producer;
        this.groups = List.copyOf(groups);
        this.admin = admin;
        this.lastNanos = System.nanoTime();
        this.lastProduced = new long[partitions];
    }

    void print() {
        Offsets offsets = offsets();
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long[] produced = offsets.logEnd;
        long producedTotal = sum(produced);
        int width = Math.max(6, Long.toString(Math.max(events, max(produced))).length() + 2);
        List<String> lines = new ArrayList<>();
        StringBuilder summary = new StringBuilder(Format.text("[%7.2fs] produced %s of %s (%s/s)",
                (now - out.startNanos()) / 1e9, Format.count(producedTotal), Format.count(events),
                Format.count(Math.round((producedTotal - sum(lastProduced)) / seconds))));
        for (GroupProgress group : groups) {
            long consumed = sum(offsets.consumed.get(group.group()));
            long previous = lastConsumed.getOrDefault(group.group(), 0L);
            summary.append(Format.text(" | %s %s (%s/s) lag %s", group.group(), Format.count(consumed),
                    Format.count(Math.round((consumed - previous) / seconds)),
                    Format.count(sum(offsets.lags.get(group.group())))));
            lastConsumed.put(group.group(), consumed);
        }
        lines.add(summary.toString());
        lines.add(row("partition", width, p -> "p" + p));
        lines.add(row("produced", width, p -> Long.toString(produced[p])));
        long[] before = lastProduced;
        lines.add(row("produced/s", width, p -> Long.toString(Math.round((produced[p] - before[p]) / seconds))));
        for (GroupProgress group : groups) {
            long[] lag = offsets.lags.get(group.group());
            long[] consumed = offsets.consumed.get(group.group());
            lines.add(row(group.group(), width, p -> Long.toString(consumed[p])));
            lines.add(row("  lag", width, p -> Long.toString(lag[p])));
            lines.add(row("  owner", width, p -> shortName(group.owner(p))));
        }
        if (offsets.problem != null) {
            lines.add("  (produced and lag from the clients' own counts: the broker did not answer: " + offsets.problem
                    + ")");
        }
        out.lines(lines);
        lastProduced = produced;
        lastNanos = now;
    }

    /** Log end offsets and per-group lag: from the broker if it answers, else from the clients' counts. */
    private Offsets offsets() {
        try {
            return brokerOffsets();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return clientOffsets(String.valueOf(e instanceof ExecutionException ? e.getCause() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return clientOffsets("interrupted");
        }
    }

    private Offsets brokerOffsets() throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long[] logEnd = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            logEnd[p] = ends.get(new TopicPartition(topic, p)).offset();
        }
        Map<String, long[]> consumed = consumedCounts();
        Map<String, long[]> lags = new HashMap<>();
        for (GroupProgress group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.group())
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long[] lag = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
                lag[p] = Math.max(0, logEnd[p] - (offset == null ? 0 : offset.offset()));
            }
            lags.put(group.group(), lag);
        }
        return new Offsets(logEnd, consumed, lags, null);
    }

    private Offsets clientOffsets(String problem) {
        long[] logEnd = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            logEnd[p] = producer.endOffset(p);
        }
        Map<String, long[]> consumed = consumedCounts();
        Map<String, long[]> lags = new HashMap<>();
        for (GroupProgress group : groups) {
            long[] lag = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                lag[p] = Math.max(0, logEnd[p] - group.next(p));
            }
            lags.put(group.group(), lag);
        }
        return new Offsets(logEnd, consumed, lags, problem);
    }

    /** Read right after the log end offsets, so that consumed and produced are about the same moment. */
    private Map<String, long[]> consumedCounts() {
        Map<String, long[]> consumed = new HashMap<>();
        for (GroupProgress group : groups) {
            long[] counts = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                counts[p] = group.consumed(p);
            }
            consumed.put(group.group(), counts);
        }
        return consumed;
    }

    private record Offsets(long[] logEnd, Map<String, long[]> consumed, Map<String, long[]> lags, String problem) {
    }

    private String row(String label, int width, IntFunction<String> cell) {
        StringBuilder row = new StringBuilder(Format.text("  %-12s", label));
        for (int p = 0; p < partitions; p++) {
            String value = cell.apply(p);
            row.append(" ".repeat(Math.max(1, width - value.length()))).append(value);
        }
        return row.toString();
    }

    /** {@code billing-4} shows as {@code b4}; no owner as {@code -}. */
    static String shortName(String member) {
        if (member == null) {
            return "-";
        }
        int dash = member.lastIndexOf('-');
        return dash < 0 ? member : member.charAt(0) + member.substring(dash + 1);
    }

    private static long max(long[] values) {
        long max = 0;
        for (long value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }
}
