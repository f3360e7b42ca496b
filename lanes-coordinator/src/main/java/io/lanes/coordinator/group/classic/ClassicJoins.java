package io.lanes.coordinator.group.classic;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupConfig;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.RequestInfo;
import io.lanes.coordinator.group.records.GroupMetadataValue;
import io.lanes.coordinator.group.records.GroupRecords;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup for classic groups: validation, KIP-394 member ids (v4+: a first join without
 * member id gets MEMBER_ID_REQUIRED and an id to rejoin with), static members (KIP-345: an
 * instance that rejoins replaces its old member id, fencing it, and a Stable group keeps its
 * assignment unless the selected protocol would change), and the decision whether a join
 * starts a rebalance or is answered with the current generation.
 *
 * <p>Runs under the shard lock.
 */
public final class ClassicJoins {
    private static final Logger log = LoggerFactory.getLogger(ClassicJoins.class);
    /** The first JoinGroup version that requires a member id from the coordinator (KIP-394). */
    private static final short MEMBER_ID_REQUIRED_VERSION = 4;
    /** The first JoinGroup version with SkipAssignment (KIP-814). */
    private static final short SKIP_ASSIGNMENT_VERSION = 9;

    private final ClassicRebalancer rebalancer;
    private final GroupShard shard;

    public ClassicJoins(ClassicRebalancer rebalancer) {
        this.rebalancer = rebalancer;
        this.shard = rebalancer.shard();
    }

