package io.lanes.coordinator.group.classic;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.RequestInfo;
import io.lanes.coordinator.group.records.GroupRecords;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup, Heartbeat and LeaveGroup for classic groups. The leader's SyncGroup writes the
 * generation's snapshot with its assignment; replaying it makes the group Stable, and every
 * parked SyncGroup is answered once the record is durable.
 *
 * <p>Runs under the shard lock.
 */
public final class ClassicMembers {
    private static final Logger log = LoggerFactory.getLogger(ClassicMembers.class);
    /** The first LeaveGroup version with a batch of members (KIP-345). */
    private static final short BATCH_LEAVE_VERSION = 3;

    private final ClassicRebalancer rebalancer;
    private final GroupShard shard;

    public ClassicMembers(ClassicRebalancer rebalancer) {
        this.rebalancer = rebalancer;
        this.shard = rebalancer.shard();
    }

    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return syncError(Errors.INVALID_GROUP_ID);
        }
        ClassicGroup group = rebalancer.group(request.groupId());
        if (group == null) {
            return syncError(shard.group(request.groupId()) == null ? Errors.UNKNOWN_MEMBER_ID
                    : Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        if (group.is(ClassicGroupState.DEAD)) {
            return syncError(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        Errors error = group.memberError(request.memberId(), request.groupInstanceId());
        if (error != Errors.NONE) {
            return syncError(error);
        }
        if (request.generationId() != group.generation()) {
            return syncError(Errors.ILLEGAL_GENERATION);
        }
        if ((request.protocolType() != null && !request.protocolType().equals(group.protocolType()))
                || (request.protocolName() != null && !request.protocolName().equals(group.protocolName()))) {
            return syncError(Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        ClassicMember member = group.member(request.memberId());
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return syncError(Errors.REBALANCE_IN_PROGRESS);
            case STABLE:
                group.pendingSync().remove(member.memberId());
                rebalancer.scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
                return CompletableFuture.completedFuture(ClassicRebalancer.syncResponse(group, member));
            case COMPLETING_REBALANCE:
                CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
                member.awaitSync(future);
                group.pendingSync().remove(member.memberId());
                rebalancer.scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
                if (group.isLeader(member.memberId())) {
                    completeAssignment(group, request);
                }
                return future;
            default:
                return syncError(Errors.UNKNOWN_MEMBER_ID);
        }
    }

    /** Writes the leader's assignment; its replay makes the group Stable and readies the parked syncs. */
    private void completeAssignment(ClassicGroup group, SyncGroupRequestData request) {
        Map<String, byte[]> assignments = new HashMap<>();
        for (SyncGroupRequestAssignment a : request.assignments()) {
            assignments.put(a.memberId(), a.assignment());
        }
        CompletableFuture<Void> durable;
        try {
            durable = shard.write(List.of(GroupRecords.groupMetadata(group.groupId(), group.snapshot(assignments))));
        } catch (RuntimeException e) {
            log.warn("Could not write the assignment of group {}: {}", group.groupId(), e.toString());
            rebalancer.failParkedSyncs(group, Errors.COORDINATOR_NOT_AVAILABLE);
            rebalancer.prepareRebalance(group, "the assignment could not be written");
            return;
        }
        // the replay of the assignment made the group Stable: the parked syncs get their assignments once durable
        List<ClassicRebalancer.ParkedSync> parked = rebalancer.takeParkedSyncs(group);
        shard.whenDurable(durable, (done, failure) -> {
            for (ClassicRebalancer.ParkedSync sync : parked) {
                sync.future().complete(failure == null ? sync.response()
                        : new SyncGroupResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
            }
        });
    }

    public HeartbeatResponseData heartbeat(HeartbeatRequestData request) {
        ClassicGroup group = rebalancer.group(request.groupId());
        Errors error;
        if (group == null) {
            error = Errors.UNKNOWN_MEMBER_ID;
        } else if (group.is(ClassicGroupState.DEAD)) {
            error = Errors.COORDINATOR_NOT_AVAILABLE;
        } else {
            error = group.memberError(request.memberId(), request.groupInstanceId());
            if (error == Errors.NONE && request.generationId() != group.generation()) {
                error = Errors.ILLEGAL_GENERATION;
            }
            if (error == Errors.NONE) {
                ClassicMember member = group.member(request.memberId());
                rebalancer.scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
                if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
                    error = Errors.REBALANCE_IN_PROGRESS;
                } else if (group.is(ClassicGroupState.EMPTY)) {
                    error = Errors.UNKNOWN_MEMBER_ID;
                }
            }
        }
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    public LeaveGroupResponseData leave(RequestInfo info, LeaveGroupRequestData request) {
        List<MemberIdentity> leaving = info.apiVersion() >= BATCH_LEAVE_VERSION ? request.members()
                : List.of(new MemberIdentity().setMemberId(request.memberId()));
        ClassicGroup group = rebalancer.group(request.groupId());
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        if (group == null || group.is(ClassicGroupState.DEAD)) {
            Errors error = group == null ? Errors.UNKNOWN_MEMBER_ID : Errors.COORDINATOR_NOT_AVAILABLE;
            return response.setErrorCode(error.code());
        }
        boolean removed = false;
        for (MemberIdentity identity : leaving) {
            Errors error = leaveOne(group, identity);
            removed |= error == Errors.NONE;
            response.members().add(new MemberResponse()
                    .setMemberId(identity.memberId())
                    .setGroupInstanceId(identity.groupInstanceId())
                    .setErrorCode(error.code()));
        }
        if (removed) {
            if (group.is(ClassicGroupState.STABLE) || group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
                rebalancer.prepareRebalance(group, "members left");
            } else {
                rebalancer.maybeCompleteJoin(group);
            }
        }
        if (info.apiVersion() < BATCH_LEAVE_VERSION) {
            response.setErrorCode(response.members().get(0).errorCode());
            response.members().clear();
        }
        return response;
    }

    private Errors leaveOne(ClassicGroup group, MemberIdentity identity) {
        String memberId = identity.memberId() == null ? "" : identity.memberId();
        if (identity.groupInstanceId() != null) {
            String registered = group.staticMemberId(identity.groupInstanceId());
            if (registered == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !memberId.equals(registered)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = registered;
        } else if (group.removePending(memberId)) {
            return Errors.NONE;
        }
        ClassicMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        log.info("Member {} leaves group {}", memberId, group.groupId());
        rebalancer.removeMember(group, member, Errors.UNKNOWN_MEMBER_ID);
        rebalancer.record(group, io.lanes.coordinator.group.timeline.RebalanceEvent.Kind.MEMBER_LEFT, memberId,
                identity.reason() == null ? "LeaveGroup" : "LeaveGroup: " + identity.reason());
        return Errors.NONE;
    }

    private static CompletableFuture<SyncGroupResponseData> syncError(Errors error) {
        return CompletableFuture.completedFuture(new SyncGroupResponseData().setErrorCode(error.code()));
    }
}
