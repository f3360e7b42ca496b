package io.lanes.coordinator.group.timeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded history of what happened to each group: the last {@code eventsPerGroup} events of at most
 * {@code maxGroups} groups (the group with the oldest latest event is forgotten first), and per group the number
 * of rebalances (classic generations, consumer epoch bumps) since start-up, which is not bounded by the history.
 *
 * <p>In memory only: a restarted broker starts with an empty timeline, since replaying the records of
 * {@code __consumer_offsets} must not invent events that happened before.
 *
 * <p>Thread-safe: the shards record under their own locks, concurrently, and the HTTP threads read; every method
 * synchronizes on this object and readers get copies.
 */
public final class RebalanceTimeline {
    public static final int DEFAULT_MAX_GROUPS = 1000;
    public static final int DEFAULT_EVENTS_PER_GROUP = 100;
    /** Moves listed per event; larger reassignments report the count in {@link RebalanceEvent#moved()}. */
    public static final int MAX_MOVES_PER_EVENT = 100;

    private final int maxGroups;
    private final int eventsPerGroup;
    /** In order of the latest event: the first entry is the one to forget. */
    private final LinkedHashMap<String, History> groups = new LinkedHashMap<>();

    private static final class History {
        final ArrayDeque<RebalanceEvent> events = new ArrayDeque<>();
        long rebalances;
    }

    /**
     * The history of one group.
     *
     * @param groupId    the group id
     * @param rebalances generations (classic) or epoch bumps (consumer) since start-up
     * @param events     its latest events, newest first
     */
    public record GroupTimeline(String groupId, long rebalances, List<RebalanceEvent> events) {
    }

    public RebalanceTimeline() {
        this(DEFAULT_MAX_GROUPS, DEFAULT_EVENTS_PER_GROUP);
    }

    public RebalanceTimeline(int maxGroups, int eventsPerGroup) {
        if (maxGroups < 1 || eventsPerGroup < 1) {
            throw new IllegalArgumentException("maxGroups and eventsPerGroup must be positive");
        }
        this.maxGroups = maxGroups;
        this.eventsPerGroup = eventsPerGroup;
    }

    /** Adds an event to the group's history; generation and epoch changes also count as rebalances. */
    public synchronized void record(String groupId, RebalanceEvent event) {
        History history = groups.remove(groupId);
        if (history == null) {
            history = new History();
        }
        groups.put(groupId, history);
        history.events.addLast(event);
        if (history.events.size() > eventsPerGroup) {
            history.events.removeFirst();
        }
        if (event.kind() == RebalanceEvent.Kind.GENERATION_CHANGED || event.kind() == RebalanceEvent.Kind.EPOCH_CHANGED) {
            history.rebalances++;
        }
        if (groups.size() > maxGroups) {
            Iterator<String> oldest = groups.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The group's history, or an empty one if nothing is known about it. */
    public synchronized GroupTimeline group(String groupId) {
        History history = groups.get(groupId);
        return history == null ? new GroupTimeline(groupId, 0, List.of()) : view(groupId, history, eventsPerGroup);
    }

    /**
     * The histories of the {@code maxGroups} groups with the most recent events, most recent first, each with
     * at most {@code maxEvents} events, newest first.
     */
    public synchronized List<GroupTimeline> latest(int maxGroups, int maxEvents) {
        List<GroupTimeline> out = new ArrayList<>();
        List<Map.Entry<String, History>> entries = new ArrayList<>(groups.entrySet());
        for (int i = entries.size() - 1; i >= 0 && out.size() < maxGroups; i--) {
            out.add(view(entries.get(i).getKey(), entries.get(i).getValue(), maxEvents));
        }
        return out;
    }

    /** Rebalances per group since start-up (for the groups still remembered). */
    public synchronized Map<String, Long> rebalances() {
        Map<String, Long> out = new LinkedHashMap<>();
        groups.forEach((id, h) -> out.put(id, h.rebalances));
        return out;
    }

    private static GroupTimeline view(String groupId, History history, int maxEvents) {
        List<RebalanceEvent> events = new ArrayList<>(Math.min(maxEvents, history.events.size()));
        Iterator<RebalanceEvent> newestFirst = history.events.descendingIterator();
        while (newestFirst.hasNext() && events.size() < maxEvents) {
            events.add(newestFirst.next());
        }
        return new GroupTimeline(groupId, history.rebalances, events);
    }
}