    public CompletableFuture<JoinGroupResponseData> join(RequestInfo info, JoinGroupRequestData request) {
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        String groupId = request.groupId();
        String memberId = request.memberId() == null ? "" : request.memberId();
        GroupConfig config = shard.config();
        if (groupId == null || groupId.isEmpty()) {
            return error(memberId, Errors.INVALID_GROUP_ID);
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return error(memberId, Errors.INVALID_SESSION_TIMEOUT);
        }
        Group existing = shard.group(groupId);
        if (existing != null && !(existing instanceof ClassicGroup)) {
            return error(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        ClassicGroup group = (ClassicGroup) existing;
        LinkedHashMap<String, byte[]> protocols = ClassicMember.protocolsOf(request.protocols());
        if (group == null) {
            if (!memberId.isEmpty()) {
                return error(memberId, Errors.UNKNOWN_MEMBER_ID);
            }
            if (request.protocolType() == null || request.protocolType().isEmpty() || protocols.isEmpty()) {
                return error(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL);
            }
            group = create(groupId);
            if (group == null) {
                return error(memberId, Errors.COORDINATOR_NOT_AVAILABLE);
            }
        }
        if (group.is(ClassicGroupState.DEAD)) {
            return error(memberId, Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (!group.supportsProtocols(request.protocolType(), protocols.keySet())) {
            return error(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        if (memberId.isEmpty()) {
            joinUnknownMember(info, request, group, protocols, future);
        } else {
            joinKnownMember(info, request, group, protocols, future);
        }
        return future;
    }

    /**
     * Creates the group by writing its Empty generation 0 record, as Kafka does, so the group exists
     * after a restart even if nobody completes a generation; replaying the record puts the group in
     * the shard. The join does not wait for the record to be durable (nor does Kafka's).
     *
     * @return the new group, or null if the record could not be appended (nothing changed then)
     */
    private ClassicGroup create(String groupId) {
        GroupMetadataValue empty = new GroupMetadataValue(null, 0, null, null, shard.nowMs(), List.of());
        try {
            shard.write(List.of(GroupRecords.groupMetadata(groupId, empty)));
        } catch (RuntimeException e) {
            log.warn("Could not write the creation of group {}: {}", groupId, e.toString());
            return null;
        }
        return (ClassicGroup) shard.group(groupId);
    }

    private void joinUnknownMember(RequestInfo info, JoinGroupRequestData request, ClassicGroup group,
                                   LinkedHashMap<String, byte[]> protocols,
                                   CompletableFuture<JoinGroupResponseData> future) {
        String instanceId = request.groupInstanceId();
        if (group.size() >= shard.config().maxGroupSize() && (instanceId == null || group.staticMemberId(instanceId) == null)) {
            future.complete(errorResponse("", Errors.GROUP_MAX_SIZE_REACHED));
            return;
        }
        String newMemberId = (instanceId != null ? instanceId : info.clientId()) + "-" + UUID.randomUUID();
        if (instanceId != null) {
            String oldMemberId = group.staticMemberId(instanceId);
            if (oldMemberId != null) {
                log.info("Static member {} of group {} rejoins as {} (was {})", instanceId, group.groupId(),
                        newMemberId, oldMemberId);
                replaceStaticMember(info, request, group, protocols, oldMemberId, newMemberId, future);
            } else {
                addMemberAndRebalance(info, request, group, protocols, newMemberId, future);
            }
        } else if (info.apiVersion() >= MEMBER_ID_REQUIRED_VERSION) {
            rebalancer.addPendingMember(group, newMemberId, request.sessionTimeoutMs());
            future.complete(errorResponse(newMemberId, Errors.MEMBER_ID_REQUIRED));
        } else {
            addMemberAndRebalance(info, request, group, protocols, newMemberId, future);
        }
    }

    private void joinKnownMember(RequestInfo info, JoinGroupRequestData request, ClassicGroup group,
                                 LinkedHashMap<String, byte[]> protocols,
                                 CompletableFuture<JoinGroupResponseData> future) {
        String memberId = request.memberId();
        if (group.isPending(memberId)) {
            group.removePending(memberId);
            addMemberAndRebalance(info, request, group, protocols, memberId, future);
            return;
        }
        Errors error = group.memberError(memberId, request.groupInstanceId());
        if (error != Errors.NONE) {
            future.complete(errorResponse(memberId, error));
            return;
        }
        ClassicMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(info, request, group, member, protocols, future);
            case COMPLETING_REBALANCE -> {
                if (member.matches(protocols)) {
                    // the member may have missed the JoinGroup response: answer with the current generation
                    future.complete(ClassicRebalancer.joinResponse(group, memberId, group.isLeader(memberId), false));
                } else {
                    updateMemberAndRebalance(info, request, group, member, protocols, future);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(protocols)) {
                    // the leader rejoins to have the assignment recomputed (for example, new partitions)
                    updateMemberAndRebalance(info, request, group, member, protocols, future);
                } else {
                    future.complete(ClassicRebalancer.joinResponse(group, memberId, false, false));
                }
            }
            default -> future.complete(errorResponse(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private void addMemberAndRebalance(RequestInfo info, JoinGroupRequestData request, ClassicGroup group,
                                       LinkedHashMap<String, byte[]> protocols, String memberId,
                                       CompletableFuture<JoinGroupResponseData> future) {
        ClassicMember member = new ClassicMember(memberId, request.groupInstanceId(), info.clientId(), info.clientHost(),
                rebalanceTimeout(request), request.sessionTimeoutMs(), protocols);
        member.setNew(true);
        if (group.size() == 0) {
            group.setProtocolType(request.protocolType());
        }
        group.noteNewMember();
        group.add(member);
        member.awaitJoin(future);
        // a parked new member cannot heartbeat; if it vanished, it is dropped after the new-member timeout
        rebalancer.scheduleSessionTimeout(group, member, shard.config().newMemberJoinTimeoutMs());
        rebalancer.record(group, io.lanes.coordinator.group.timeline.RebalanceEvent.Kind.MEMBER_JOINED, memberId,
                "client " + info.clientId() + " from " + info.clientHost());
        rebalancer.rebalanceOrCompleteJoin(group, "member " + memberId + " joined");
    }

    private void updateMemberAndRebalance(RequestInfo info, JoinGroupRequestData request, ClassicGroup group,
                                          ClassicMember member, LinkedHashMap<String, byte[]> protocols,
                                          CompletableFuture<JoinGroupResponseData> future) {
        member.update(rebalanceTimeout(request), request.sessionTimeoutMs(), protocols, info.clientId(), info.clientHost());
        CompletableFuture<JoinGroupResponseData> previous = member.takeJoin();
        if (previous != null) {
            shard.defer(() -> previous.complete(errorResponse(member.memberId(), Errors.REBALANCE_IN_PROGRESS)));
        }
        member.awaitJoin(future);
        rebalancer.rebalanceOrCompleteJoin(group, "member " + member.memberId() + " rejoined");
    }

    private void replaceStaticMember(RequestInfo info, JoinGroupRequestData request, ClassicGroup group,
                                     LinkedHashMap<String, byte[]> protocols, String oldMemberId, String newMemberId,
                                     CompletableFuture<JoinGroupResponseData> future) {
        String previousLeader = group.leaderId();
        ClassicMember member = group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        ClassicMember.Settings oldSettings = member.settings();
        rebalancer.record(group, io.lanes.coordinator.group.timeline.RebalanceEvent.Kind.MEMBER_FENCED, oldMemberId,
                "static instance " + request.groupInstanceId() + " rejoined as " + newMemberId);
        // requests the old instance left parked are fenced
        var oldJoin = member.takeJoin();
        if (oldJoin != null) {
            shard.defer(() -> oldJoin.complete(errorResponse(oldMemberId, Errors.FENCED_INSTANCE_ID)));
        }
        var oldSync = member.takeSync();
        if (oldSync != null) {
            shard.defer(() -> oldSync.complete(new org.apache.kafka.common.message.SyncGroupResponseData()
                    .setErrorCode(Errors.FENCED_INSTANCE_ID.code())));
        }
        member.update(rebalanceTimeout(request), request.sessionTimeoutMs(), protocols, info.clientId(), info.clientHost());
        rebalancer.scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
        switch (group.state()) {
            case STABLE -> {
                if (!group.selectProtocol().equals(group.protocolName())) {
                    member.awaitJoin(future);
                    rebalancer.prepareRebalance(group, "static member " + newMemberId + " changed the protocol");
                    return;
                }
                // same protocol: no rebalance; the member resumes its assignment once the new id is durable
                JoinGroupResponseData response;
                if (info.apiVersion() >= SKIP_ASSIGNMENT_VERSION) {
                    boolean leader = group.isLeader(newMemberId);
                    response = ClassicRebalancer.joinResponse(group, newMemberId, leader, leader);
                } else {
                    response = ClassicRebalancer.joinResponse(group, newMemberId, false, false).setLeader(previousLeader);
                }
                try {
                    shard.write(List.of(GroupRecords.groupMetadata(group.groupId(),
                            group.snapshot(group.currentAssignments())))).whenComplete((done, failure) -> future.complete(
                            failure == null ? response : errorResponse("", Errors.COORDINATOR_NOT_AVAILABLE)));
                } catch (RuntimeException e) {
                    // nothing was written: the Stable generation keeps the old member id, as the log does (and as
                    // Kafka reverts it); the old instance was fenced all the same and rejoins like any other
                    log.warn("Could not write the new member id of static member {} of group {}: {}",
                            request.groupInstanceId(), group.groupId(), e.toString());
                    member.restore(oldSettings);
                    group.replaceStaticMember(request.groupInstanceId(), newMemberId, oldMemberId);
                    future.complete(errorResponse("", Errors.COORDINATOR_NOT_AVAILABLE));
                }
            }
            case COMPLETING_REBALANCE -> {
                // the leader may already be assigning to the old member id: start over
                member.awaitJoin(future);
                rebalancer.prepareRebalance(group, "static member " + newMemberId + " rejoined during sync");
            }
            default -> {
                member.awaitJoin(future);
                rebalancer.maybeCompleteJoin(group);
            }
        }
    }

    private static int rebalanceTimeout(JoinGroupRequestData request) {
        return request.rebalanceTimeoutMs() <= 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
    }

    static JoinGroupResponseData errorResponse(String memberId, Errors error) {
        return new JoinGroupResponseData()
                .setMemberId(memberId)
                .setGenerationId(-1)
                .setProtocolName(null)
                .setLeader("")
                .setErrorCode(error.code());
    }

    private static CompletableFuture<JoinGroupResponseData> error(String memberId, Errors error) {
        return CompletableFuture.completedFuture(errorResponse(memberId, error));
    }
}
