package io.lanes.cli.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the demo start from nothing: deletes the topic and the groups an earlier run left on the
 * broker, then creates the topic and waits until every partition has a leader.
 */
final class DemoTopic {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Admin admin;
    private final String topic;
    private final int partitions;
    private final DemoOutput out;

    DemoTopic(Admin admin, String topic, int partitions, DemoOutput out) {
        this.admin = admin;
        this.topic = topic;
        this.partitions = partitions;
        this.out = out;
    }

    /**
     * @param resetExisting whether an earlier run's topic and groups may exist (a broker the demo
     *                      did not start); they are deleted
     */
    void recreate(boolean resetExisting, List<String> groups) throws ExecutionException, TimeoutException,
            InterruptedException {
        if (resetExisting) {
            deleteLeftovers(groups);
        }
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                        .all().get(30, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException e) {
                // a topic deleted a moment ago may still be on its way out
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(topic + " has no leader for every partition after 30 s");
            }
            Thread.sleep(50);
        }
        out.event("created %s with %d partitions", topic, partitions);
    }

    private void deleteLeftovers(List<String> groups) throws ExecutionException, TimeoutException,
            InterruptedException {
        if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            out.event("deleted %s left by an earlier run", topic);
        }
        for (String group : groups) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
                out.event("deleted consumer group %s left by an earlier run", group);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    out.event("could not delete consumer group %s: %s", group, e.getCause());
                }
            }
        }
    }

    private boolean ready() throws InterruptedException {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            TopicDescription description = described.get(topic);
            return description != null && description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException | TimeoutException e) {
            return false; // not there yet
        }
    }
}
