package io.lanes.coordinator.group;

/**
 * One group as metrics and the dashboard show it, taken under its shard's lock.
 *
 * @param groupId           the group id (user data: escape it wherever it is rendered)
 * @param type              classic or consumer (KIP-848)
 * @param state             the state as Kafka names it (Empty, Stable, PreparingRebalance, ...)
 * @param members           current members
 * @param generationOrEpoch the generation (classic) or group epoch (consumer)
 */
public record GroupSummary(String groupId, GroupType type, String state, int members, int generationOrEpoch) {
}
