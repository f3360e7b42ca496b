package io.lanes.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/**
 * One rebalance-pause measurement against a running broker: a topic receiving a record on every
 * partition every few milliseconds, a group of existing members consuming all of it, then one
 * more member joins. The pause runs from the moment the new member subscribes until every
 * partition has delivered a record again, each from its owner after the last time it changed
 * hands; it ends once the partitions are spread evenly over all members. Partitions that keep
 * their owner (cooperative rebalancing) resume within a record interval; those that move wait
 * for the rebalance, whose length is mostly heartbeat intervals and group round trips.
 */
final class RebalancePause {

    /** The group protocols and assignors measured. */
    enum Protocol {
        CLASSIC_COOPERATIVE("classic cooperative-sticky", Map.of("group.protocol", "classic",
                "partition.assignment.strategy", CooperativeStickyAssignor.class.getName())),
        CONSUMER("consumer (KIP-848)", Map.of("group.protocol", "consumer"));

        private final String title;
        private final Map<String, Object> config;

        Protocol(String title, Map<String, Object> config) {
            this.title = title;
            this.config = config;
        }

        String title() {
            return title;
        }

        static Protocol parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "classic", "cooperative-sticky" -> CLASSIC_COOPERATIVE;
                case "consumer" -> CONSUMER;
                default -> throw new IllegalArgumentException("unknown protocol '" + text + "' (classic, consumer)");
            };
        }
    }

    private static final AtomicInteger TOPICS = new AtomicInteger();

    private final String bootstrap;
    private final int existingMembers;
    private final long recordIntervalMillis;
    private final Duration timeout;

    RebalancePause(String bootstrap, int existingMembers, long recordIntervalMillis, Duration timeout) {
        this.bootstrap = bootstrap;
        this.existingMembers = existingMembers;
        this.recordIntervalMillis = recordIntervalMillis;
        this.timeout = timeout;
    }

    /** Measures one join and returns the pause in milliseconds. */
    double measure(Protocol protocol, int partitions) throws Exception {
        if (partitions % existingMembers != 0 || partitions % (existingMembers + 1) != 0) {
            throw new IllegalArgumentException(partitions + " partitions do not spread evenly over "
                    + existingMembers + " and " + (existingMembers + 1) + " members");
        }
        String topic = "rebalance-" + protocol.name().toLowerCase(Locale.ROOT) + "-" + partitions + "-"
                + TOPICS.incrementAndGet();
        Map<String, Object> groupConfig = new java.util.HashMap<>(protocol.config);
        groupConfig.put("group.id", topic + "-group");
        groupConfig.put("auto.offset.reset", "latest");
        AtomicLongArray resumedAt = new AtomicLongArray(partitions);
        List<GroupMemberThread> members = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 60_000))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            awaitLeaders(admin, topic, partitions);
            try (SteadyProducer producer = new SteadyProducer(bootstrap, topic, partitions, recordIntervalMillis)) {
                for (int i = 0; i < existingMembers; i++) {
                    GroupMemberThread member = new GroupMemberThread(bootstrap, groupConfig, topic, resumedAt, "member-" + i);
                    members.add(member);
                    member.start();
                }
                await(() -> spreadEvenly(members, partitions) && allResumed(resumedAt), members, producer,
                        "the existing members to share and consume every partition");
                // the client is created before the clock starts: its construction is not part of the pause
                GroupMemberThread joiner = new GroupMemberThread(bootstrap, groupConfig, topic, resumedAt, "joiner");
                members.add(joiner);
                for (int p = 0; p < partitions; p++) {
                    resumedAt.set(p, 0);
                }
                long joinedAt = System.nanoTime();
                joiner.start();
                await(() -> spreadEvenly(members, partitions) && allResumed(resumedAt), members, producer,
                        "every partition to be consumed again after the join");
                long resumed = 0;
                for (int p = 0; p < partitions; p++) {
                    resumed = Math.max(resumed, resumedAt.get(p));
                }
                return (resumed - joinedAt) / 1e6;
            } finally {
                for (GroupMemberThread member : members) {
                    member.close();
                }
            }
        } finally {
            deleteQuietly(topic);
        }
    }

    private void await(BooleanSupplier done, List<GroupMemberThread> members, SteadyProducer producer, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            producer.check();
            for (GroupMemberThread member : members) {
                member.check();
            }
            if (System.nanoTime() > deadline) {
                throw new BenchException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    /**
     * Kafka applies a new topic a moment after CreateTopics returns; producing before that only
     * fills the log with NOT_LEADER_OR_FOLLOWER retries.
     */
    private void awaitLeaders(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new BenchException("topic " + topic + " not ready: " + e.getCause(), e);
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean spreadEvenly(List<GroupMemberThread> members, int partitions) {
        int share = partitions / members.size();
        return members.stream().allMatch(m -> m.ownedCount() == share);
    }

    private static boolean allResumed(AtomicLongArray resumedAt) {
        for (int p = 0; p < resumedAt.length(); p++) {
            if (resumedAt.get(p) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Removes the topic so later measurements run on a broker without its load. */
    private void deleteQuietly(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a leftover topic only costs the broker a little; the next measurement uses a new one
        }
    }
}
