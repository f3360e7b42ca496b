package io.lanes.coordinator.group.timeline;

/**
 * A partition that changed owner.
 *
 * @param topic     the topic's name (its id when the name is unknown)
 * @param partition the partition index
 * @param from      the member that owned it before, or null if nobody did (a new assignment)
 * @param to        the member that owns it now, or null if nobody does yet
 * @param unownedMs how long it had no owner, in ms: classic groups, the rebalance (PreparingRebalance to
 *                  Stable, when every member gives up its partitions; also for partitions nobody owned before);
 *                  consumer groups, from the revocation acknowledged by {@code from} (or {@code from} leaving) to
 *                  the heartbeat that gave it to {@code to}, 0 when it went straight across, -1 when nobody owned
 *                  it before; -1 when nobody owns it now
 */
public record PartitionMove(String topic, int partition, String from, String to, long unownedMs) {
}
