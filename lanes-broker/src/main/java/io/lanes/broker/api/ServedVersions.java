package io.lanes.broker.api;

import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Map;

/**
 * The highest version of each API that Lanes serves, written out instead of taken from
 * {@link ApiKeys#latestVersion()}: a newer kafka-clients on the class path knows newer versions,
 * and advertising them in ApiVersions would promise semantics Lanes has not implemented. A version
 * is raised here only together with the handler change (and tests) that implement it.
 *
 * <p>Where Kafka 4.4 knows a newer version, the comment says which. Constants only: immutable
 * and thread-safe.
 */
public final class ServedVersions {
    public static final short PRODUCE = 13;
    public static final short FETCH = 18;
    public static final short LIST_OFFSETS = 11;
    public static final short METADATA = 13;
    public static final short OFFSET_COMMIT = 10;
    public static final short OFFSET_FETCH = 10;
    public static final short FIND_COORDINATOR = 6;
    public static final short JOIN_GROUP = 9;
    public static final short HEARTBEAT = 4;
    public static final short LEAVE_GROUP = 5;
    public static final short SYNC_GROUP = 5;
    public static final short DESCRIBE_GROUPS = 6;
    public static final short LIST_GROUPS = 5;
    public static final short SASL_HANDSHAKE = 1;
    public static final short API_VERSIONS = 5;
    public static final short CREATE_TOPICS = 7;
    public static final short DELETE_TOPICS = 6;
    public static final short DELETE_RECORDS = 2;
    /** v6 (two-phase commit, KIP-939) is unstable in Kafka 4.4, which does not advertise it; Lanes has no 2PC. */
    public static final short INIT_PRODUCER_ID = 5;
    public static final short OFFSET_FOR_LEADER_EPOCH = 4;
    public static final short ADD_OFFSETS_TO_TXN = 4;
    public static final short WRITE_TXN_MARKERS = 1;  // Kafka 4.4: 2 (sent between brokers only)
    public static final short TXN_OFFSET_COMMIT = 6;  // v6: topic ids (KIP-1319)
    public static final short DESCRIBE_ACLS = 3;
    public static final short CREATE_ACLS = 3;
    public static final short DELETE_ACLS = 3;
    public static final short DESCRIBE_CONFIGS = 4;
    public static final short ALTER_CONFIGS = 2;
    public static final short ALTER_REPLICA_LOG_DIRS = 2;
    public static final short DESCRIBE_LOG_DIRS = 5;
    public static final short SASL_AUTHENTICATE = 2;
    public static final short CREATE_PARTITIONS = 3;
    public static final short DESCRIBE_CLIENT_QUOTAS = 1;
    public static final short ALTER_CLIENT_QUOTAS = 1;
    public static final short DELETE_GROUPS = 3;
    public static final short ELECT_LEADERS = 2;
    public static final short INCREMENTAL_ALTER_CONFIGS = 1;
    public static final short ALTER_PARTITION_REASSIGNMENTS = 1;
    public static final short LIST_PARTITION_REASSIGNMENTS = 0;
    public static final short OFFSET_DELETE = 0;
    public static final short DESCRIBE_USER_SCRAM_CREDENTIALS = 0;
    public static final short ALTER_USER_SCRAM_CREDENTIALS = 0;
    public static final short DESCRIBE_CLUSTER = 2;
    public static final short DESCRIBE_PRODUCERS = 0;
    public static final short DESCRIBE_TRANSACTIONS = 0;
    public static final short LIST_TRANSACTIONS = 2;
    public static final short GET_TELEMETRY_SUBSCRIPTIONS = 0;
    public static final short PUSH_TELEMETRY = 0;
    public static final short LIST_CONFIG_RESOURCES = 1;
    public static final short DESCRIBE_TOPIC_PARTITIONS = 0;
    public static final short UPDATE_FEATURES = 2;
    public static final short STREAMS_GROUP_HEARTBEAT = 1;
    public static final short STREAMS_GROUP_DESCRIBE = 1;
    /** Share group APIs: served unless share groups are turned off ({@code lanes.share.groups.enable=false}). */
    public static final short SHARE_GROUP_HEARTBEAT = 1;
    public static final short SHARE_GROUP_DESCRIBE = 1;
    public static final short SHARE_FETCH = 2;  // v2: Renew, IsRenewAck, ShareAcquireMode
    public static final short SHARE_ACKNOWLEDGE = 2;  // v2: Renew, IsRenewAck
    public static final short DESCRIBE_SHARE_GROUP_OFFSETS = 1;  // v1: lag (KIP-1226)
    public static final short ALTER_SHARE_GROUP_OFFSETS = 0;
    public static final short DELETE_SHARE_GROUP_OFFSETS = 0;

