package io.lanes.broker.share;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Share sessions (KIP-932): per group member, the share-partitions it fetches from and the epoch its next request
 * must carry. Epoch 0 opens a session (replacing one the member had) with the partitions the request names; a later
 * request must carry the session's next epoch (1, 2, ... wrapping to 1) and adds partitions or forgets them; epoch
 * -1 closes it. Thread-safe: a member's requests are serialised per session.
 */
final class ShareSessions {
    static final int INITIAL_EPOCH = 0;
    static final int FINAL_EPOCH = -1;

    /** A member's session: the partitions it reads and the epoch expected next. */
    static final class Session {
        final Set<TopicIdPartition> partitions = new LinkedHashSet<>();
        int nextEpoch = 1;
    }

    private record Key(String groupId, String memberId) {
    }

    /** The outcome of checking a request's epoch: an error, or the session (null for a final request). */
    record Checked(Errors error, Session session) {
    }

    private final Map<Key, Session> sessions = new ConcurrentHashMap<>();

    /**
     * Checks a request's epoch and returns its session: a new one for epoch 0, the existing one (epoch advanced) for
     * its next epoch, the removed one for -1.
     */
    synchronized Checked begin(String groupId, String memberId, int epoch) {
        Key key = new Key(groupId, memberId);
        if (epoch == INITIAL_EPOCH) {
            Session session = new Session();
            sessions.put(key, session);
            return new Checked(Errors.NONE, session);
        }
        Session session = sessions.get(key);
        if (epoch == FINAL_EPOCH) {
            if (session == null) {
                return new Checked(Errors.SHARE_SESSION_NOT_FOUND, null);
            }
            sessions.remove(key);
            return new Checked(Errors.NONE, session);
        }
        if (session == null) {
            return new Checked(Errors.SHARE_SESSION_NOT_FOUND, null);
        }
        if (epoch != session.nextEpoch) {
            return new Checked(Errors.INVALID_SHARE_SESSION_EPOCH, null);
        }
        session.nextEpoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
        return new Checked(Errors.NONE, session);
    }

    /** Forgets every session of members that left a group. */
    synchronized void remove(String groupId, List<String> memberIds) {
        for (String memberId : memberIds) {
            sessions.remove(new Key(groupId, memberId));
        }
    }
}
