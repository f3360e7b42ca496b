package io.lanes.coordinator.group.classic;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupKind;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.records.GroupMetadataKey;
import io.lanes.coordinator.group.records.GroupMetadataValue;
import io.lanes.coordinator.group.records.GroupRecordKey;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.group.timeline.RebalanceEvent;
import io.lanes.coordinator.group.timeline.RebalanceEvent.Kind;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The rebalance state machine of a shard's classic groups: starting a rebalance, completing the
 * join phase (new generation, protocol, leader, JoinGroup responses), removing members, and
 * the timers that drive it (initial delay, rebalance timeout, session timeouts, pending
 * members, the SyncGroup deadline).
 *
 * <p>Every method runs under the shard lock. Timer callbacks re-take the lock and check with a
 * token that they are still current, since a timer may fire after it was replaced. Parked
 * responses are completed through {@link GroupShard#defer}, after the lock is released.
 */
public final class ClassicRebalancer implements GroupKind {
    private static final Logger log = LoggerFactory.getLogger(ClassicRebalancer.class);

    /** How long a join phase that could not write its Empty generation waits before it tries again. */
    static final long RETRY_WRITE_MS = 1_000;

    private final GroupShard shard;

    public ClassicRebalancer(GroupShard shard) {
        this.shard = shard;
    }

    GroupShard shard() {
        return shard;
    }

    /** Adds an event about the group (at its current generation) to the timeline. */
    void record(ClassicGroup group, Kind kind, String memberId, String detail) {
        shard.record(group.groupId(), RebalanceEvent.of(shard.nowMs(), kind, memberId, group.generation(), detail));
    }

    /** The classic group with this id, or null if there is none (or it is of another type). */
    ClassicGroup group(String groupId) {
        Group group = shard.group(groupId);
        return group instanceof ClassicGroup classic ? classic : null;
    }

    // ---- rebalances ----

    /** Starts a rebalance unless one is under way, in which case the join phase may now complete. */
    void rebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group);
        } else if (!group.is(ClassicGroupState.DEAD)) {
            prepareRebalance(group, reason);
        }
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            failParkedSyncs(group, Errors.REBALANCE_IN_PROGRESS);
        }
        group.pendingSync().clear();
        boolean wasEmpty = group.is(ClassicGroupState.EMPTY);
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, shard.nowMs());
        log.info("Preparing to rebalance group {} in generation {} ({})", group.groupId(), group.generation(), reason);
        if (group.rebalanceStartMs() < 0) {
            group.setRebalanceStartMs(shard.nowMs());
        }
        record(group, Kind.REBALANCE_STARTED, null, reason);
        int rebalanceTimeout = group.rebalanceTimeoutMs();
        if (wasEmpty) {
            long delay = Math.min(shard.config().initialRebalanceDelayMs(), rebalanceTimeout);
            group.startInitialDelay(rebalanceTimeout - delay);
            scheduleRebalanceTimer(group, delay, this::onInitialDelayExpired);
        } else {
            scheduleRebalanceTimer(group, rebalanceTimeout, this::completeJoin);
            maybeCompleteJoin(group);
        }
    }

    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE) && !group.initialDelayActive() && group.allMembersJoined()) {
            completeJoin(group);
        }
    }

    private void onInitialDelayExpired(ClassicGroup group) {
        long remaining = group.initialDelayRemainingMs();
        if (group.newMemberAdded() && remaining > 0) {
            long delay = Math.min(shard.config().initialRebalanceDelayMs(), remaining);
            group.continueInitialDelay(remaining - delay);
            scheduleRebalanceTimer(group, delay, this::onInitialDelayExpired);
        } else {
            completeJoin(group);
        }
    }

    /** Ends the join phase: members that did not rejoin leave, and the next generation starts. */
    private void completeJoin(ClassicGroup group) {
        if (!group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        group.cancelRebalanceTimer();
        group.endInitialDelay();
        for (ClassicMember member : new ArrayList<>(group.members())) {
            if (!member.isAwaitingJoin()) {
                log.info("Member {} of group {} did not rejoin in time and leaves it", member.memberId(), group.groupId());
                removeMember(group, member, Errors.UNKNOWN_MEMBER_ID);
                record(group, Kind.MEMBER_TIMED_OUT, member.memberId(), "did not rejoin within the rebalance timeout");
            }
        }
        if (group.size() == 0) {
            completeEmptyGeneration(group);
            return;
        }
        group.nextGeneration(shard.nowMs());
        log.info("Group {} moves to generation {} with {} member(s), protocol {}", group.groupId(),
                group.generation(), group.size(), group.protocolName());
        record(group, Kind.GENERATION_CHANGED, null, group.size() + " member(s), protocol " + group.protocolName()
                + ", leader " + group.leaderId());
        for (ClassicMember member : group.members()) {
            CompletableFuture<JoinGroupResponseData> join = member.takeJoin();
            JoinGroupResponseData response = joinResponse(group, member.memberId(), group.isLeader(member.memberId()),
                    false);
            member.setNew(false);
            scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
            if (join != null) {
                shard.defer(() -> join.complete(response));
            }
        }
        scheduleRebalanceTimer(group, group.rebalanceTimeoutMs(), this::onSyncTimeout);
    }

    /**
     * The join phase ended without members: the group moves to an Empty generation. That generation is persisted
     * state, so it changes in the replay of its record; if the record cannot be appended the group stays where it
     * is and the join phase is completed again a little later.
     */
    private void completeEmptyGeneration(ClassicGroup group) {
        try {
            shard.write(List.of(GroupRecords.groupMetadata(group.groupId(), group.nextEmptySnapshot(shard.nowMs()))))
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            log.warn("The Empty generation of group {} did not become durable: {}", group.groupId(),
                                    failure.toString());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("Could not write the Empty generation of group {}, retrying in {} ms: {}", group.groupId(),
                    RETRY_WRITE_MS, e.toString());
            scheduleRebalanceTimer(group, RETRY_WRITE_MS, this::completeJoin);
            return;
        }
        log.info("Group {} is empty in generation {}", group.groupId(), group.generation());
        group.setRebalanceStartMs(-1);
        shard.record(group.groupId(), RebalanceEvent.withMoves(shard.nowMs(), Kind.GENERATION_CHANGED, null,
                group.generation(), "the group is empty", -1, group.ownership().assign(java.util.Map.of(), -1)));
    }

    /** The JoinGroup response for the current generation; the leader also gets every member's metadata. */
    static JoinGroupResponseData joinResponse(ClassicGroup group, String memberId, boolean withMembers,
                                              boolean skipAssignment) {
        return new JoinGroupResponseData()
                .setMemberId(memberId)
                .setGenerationId(group.generation())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId())
                .setSkipAssignment(skipAssignment)
                .setMembers(withMembers ? group.leaderView() : new ArrayList<>());
    }

    /** Members that have not sent SyncGroup within the rebalance timeout leave, and the group rebalances. */
    private void onSyncTimeout(ClassicGroup group) {
        if (!group.is(ClassicGroupState.COMPLETING_REBALANCE) && !group.is(ClassicGroupState.STABLE)) {
            return;
        }
        if (group.pendingSync().isEmpty()) {
            return;
        }
        for (String memberId : new ArrayList<>(group.pendingSync())) {
            ClassicMember member = group.member(memberId);
            if (member != null) {
                log.info("Member {} of group {} did not send SyncGroup in time and leaves it", memberId, group.groupId());
                removeMember(group, member, Errors.UNKNOWN_MEMBER_ID);
                record(group, Kind.MEMBER_TIMED_OUT, memberId, "did not send SyncGroup within the rebalance timeout");
            }
        }
        prepareRebalance(group, "members did not sync in time");
    }

    /** Applies the leader's assignment (replayed from the snapshot record): the group becomes Stable. */
    private void applyAssignment(ClassicGroup group, GroupMetadataValue value) {
        for (GroupMetadataValue.Member m : value.members()) {
            ClassicMember member = group.member(m.memberId());
            if (member != null) {
                member.setAssignment(m.assignment());
            }
        }
        group.cancelRebalanceTimer();
        group.transitionTo(ClassicGroupState.STABLE, shard.nowMs());
        log.info("Group {} is stable in generation {}", group.groupId(), group.generation());
        long now = shard.nowMs();
        long unownedMs = group.rebalanceStartMs() < 0 ? -1 : now - group.rebalanceStartMs();
        group.setRebalanceStartMs(-1);
        shard.record(group.groupId(), RebalanceEvent.withMoves(now, Kind.GROUP_STABLE, null, group.generation(),
                "assignment of leader " + group.leaderId(), unownedMs, group.ownership().assign(group.owners(), unownedMs)));
        if (!group.pendingSync().isEmpty()) {
            scheduleRebalanceTimer(group, group.rebalanceTimeoutMs(), this::onSyncTimeout);
        }
    }

    /**
     * Takes the SyncGroups parked in a group that has become Stable, each with the response it gets: the caller
     * that wrote the assignment answers them once the record is durable.
     */
    List<ParkedSync> takeParkedSyncs(ClassicGroup group) {
        List<ParkedSync> parked = new ArrayList<>();
        if (!group.is(ClassicGroupState.STABLE)) {
            return parked;
        }
        for (ClassicMember member : group.members()) {
            CompletableFuture<SyncGroupResponseData> sync = member.takeSync();
            if (sync != null) {
                parked.add(new ParkedSync(sync, syncResponse(group, member)));
            }
        }
        return parked;
    }

    static SyncGroupResponseData syncResponse(ClassicGroup group, ClassicMember member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(member.assignment());
    }

    // ---- members ----

    /** Removes a member, answering its parked requests with {@code error}. The caller decides about rebalancing. */
    void removeMember(ClassicGroup group, ClassicMember member, Errors error) {
        CompletableFuture<JoinGroupResponseData> join = member.takeJoin();
        if (join != null) {
            shard.defer(() -> join.complete(new JoinGroupResponseData().setMemberId(member.memberId())
                    .setErrorCode(error.code())));
        }
        CompletableFuture<SyncGroupResponseData> sync = member.takeSync();
        if (sync != null) {
            shard.defer(() -> sync.complete(new SyncGroupResponseData().setErrorCode(error.code())));
        }
        group.remove(member.memberId());
    }

    /** Removes a member that left or expired and rebalances what remains. */
    void removeMemberAndRebalance(ClassicGroup group, ClassicMember member, String reason) {
        removeMember(group, member, Errors.UNKNOWN_MEMBER_ID);
        if (group.is(ClassicGroupState.STABLE) || group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            prepareRebalance(group, reason);
        } else if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group);
        }
    }

    void failParkedSyncs(ClassicGroup group, Errors error) {
        for (ClassicMember member : group.members()) {
            CompletableFuture<SyncGroupResponseData> sync = member.takeSync();
            if (sync != null) {
                shard.defer(() -> sync.complete(new SyncGroupResponseData().setErrorCode(error.code())));
            }
        }
    }

    /** (Re)starts a member's session timer: it leaves the group if nothing renews it in time. */
    void scheduleSessionTimeout(ClassicGroup group, ClassicMember member, long timeoutMs) {
        Object token = new Object();
        member.setHeartbeatTimer(token, shard.schedule(timeoutMs, () -> {
            if (group(group.groupId()) == group && group.member(member.memberId()) == member
                    && member.isCurrentHeartbeatTimer(token)) {
                onSessionExpired(group, member);
            }
        }));
    }

    private void onSessionExpired(ClassicGroup group, ClassicMember member) {
        if (member.isAwaitingJoin() && !member.isNew()) {
            return; // parked in a join phase: the rebalance timeout decides
        }
        log.info("Member {} of group {} has not been heard from in time and leaves it", member.memberId(),
                group.groupId());
        record(group, Kind.MEMBER_TIMED_OUT, member.memberId(), "session timeout");
        removeMemberAndRebalance(group, member, "session timeout of member " + member.memberId());
    }

    /** Registers a member id handed out with MEMBER_ID_REQUIRED; it expires if the member never joins with it. */
    void addPendingMember(ClassicGroup group, String memberId, int sessionTimeoutMs) {
        group.addPending(memberId, shard.schedule(sessionTimeoutMs, () -> {
            if (group(group.groupId()) == group && group.removePending(memberId)) {
                log.debug("Pending member {} of group {} did not join in time", memberId, group.groupId());
                maybeCompleteJoin(group);
            }
        }));
    }

    private void scheduleRebalanceTimer(ClassicGroup group, long delayMs, java.util.function.Consumer<ClassicGroup> action) {
        Object token = new Object();
        group.setRebalanceTimer(token, shard.schedule(delayMs, () -> {
            if (group(group.groupId()) == group && group.isCurrentRebalanceTimer(token)) {
                action.accept(group);
            }
        }));
    }

    // ---- persistence ----

    /**
     * Applies a group metadata record. While loading, the record replaces the group (its latest
     * snapshot wins). Afterwards the record changes what it persists of the live group: the
     * leader's assignment completes a generation that waits for it (CompletingRebalance, same
     * generation: the group becomes Stable), an Empty next generation ends a join phase that
     * kept no member, and a tombstone removes the group. What is not persisted (who is joining,
     * parked requests, timers) is the live group's own, as in Kafka; parked requests are answered
     * by the operation that wrote the record, never from here.
     */
    @Override
    public boolean replay(GroupRecordKey key, ByteBuffer value) {
        if (!(key instanceof GroupMetadataKey groupKey)) {
            return false;
        }
        replay(groupKey.groupId(), value == null ? null : GroupRecords.decodeGroupMetadata(value), shard.loading());
        return true;
    }

    private void replay(String groupId, GroupMetadataValue value, boolean loading) {
        ClassicGroup live = group(groupId);
        if (value == null) {
            if (live != null) {
                live.markDead();
                failParked(live, Errors.COORDINATOR_NOT_AVAILABLE);
                shard.removeGroup(live);
            }
            return;
        }
        if (loading || (live == null && shard.group(groupId) == null)) {
            shard.putGroup(ClassicGroup.fromSnapshot(groupId, value));
            return;
        }
        if (live != null && live.is(ClassicGroupState.COMPLETING_REBALANCE) && live.generation() == value.generation()) {
            applyAssignment(live, value);
        } else if (live != null && live.is(ClassicGroupState.PREPARING_REBALANCE) && live.size() == 0
                && value.members().isEmpty() && value.generation() == live.generation() + 1) {
            live.nextGeneration(value.stateTimestampMs());
        }
    }

    /** A parked SyncGroup and the response it gets once the assignment is durable. */
    record ParkedSync(CompletableFuture<SyncGroupResponseData> future, SyncGroupResponseData response) {
    }

    private void failParked(ClassicGroup group, Errors error) {
        for (ClassicMember member : group.members()) {
            CompletableFuture<JoinGroupResponseData> join = member.takeJoin();
            if (join != null) {
                shard.defer(() -> join.complete(new JoinGroupResponseData().setMemberId(member.memberId())
                        .setErrorCode(error.code())));
            }
        }
        failParkedSyncs(group, error);
    }

    /** After loading: restored members must heartbeat within their session timeout. */
    @Override
    public void onLoaded(Group loaded) {
        if (!(loaded instanceof ClassicGroup group)) {
            return;
        }
        group.ownership().reset(group.owners());
        for (ClassicMember member : group.members()) {
            scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
        }
    }
}