    private static final Map<ApiKeys, Short> BY_API = Map.ofEntries(
            Map.entry(ApiKeys.PRODUCE, PRODUCE),
            Map.entry(ApiKeys.FETCH, FETCH),
            Map.entry(ApiKeys.LIST_OFFSETS, LIST_OFFSETS),
            Map.entry(ApiKeys.METADATA, METADATA),
            Map.entry(ApiKeys.OFFSET_COMMIT, OFFSET_COMMIT),
            Map.entry(ApiKeys.OFFSET_FETCH, OFFSET_FETCH),
            Map.entry(ApiKeys.FIND_COORDINATOR, FIND_COORDINATOR),
            Map.entry(ApiKeys.JOIN_GROUP, JOIN_GROUP),
            Map.entry(ApiKeys.HEARTBEAT, HEARTBEAT),
            Map.entry(ApiKeys.LEAVE_GROUP, LEAVE_GROUP),
            Map.entry(ApiKeys.SYNC_GROUP, SYNC_GROUP),
            Map.entry(ApiKeys.DESCRIBE_GROUPS, DESCRIBE_GROUPS),
            Map.entry(ApiKeys.LIST_GROUPS, LIST_GROUPS),
            Map.entry(ApiKeys.SASL_HANDSHAKE, SASL_HANDSHAKE),
            Map.entry(ApiKeys.API_VERSIONS, API_VERSIONS),
            Map.entry(ApiKeys.CREATE_TOPICS, CREATE_TOPICS),
            Map.entry(ApiKeys.DELETE_TOPICS, DELETE_TOPICS),
            Map.entry(ApiKeys.DELETE_RECORDS, DELETE_RECORDS),
            Map.entry(ApiKeys.INIT_PRODUCER_ID, INIT_PRODUCER_ID),
            Map.entry(ApiKeys.OFFSET_FOR_LEADER_EPOCH, OFFSET_FOR_LEADER_EPOCH),
            Map.entry(ApiKeys.ADD_OFFSETS_TO_TXN, ADD_OFFSETS_TO_TXN),
            Map.entry(ApiKeys.WRITE_TXN_MARKERS, WRITE_TXN_MARKERS),
            Map.entry(ApiKeys.TXN_OFFSET_COMMIT, TXN_OFFSET_COMMIT),
            Map.entry(ApiKeys.DESCRIBE_ACLS, DESCRIBE_ACLS),
            Map.entry(ApiKeys.CREATE_ACLS, CREATE_ACLS),
            Map.entry(ApiKeys.DELETE_ACLS, DELETE_ACLS),
            Map.entry(ApiKeys.DESCRIBE_CONFIGS, DESCRIBE_CONFIGS),
            Map.entry(ApiKeys.ALTER_CONFIGS, ALTER_CONFIGS),
            Map.entry(ApiKeys.ALTER_REPLICA_LOG_DIRS, ALTER_REPLICA_LOG_DIRS),
            Map.entry(ApiKeys.DESCRIBE_LOG_DIRS, DESCRIBE_LOG_DIRS),
            Map.entry(ApiKeys.SASL_AUTHENTICATE, SASL_AUTHENTICATE),
            Map.entry(ApiKeys.CREATE_PARTITIONS, CREATE_PARTITIONS),
            Map.entry(ApiKeys.DESCRIBE_CLIENT_QUOTAS, DESCRIBE_CLIENT_QUOTAS),
            Map.entry(ApiKeys.ALTER_CLIENT_QUOTAS, ALTER_CLIENT_QUOTAS),
            Map.entry(ApiKeys.DELETE_GROUPS, DELETE_GROUPS),
            Map.entry(ApiKeys.ELECT_LEADERS, ELECT_LEADERS),
            Map.entry(ApiKeys.INCREMENTAL_ALTER_CONFIGS, INCREMENTAL_ALTER_CONFIGS),
            Map.entry(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ALTER_PARTITION_REASSIGNMENTS),
            Map.entry(ApiKeys.LIST_PARTITION_REASSIGNMENTS, LIST_PARTITION_REASSIGNMENTS),
            Map.entry(ApiKeys.OFFSET_DELETE, OFFSET_DELETE),
            Map.entry(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, DESCRIBE_USER_SCRAM_CREDENTIALS),
            Map.entry(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, ALTER_USER_SCRAM_CREDENTIALS),
            Map.entry(ApiKeys.DESCRIBE_CLUSTER, DESCRIBE_CLUSTER),
            Map.entry(ApiKeys.DESCRIBE_PRODUCERS, DESCRIBE_PRODUCERS),
            Map.entry(ApiKeys.DESCRIBE_TRANSACTIONS, DESCRIBE_TRANSACTIONS),
            Map.entry(ApiKeys.LIST_TRANSACTIONS, LIST_TRANSACTIONS),
            Map.entry(ApiKeys.GET_TELEMETRY_SUBSCRIPTIONS, GET_TELEMETRY_SUBSCRIPTIONS),
            Map.entry(ApiKeys.PUSH_TELEMETRY, PUSH_TELEMETRY),
            Map.entry(ApiKeys.LIST_CONFIG_RESOURCES, LIST_CONFIG_RESOURCES),
            Map.entry(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, DESCRIBE_TOPIC_PARTITIONS),
            Map.entry(ApiKeys.UPDATE_FEATURES, UPDATE_FEATURES),
            Map.entry(ApiKeys.STREAMS_GROUP_HEARTBEAT, STREAMS_GROUP_HEARTBEAT),
            Map.entry(ApiKeys.STREAMS_GROUP_DESCRIBE, STREAMS_GROUP_DESCRIBE),
            Map.entry(ApiKeys.SHARE_GROUP_HEARTBEAT, SHARE_GROUP_HEARTBEAT),
            Map.entry(ApiKeys.SHARE_GROUP_DESCRIBE, SHARE_GROUP_DESCRIBE),
            Map.entry(ApiKeys.SHARE_FETCH, SHARE_FETCH),
            Map.entry(ApiKeys.SHARE_ACKNOWLEDGE, SHARE_ACKNOWLEDGE),
            Map.entry(ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, DESCRIBE_SHARE_GROUP_OFFSETS),
            Map.entry(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, ALTER_SHARE_GROUP_OFFSETS),
            Map.entry(ApiKeys.DELETE_SHARE_GROUP_OFFSETS, DELETE_SHARE_GROUP_OFFSETS));

    private ServedVersions() {
    }

    /**
     * The highest served version of an API registered with one of these caps.
     *
     * @throws IllegalArgumentException if the API has no cap here
     */
    public static short latest(ApiKeys api) {
        Short version = BY_API.get(api);
        if (version == null) {
            throw new IllegalArgumentException("No served version recorded for " + api);
        }
        return version;
    }
}
