package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.runtime.Scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The initial rebalance delay of streams groups ({@code group.streams.initial.rebalance.delay.ms}, Kafka 4.4): when a
 * member joins a group that has no members, the group's first target assignment waits this long so that the other
 * members of the application can join first; while it waits the group is "delayed". When the delay is over, the
 * {@code assign} callback runs (under the shard lock) with the group id. A delay of 0 disables it.
 *
 * <p>Not state: a restarted coordinator starts without delays, as Kafka's timers do. Used under the shard lock only.
 */
final class InitialRebalanceDelays {
    private final GroupShard shard;
    private final int delayMs;
    private final Consumer<String> assign;
    private final Map<String, Scheduler.Task> delays = new HashMap<>();

    InitialRebalanceDelays(GroupShard shard, int delayMs, Consumer<String> assign) {
        this.shard = shard;
        this.delayMs = delayMs;
        this.assign = assign;
    }

    /** Starts the delay of {@code groupId} unless it is already running. */
    void startIfAbsent(String groupId) {
        if (delayMs <= 0 || delays.containsKey(groupId)) {
            return;
        }
        // the task object is only known once scheduled; the map entry is what says "delayed"
        Scheduler.Task[] task = new Scheduler.Task[1];
        task[0] = shard.schedule(delayMs, () -> {
            if (delays.get(groupId) == task[0]) {
                delays.remove(groupId);
                assign.accept(groupId);
            }
        });
        delays.put(groupId, task[0]);
    }

    /** Whether the first assignment of {@code groupId} is still waiting. */
    boolean active(String groupId) {
        return delays.containsKey(groupId);
    }

    /** Drops the delay of a removed group. */
    void cancel(String groupId) {
        Scheduler.Task task = delays.remove(groupId);
        if (task != null) {
            task.cancel();
        }
    }
}
