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
 * @param clients   what clients report about themselves through KIP-714 telemetry, by client id (at most
 *                  {@value OverviewBuilder#MAX_CLIENTS})
 * @param verdicts  true when a lag verdict provider is plugged in ({@link LagVerdicts}), so groups carry verdicts
 * @param truncated true when a bound cut something off
 */
public record Overview(long timeMs, Health broker, List<Topic> topics, List<Group> groups, HotKeyReport hotKeys,
                       List<Client> clients, boolean verdicts, boolean truncated) {

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
     * @param messagesOut    records fetched since start-up
     */
    public record Partition(int partition, long logStartOffset, long logEndOffset, long sizeBytes, double messagesIn,
                            double bytesIn, double bytesOut, double messagesOut) {
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
     * @param verdict   the group's lag verdict from the plugged-in provider, null when there is none
     */
    public record Group(String groupId, String type, String state, int members, int generation, long totalLag,
                        List<PartitionLag> lag, List<long[]> history, long rebalances,
                        List<io.lanes.coordinator.group.timeline.RebalanceEvent> timeline,
                        LagVerdicts.LagVerdict verdict) {
    }

    /**
     * Lag of one partition, with its history ({@code [timeMs, lag]} pairs, last 15 minutes), and the lag the group's
     * consumers report for it themselves through telemetry ({@code records.lag}; null when none reports it).
     */
    public record PartitionLag(String topic, int partition, long committed, long logEndOffset, long lag,
                               List<long[]> history, Double clientLag) {
    }

    /**
     * One client instance as its KIP-714 telemetry shows it; a figure is null when the client does not report it
     * (producers report no poll figures, consumers no produce figures, and subscriptions choose what is pushed).
     *
     * @param clientId            the client's {@code client.id}
     * @param clientInstanceId    the id the broker gave the instance
     * @param software            client library and version
     * @param kind                producer, consumer or client (from the metrics it pushes)
     * @param groupId             its consumer group, when it says
     * @param lastPushMs          when its last metrics arrived
     * @param terminating         true once it said it is closing
     * @param produceLatencyAvgMs producer request latency, average ms ({@code producer.request.latency.avg})
     * @param produceLatencyMaxMs ... maximum ms
     * @param recordsSent         records sent ({@code producer.record.send.total})
     * @param pollIntervalAvgMs   time between polls, average ms ({@code consumer.time.between.poll.avg})
     * @param fetchLatencyAvgMs   fetch latency, average ms ({@code consumer.fetch.manager.fetch.latency.avg})
     * @param recordsConsumed     records consumed ({@code consumer.fetch.manager.records.consumed.total})
     * @param lagMax              the largest partition lag it sees ({@code consumer.fetch.manager.records.lag.max})
     * @param lag                 the lag it sees per partition ({@code consumer.fetch.manager.records.lag}), at most
     *                            {@value OverviewBuilder#MAX_CLIENT_PARTITIONS}
     */
    public record Client(String clientId, String clientInstanceId, String software, String kind, String groupId,
                         long lastPushMs, boolean terminating, Double produceLatencyAvgMs, Double produceLatencyMaxMs,
                         Double recordsSent, Double pollIntervalAvgMs, Double fetchLatencyAvgMs, Double recordsConsumed,
                         Double lagMax, List<ClientLag> lag) {
    }

    /** Lag of one partition as a consumer sees it. */
    public record ClientLag(String topic, int partition, double lag) {
    }
}
