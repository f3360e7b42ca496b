package io.lanes.coordinator.group.offsets;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Offset retention (offsets.retention.minutes, KIP-211): an offset expires
 * <ul>
 *   <li>at its explicit expire timestamp, if the commit carried a retention time (v2-v4);</li>
 *   <li>when its group has been Empty for the retention period, counted from when the group
 *       became Empty or from the commit, whichever is later (for groups that only hold offsets:
 *       from the commit);</li>
 *   <li>for an active consumer group, when its topic is no longer subscribed and the commit is
 *       older than the retention period.</li>
 * </ul>
 * Expired offsets get tombstones; an Empty group left without offsets is deleted (tombstone),
 * as Kafka does.
 *
 * <p>Runs under the shard lock.
 */
public final class OffsetExpiration {
    private static final Logger log = LoggerFactory.getLogger(OffsetExpiration.class);

    private final GroupShard shard;

    public OffsetExpiration(GroupShard shard) {
        this.shard = shard;
    }

    public void run() {
        long now = shard.nowMs();
        long retention = shard.config().offsetsRetentionMs();
        OffsetStore store = shard.offsets();
        List<CoordinatorRecord> records = new ArrayList<>();
        for (Group group : new ArrayList<>(shard.groups())) {
            String groupId = group.groupId();
            int expired = 0;
            for (Map.Entry<TopicPartition, CommittedOffset> e : store.offsets(groupId).entrySet()) {
                if (isExpired(group, e.getKey(), e.getValue(), now, retention)) {
                    records.add(GroupRecords.offsetTombstone(groupId, e.getKey()));
                    expired++;
                }
            }
            if (expired > 0) {
                log.info("Expiring {} offset(s) of group {}", expired, groupId);
            }
            if (group.isEmpty() && expired == store.offsets(groupId).size()) {
                log.info("Deleting group {}: Empty and without offsets", groupId);
                records.addAll(group.deletionRecords());
            }
        }
        if (!records.isEmpty()) {
            shard.writeQuietly(records, "expired offsets of partition " + shard.partition());
        }
    }

    private static boolean isExpired(Group group, TopicPartition tp, CommittedOffset offset, long now, long retention) {
        if (offset.expireTimestampMs() >= 0) {
            return now >= offset.expireTimestampMs();
        }
        if (group.isEmpty()) {
            long base = group.protocolTypeOrEmpty().isEmpty() ? offset.commitTimestampMs()
                    : Math.max(group.stateTimestampMs(), offset.commitTimestampMs());
            return now - base >= retention;
        }
        // the subscription check reads every member's subscription: last, after the cheap ones
        return "consumer".equals(group.protocolTypeOrEmpty()) && now - offset.commitTimestampMs() >= retention
                && !group.isSubscribedTo(tp.topic());
    }
}
