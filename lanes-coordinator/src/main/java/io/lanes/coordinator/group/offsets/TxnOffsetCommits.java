package io.lanes.coordinator.group.offsets;

import io.lanes.coordinator.group.CommitPartitionValidator;
import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit: offsets written inside the producer's transaction. They are stored as a transactional batch
 * of offset records in the group's partition of {@code __consumer_offsets} and become committed offsets with
 * the transaction's commit marker.
 *
 * <p>Validation as Kafka 4.4: an unknown group with generation -1 becomes a simple group (with another
 * generation: ILLEGAL_GENERATION, GROUP_ID_NOT_FOUND from v6); requests without member and generation (v0-v2)
 * are accepted in any live group; otherwise the member and generation must match, except that a consumer group
 * member may commit with an older member epoch the partitions it has owned since then (KIP-1251), each other
 * partition refused with a stale epoch (ILLEGAL_GENERATION, STALE_MEMBER_EPOCH from v6); a rebalance in progress
 * does not block transactional commits. The producer's transaction itself is checked by the broker before this runs.
 *
 * <p>Runs under the shard lock; the response completes later, on a durability thread.
 */
public final class TxnOffsetCommits {
    /** The first version answering GROUP_ID_NOT_FOUND and STALE_MEMBER_EPOCH (rather than ILLEGAL_GENERATION). */
    private static final short PRECISE_ERRORS_VERSION = 6;

    private final GroupShard shard;
    private final TopicLookup topics;

    public TxnOffsetCommits(GroupShard shard, TopicLookup topics) {
        this.shard = shard;
        this.topics = topics;
    }

    /**
     * Commits the offsets of topics named by name; response topics carry the request's topic id as well, for
     * versions that name topics by id.
     */
    public CompletableFuture<TxnOffsetCommitResponseData> commit(short apiVersion, TxnOffsetCommitRequestData request) {
        boolean preciseErrors = apiVersion >= PRECISE_ERRORS_VERSION;
        Validation validation = validate(request, preciseErrors);
        Errors groupError = validation.groupError();
        long now = shard.nowMs();
        int maxMetadata = shard.config().offsetMetadataMaxBytes();
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        List<CoordinatorRecord> records = new ArrayList<>();
        List<TxnOffsetCommitResponsePartition> written = new ArrayList<>();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic topicResponse = new TxnOffsetCommitResponseTopic()
                    .setName(topic.name()).setTopicId(topic.topicId());
            for (TxnOffsetCommitRequestPartition p : topic.partitions()) {
                Errors error = groupError;
                if (error == Errors.NONE) {
                    if (p.partitionIndex() < 0 || p.partitionIndex() >= topics.partitionCount(topic.name())) {
                        error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    } else if (p.committedMetadata() != null && p.committedMetadata().length() > maxMetadata) {
                        error = Errors.OFFSET_METADATA_TOO_LARGE;
                    } else {
                        error = check(validation.partitions(), topics.topicId(topic.name()), p.partitionIndex(),
                                preciseErrors);
                    }
                }
                TxnOffsetCommitResponsePartition partitionResponse = new TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code());
                if (error == Errors.NONE) {
                    String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                    records.add(GroupRecords.offset(request.groupId(), new TopicPartition(topic.name(), p.partitionIndex()),
                            new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), metadata, now, -1L)));
                    written.add(partitionResponse);
                }
                topicResponse.partitions().add(partitionResponse);
            }
            response.topics().add(topicResponse);
        }
        return DurableAnswer.after(
                () -> shard.writeTransactional(request.producerId(), request.producerEpoch(), records), response,
                () -> written.forEach(p -> p.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())),
                "transactional offsets of group " + request.groupId());
    }

    private static Errors check(CommitPartitionValidator validator, Uuid topicId, int partition,
                                boolean preciseErrors) {
        try {
            validator.validate(topicId, partition);
            return Errors.NONE;
        } catch (ApiException e) {
            return error(e, preciseErrors);
        }
    }

    /** The error of the whole request and, when there is none, the check each partition must pass. */
    private record Validation(Errors groupError, CommitPartitionValidator partitions) {
        static Validation of(Errors error) {
            return new Validation(error, CommitPartitionValidator.NO_OP);
        }
    }

    private Validation validate(TxnOffsetCommitRequestData request, boolean preciseErrors) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return Validation.of(Errors.INVALID_GROUP_ID);
        }
        Group group = shard.group(request.groupId());
        if (group == null) {
            if (request.generationIdOrMemberEpoch() < 0) {
                return Validation.of(Errors.NONE);
            }
            return Validation.of(preciseErrors ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION);
        }
        String memberId = request.memberId() == null ? "" : request.memberId();
        boolean anonymous = request.generationIdOrMemberEpoch() < 0 && memberId.isEmpty() && request.groupInstanceId() == null;
        if ("Dead".equals(group.stateName())) {
            return Validation.of(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (anonymous) {
            return Validation.of(Errors.NONE); // as Kafka 4.4 for every group type: transactions may commit as no member
        }
        try {
            return new Validation(Errors.NONE, group.validateOffsetCommitPartitions(memberId, request.groupInstanceId(),
                    request.generationIdOrMemberEpoch()));
        } catch (RebalanceInProgressException e) {
            return Validation.of(Errors.NONE); // the member and generation are valid; transactions do not wait for the sync
        } catch (ApiException e) {
            return Validation.of(error(e, preciseErrors));
        }
    }

    /** A stale member epoch is ILLEGAL_GENERATION to clients that do not know STALE_MEMBER_EPOCH here (before v6). */
    private static Errors error(ApiException e, boolean preciseErrors) {
        return e instanceof StaleMemberEpochException && !preciseErrors ? Errors.ILLEGAL_GENERATION : Errors.forException(e);
    }
}
