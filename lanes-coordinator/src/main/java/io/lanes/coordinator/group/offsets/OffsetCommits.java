package io.lanes.coordinator.group.offsets;

import io.lanes.coordinator.group.CommitPartitionValidator;
import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.RequestInfo;
import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit: validates the committer against the group (generation, member, state), checks
 * each partition (topic exists, metadata within offset.metadata.max.bytes), writes one offset
 * record per accepted partition and answers once they are durable. A commit with generation -1
 * and no member id to a group that does not exist creates an Empty ("simple") classic group.
 *
 * <p>Runs under the shard lock; the response completes later, on a durability thread.
 */
public final class OffsetCommits {
    /** The first version that names topics by id (KIP-848 follow-up). */
    private static final short TOPIC_ID_VERSION = 10;
    /** The first version answering GROUP_ID_NOT_FOUND (rather than ILLEGAL_GENERATION) for an unknown group. */
    private static final short GROUP_ID_NOT_FOUND_VERSION = 9;
    /** The versions whose requests carry a retention time. */
    private static final short LAST_RETENTION_VERSION = 4;

    private final GroupShard shard;
    private final TopicLookup topics;

    public OffsetCommits(GroupShard shard, TopicLookup topics) {
        this.shard = shard;
        this.topics = topics;
    }

    public CompletableFuture<OffsetCommitResponseData> commit(RequestInfo info, OffsetCommitRequestData request) {
        Validation validation = validate(info, request);
        Errors groupError = validation.groupError();
        boolean byId = info.apiVersion() >= TOPIC_ID_VERSION;
        long now = shard.nowMs();
        long expireAt = info.apiVersion() <= LAST_RETENTION_VERSION && request.retentionTimeMs() >= 0
                ? now + request.retentionTimeMs() : -1;
        int maxMetadata = shard.config().offsetMetadataMaxBytes();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<CoordinatorRecord> records = new ArrayList<>();
        List<OffsetCommitResponsePartition> written = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            String name = byId ? topics.topicName(topic.topicId()) : topic.name();
            OffsetCommitResponseTopic topicResponse = new OffsetCommitResponseTopic()
                    .setName(topic.name())
                    .setTopicId(topic.topicId());
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                Errors error = groupError;
                if (error == Errors.NONE) {
                    if (name == null) {
                        error = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    } else if (p.partitionIndex() < 0 || p.partitionIndex() >= topics.partitionCount(name)) {
                        error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    } else if (p.committedMetadata() != null && p.committedMetadata().length() > maxMetadata) {
                        error = Errors.OFFSET_METADATA_TOO_LARGE;
                    } else {
                        error = check(validation.partitions(), byId ? topic.topicId() : topics.topicId(name),
                                p.partitionIndex());
                    }
                }
                OffsetCommitResponsePartition partitionResponse = new OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code());
                if (error == Errors.NONE) {
                    records.add(GroupRecords.offset(request.groupId(), new TopicPartition(name, p.partitionIndex()),
                            new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata(),
                                    now, expireAt)));
                    written.add(partitionResponse);
                }
                topicResponse.partitions().add(partitionResponse);
            }
            response.topics().add(topicResponse);
        }
        return DurableAnswer.after(() -> shard.write(records), response,
                () -> written.forEach(p -> p.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())),
                "offsets of group " + request.groupId());
    }

    private static Errors check(CommitPartitionValidator validator, Uuid topicId, int partition) {
        try {
            validator.validate(topicId, partition);
            return Errors.NONE;
        } catch (ApiException e) {
            return Errors.forException(e);
        }
    }

    /** The error of the whole request and, when there is none, the check each partition must pass. */
    private record Validation(Errors groupError, CommitPartitionValidator partitions) {
        static Validation of(Errors error) {
            return new Validation(error, CommitPartitionValidator.NO_OP);
        }
    }

    private Validation validate(RequestInfo info, OffsetCommitRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return Validation.of(Errors.INVALID_GROUP_ID);
        }
        Group group = shard.group(request.groupId());
        if (group == null) {
            if (request.generationIdOrMemberEpoch() < 0) {
                return Validation.of(Errors.NONE);
            }
            return Validation.of(info.apiVersion() >= GROUP_ID_NOT_FOUND_VERSION ? Errors.GROUP_ID_NOT_FOUND
                    : Errors.ILLEGAL_GENERATION);
        }
        try {
            return new Validation(Errors.NONE, group.validateOffsetCommitPartitions(request.memberId() == null ? ""
                    : request.memberId(), request.groupInstanceId(), request.generationIdOrMemberEpoch()));
        } catch (ApiException e) {
            return Validation.of(Errors.forException(e));
        }
    }
}
