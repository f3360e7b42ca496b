package io.lanes.coordinator.group.classic;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group and the transitions between them:
 *
 * <pre>
 * Empty ──join──▶ PreparingRebalance ──all joined / rebalance timeout──▶ CompletingRebalance
 *   ▲                  ▲        │ (no member left)                               │ leader's SyncGroup
 *   └──────────────────┼────────┘                                                ▼
 *                      └──────── join, leave, session expiry ─────────────── Stable
 * any ──DeleteGroups / group tombstone──▶ Dead
 * </pre>
 */
public enum ClassicGroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    static {
        EMPTY.previous = EnumSet.of(PREPARING_REBALANCE);
        PREPARING_REBALANCE.previous = EnumSet.of(EMPTY, STABLE, COMPLETING_REBALANCE);
        COMPLETING_REBALANCE.previous = EnumSet.of(PREPARING_REBALANCE);
        STABLE.previous = EnumSet.of(COMPLETING_REBALANCE);
        DEAD.previous = EnumSet.of(EMPTY, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE, DEAD);
    }

    private final String wireName;
    private Set<ClassicGroupState> previous;

    ClassicGroupState(String wireName) {
        this.wireName = wireName;
    }

    /** The name Kafka reports (DescribeGroups, ListGroups). */
    public String wireName() {
        return wireName;
    }

    boolean canFollow(ClassicGroupState state) {
        return previous.contains(state);
    }
}
