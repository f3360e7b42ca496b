package io.lanes.coordinator.group.classic;

import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: its identity, timeouts, supported protocols (assignor name to
 * subscription metadata, in the member's order of preference), its assignment, and the requests
 * it has parked while a rebalance is in progress.
 *
 * <p>Not thread-safe: guarded by the lock of the group's shard.
 */
final class ClassicMember {
    private String memberId;
    private final String groupInstanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private LinkedHashMap<String, byte[]> protocols;
    private byte[] assignment = new byte[0];
    /** A JoinGroup waiting for the join phase to complete, with its API version. */
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    /** Joined but not yet through a completed join phase: expires after the new-member join timeout. */
    private boolean isNew;
    private Scheduler.Task heartbeatTimer;
    /** Identifies the current session timer; a timer that finds another token here is stale. */
    private Object heartbeatToken;

    ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                  int rebalanceTimeoutMs, int sessionTimeoutMs, LinkedHashMap<String, byte[]> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = protocols;
    }

    static LinkedHashMap<String, byte[]> protocolsOf(Iterable<JoinGroupRequestProtocol> requested) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        for (JoinGroupRequestProtocol p : requested) {
            protocols.putIfAbsent(p.name(), p.metadata());
        }
        return protocols;
    }

    String memberId() { return memberId; }
    String groupInstanceId() { return groupInstanceId; }
    boolean isStatic() { return groupInstanceId != null; }
    String clientId() { return clientId; }
    String clientHost() { return clientHost; }
    int rebalanceTimeoutMs() { return rebalanceTimeoutMs; }
    int sessionTimeoutMs() { return sessionTimeoutMs; }
    byte[] assignment() { return assignment; }
    boolean isNew() { return isNew; }

    void setMemberId(String memberId) { this.memberId = memberId; }
    void setAssignment(byte[] assignment) { this.assignment = assignment == null ? new byte[0] : assignment; }
    void setNew(boolean isNew) { this.isNew = isNew; }

    /** Replaces timeouts, protocols and client identity with those of a new JoinGroup. */
    void update(int rebalanceTimeoutMs, int sessionTimeoutMs, LinkedHashMap<String, byte[]> protocols,
                String clientId, String clientHost) {
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = protocols;
        this.clientId = clientId;
        this.clientHost = clientHost;
    }

    /** What {@link #update} replaces, to put back when the change it belonged to could not be written. */
    record Settings(int rebalanceTimeoutMs, int sessionTimeoutMs, LinkedHashMap<String, byte[]> protocols,
                    String clientId, String clientHost) {
    }

    Settings settings() {
        return new Settings(rebalanceTimeoutMs, sessionTimeoutMs, protocols, clientId, clientHost);
    }

    void restore(Settings settings) {
        update(settings.rebalanceTimeoutMs(), settings.sessionTimeoutMs(), settings.protocols(), settings.clientId(),
                settings.clientHost());
    }

    List<String> protocolNames() {
        return new ArrayList<>(protocols.keySet());
    }

    /** The subscription metadata for a protocol, or null if the member does not support it. */
    byte[] metadata(String protocol) {
        return protocols.get(protocol);
    }

    /** The member's first choice among {@code candidates}. */
    String vote(java.util.Set<String> candidates) {
        for (String name : protocols.keySet()) {
            if (candidates.contains(name)) {
                return name;
            }
        }
        throw new IllegalStateException("member " + memberId + " supports none of " + candidates);
    }

    /** True when the request carries exactly the protocols (names, order and metadata) already known. */
    boolean matches(Map<String, byte[]> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        var mine = protocols.entrySet().iterator();
        var theirs = other.entrySet().iterator();
        while (mine.hasNext()) {
            var a = mine.next();
            var b = theirs.next();
            if (!a.getKey().equals(b.getKey()) || !Arrays.equals(a.getValue(), b.getValue())) {
                return false;
            }
        }
        return true;
    }

    boolean isAwaitingJoin() { return awaitingJoin != null; }

    void awaitJoin(CompletableFuture<JoinGroupResponseData> future) {
        this.awaitingJoin = future;
    }

    /** Takes the parked JoinGroup (null if none); the caller completes it. */
    CompletableFuture<JoinGroupResponseData> takeJoin() {
        CompletableFuture<JoinGroupResponseData> f = awaitingJoin;
        awaitingJoin = null;
        return f;
    }

    void awaitSync(CompletableFuture<SyncGroupResponseData> future) {
        this.awaitingSync = future;
    }

    /** Takes the parked SyncGroup (null if none); the caller completes it. */
    CompletableFuture<SyncGroupResponseData> takeSync() {
        CompletableFuture<SyncGroupResponseData> f = awaitingSync;
        awaitingSync = null;
        return f;
    }

    /** Replaces the session timer (cancelling the previous one). */
    void setHeartbeatTimer(Object token, Scheduler.Task timer) {
        cancelHeartbeatTimer();
        heartbeatToken = token;
        heartbeatTimer = timer;
    }

    boolean isCurrentHeartbeatTimer(Object token) {
        return token == heartbeatToken;
    }

    void cancelHeartbeatTimer() {
        heartbeatToken = null;
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
    }
}
