package io.lanes.broker.dashboard;

import io.lanes.broker.hotkeys.HotKeyReport;

import java.util.List;

/**
 * Everything the dashboard shows, as served at {@code /api/overview} (JSON). The counters are the same figures
 * {@code /metrics} exports (rates are computed by the page from two polls). Names, ids and keys are user data:
 * the page renders them as text only. Bounded: at most {@value OverviewBuilder#MAX_TOPICS} topics,
 * {@value OverviewBuilder#MAX_GROUPS} groups, {@value OverviewBuilder#MAX_PARTITIONS} partitions in all.
 *
 * @param timeMs    when it was taken (broker clock, ms)
 * @param broker    broker health
 * @param topics    topics with their partitions, by name
 * @param groups    consumer groups with their lag, by id
 * @param hotKeys   hot keys and partitions over the hot-key window
 * @param truncated true when a bound cut something off
 */
public record Overview(long timeMs, Health broker, List<Topic> topics, List<Group> groups, HotKeyReport hotKeys,
                       boolean truncated) {

    /**
     * @param uptimeSec         seconds since the JVM started
     * @param processCpu        the process' share of the machine's CPU (0 to 1), or -1
     * @param heapUsedBytes     heap used
     * @param heapMaxBytes      heap maximum
     * @param diskFreeBytes     free bytes of the data directory's file system
     * @param diskTotalBytes    size of that file system
     * @param connections       open Kafka client connections
     * @param produceP50Ms      Produce request total time, median (ms, last minute)
     * @param produceP99Ms      ... 99th percentile
     * @param fetchP99Ms        Fetch request total time, 99th percentile (long polls included)
     * @param fsyncP99Ms        fsync time, 99th percentile
     */
    public record Health(double uptimeSec, double processCpu, double heapUsedBytes, double heapMaxBytes,
                         double diskFreeBytes, double diskTotalBytes, double connections, double produceP50Ms,
                         double produceP99Ms, double fetchP99Ms, double fsyncP99Ms) {
    }

    /** A topic and its partitions. */
    public record Topic(String name, List<Partition> partitions) {
    }

    /**
     * @param partition      index
     * @param logStartOffset first offset kept
     * @param logEndOffset   next offset to be written
     * @param sizeBytes      bytes on disk
     * @param messagesIn     records appended since start-up
     * @param bytesIn        bytes appended since start-up
     * @param bytesOut       bytes fetched since start-up
     */
    public record Partition(int partition, long logStartOffset, long logEndOffset, long sizeBytes, double messagesIn,
                            double bytesIn, double bytesOut) {
    }

    /**
     * @param groupId   the group id
     * @param type      classic or consumer
     * @param state     Kafka's state name
     * @param members   current members
     * @param generation generation or group epoch
     * @param totalLag  sum of the partitions' lag
     * @param lag       per partition: committed offset and lag (log end offset minus committed)
     * @param history   total lag over the last 15 minutes: {@code [timeMs, lag]} pairs, oldest first
     * @param rebalances generations (classic) or epoch bumps (consumer) since the broker started
     * @param timeline  the latest rebalance events, newest first (at most
     *                  {@value OverviewBuilder#TIMELINE_EVENTS}, each listing at most
     *                  {@value OverviewBuilder#TIMELINE_MOVES} moves; {@code /api/groups/timeline} has more)
     */
    public record Group(String groupId, String type, String state, int members, int generation, long totalLag,
                        List<PartitionLag> lag, List<long[]> history, long rebalances,
                        List<io.lanes.coordinator.group.timeline.RebalanceEvent> timeline) {
    }

    /** Lag of one partition, with its history ({@code [timeMs, lag]} pairs, last 15 minutes). */
    public record PartitionLag(String topic, int partition, long committed, long logEndOffset, long lag,
                               List<long[]> history) {
    }
}
