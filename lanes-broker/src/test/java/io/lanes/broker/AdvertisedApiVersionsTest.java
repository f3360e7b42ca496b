package io.lanes.broker;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what ApiVersions advertises, API by API. Moving to a newer kafka-clients (which knows newer
 * versions) must not change this list; a version is added here together with its implementation.
 */
class AdvertisedApiVersionsTest {
    /**
     * "API min..max" as Lanes advertised with kafka-clients 4.1.1 (and the client quota and streams group APIs
     * since), in API key order; since then TxnOffsetCommit v6, and InitProducerId without the unstable v6.
     */
    private static final List<String> ADVERTISED = List.of(
            "PRODUCE 0..13",
            "FETCH 4..18",
            "LIST_OFFSETS 1..11",
            "METADATA 0..13",
            "OFFSET_COMMIT 2..10",
            "OFFSET_FETCH 1..10",
            "FIND_COORDINATOR 0..6",
            "JOIN_GROUP 0..9",
            "HEARTBEAT 0..4",
            "LEAVE_GROUP 0..5",
            "SYNC_GROUP 0..5",
            "DESCRIBE_GROUPS 0..6",
            "LIST_GROUPS 0..5",
            "SASL_HANDSHAKE 0..1",
            "API_VERSIONS 0..5",
            "CREATE_TOPICS 2..7",
            "DELETE_TOPICS 1..6",
            "DELETE_RECORDS 0..2",
            "INIT_PRODUCER_ID 0..5",
            "OFFSET_FOR_LEADER_EPOCH 2..4",
            "ADD_PARTITIONS_TO_TXN 0..3",
            "ADD_OFFSETS_TO_TXN 0..4",
            "END_TXN 0..5",
            "WRITE_TXN_MARKERS 1..1",
            "TXN_OFFSET_COMMIT 0..6",
            "DESCRIBE_ACLS 1..3",
            "CREATE_ACLS 1..3",
            "DELETE_ACLS 1..3",
            "DESCRIBE_CONFIGS 1..4",
            "ALTER_CONFIGS 0..2",
            "ALTER_REPLICA_LOG_DIRS 1..2",
            "DESCRIBE_LOG_DIRS 1..5",
            "SASL_AUTHENTICATE 0..2",
            "CREATE_PARTITIONS 0..3",
            "DELETE_GROUPS 0..3",
            "ELECT_LEADERS 0..2",
            "INCREMENTAL_ALTER_CONFIGS 0..1",
            "ALTER_PARTITION_REASSIGNMENTS 0..1",
            "LIST_PARTITION_REASSIGNMENTS 0..0",
            "OFFSET_DELETE 0..0",
            "DESCRIBE_CLIENT_QUOTAS 0..1",
            "ALTER_CLIENT_QUOTAS 0..1",
            "DESCRIBE_USER_SCRAM_CREDENTIALS 0..0",
            "ALTER_USER_SCRAM_CREDENTIALS 0..0",
            "UPDATE_FEATURES 0..2",
            "DESCRIBE_CLUSTER 0..2",
            "DESCRIBE_PRODUCERS 0..0",
            "DESCRIBE_TRANSACTIONS 0..0",
            "LIST_TRANSACTIONS 0..2",
            "CONSUMER_GROUP_HEARTBEAT 0..1",
            "CONSUMER_GROUP_DESCRIBE 0..1",
            "GET_TELEMETRY_SUBSCRIPTIONS 0..0",
            "PUSH_TELEMETRY 0..0",
            "LIST_CONFIG_RESOURCES 0..1",
            "DESCRIBE_TOPIC_PARTITIONS 0..0",
            "STREAMS_GROUP_HEARTBEAT 0..1",
            "STREAMS_GROUP_DESCRIBE 0..1");

    /** What share groups add (served unless {@code lanes.share.groups.enable=false}), in API key order. */
    private static final List<String> SHARE_GROUP_APIS = List.of(
            "SHARE_GROUP_HEARTBEAT 1..1",
            "SHARE_GROUP_DESCRIBE 1..1",
            "SHARE_FETCH 1..2",
            "SHARE_ACKNOWLEDGE 1..2",
            "DESCRIBE_SHARE_GROUP_OFFSETS 0..1",
            "ALTER_SHARE_GROUP_OFFSETS 0..0",
            "DELETE_SHARE_GROUP_OFFSETS 0..0");

    /**
     * Where Lanes serves an older version than Kafka 4.4 advertises (the highest stable version kafka-clients 4.4
     * knows), as "API lanes<kafka", and why: none of these versions is sent by clients.
     */
    private static final List<String> OLDER_THAN_KAFKA = List.of(
            "ADD_PARTITIONS_TO_TXN 3<5",  // v4+ is sent by brokers only (transaction verification)
            "WRITE_TXN_MARKERS 1<2");  // sent by brokers only (Admin's abortTransaction negotiates v1)

    /**
     * APIs Kafka 4.4 advertises to clients that Lanes does not serve, and why: delegation tokens are not
     * implemented; KRaft quorum and broker registration have no meaning on one node without a controller quorum;
     * the share group state APIs are between brokers and the share coordinator; the streams topology description
     * push is only asked for (TopologyDescriptionRequired) by a broker with a topology description plugin, which
     * Lanes does not have (Kafka has none by default).
     */
    private static final List<String> NOT_SERVED = List.of(
            "CREATE_DELEGATION_TOKEN", "RENEW_DELEGATION_TOKEN", "EXPIRE_DELEGATION_TOKEN", "DESCRIBE_DELEGATION_TOKEN",
            "DESCRIBE_QUORUM", "UNREGISTER_BROKER", "ADD_RAFT_VOTER", "REMOVE_RAFT_VOTER",
            "INITIALIZE_SHARE_GROUP_STATE", "READ_SHARE_GROUP_STATE", "WRITE_SHARE_GROUP_STATE",
            "DELETE_SHARE_GROUP_STATE", "READ_SHARE_GROUP_STATE_SUMMARY", "STREAMS_GROUP_TOPOLOGY_DESCRIPTION_UPDATE",
            "UNREGISTER_CONTROLLER");

    @TempDir
    Path dataDir;

    @Test
    void shouldAdvertiseExactlyThePinnedRangesWhenAskedForApiVersions() throws Exception {
        // given: share groups are served by default, as in Kafka 4.4
        Map<String, String> config = Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString());

        // when
        List<String> advertised = advertised(config);

        // then
        List<String> expected = new java.util.ArrayList<>(ADVERTISED);
        expected.addAll(SHARE_GROUP_APIS);
        expected.sort(java.util.Comparator.comparingInt(row -> ApiKeys.valueOf(row.split(" ")[0]).id));
        assertThat(advertised).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldAdvertiseNoShareGroupApiWhenShareGroupsAreTurnedOff() throws Exception {
        // given
        Map<String, String> config = Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString(),
                "lanes.share.groups.enable", "false");

        // when
        List<String> advertised = advertised(config);

        // then
        assertThat(advertised).containsExactlyElementsOf(ADVERTISED);
    }

    @Test
    void shouldNeverAdvertiseMoreThanKafkaAndLagOnlyWhereListedWhenComparedWithKafka44() throws Exception {
        // given: what Kafka 4.4 advertises on a broker listener, every API at its highest stable version
        Map<String, Short> kafka = new TreeMap<>();
        ApiKeys.apisForListener(ApiMessageType.ListenerType.BROKER)
                .forEach(api -> kafka.put(api.name(), api.latestVersion(false)));
        Map<String, String> config = Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString());

        // when
        Map<String, Short> lanes = new TreeMap<>();
        advertised(config).forEach(row -> lanes.put(row.split(" ")[0], Short.parseShort(row.split("\\.\\.")[1])));

        // then
        List<String> newer = new ArrayList<>();
        List<String> older = new ArrayList<>();
        lanes.forEach((api, max) -> {
            if (max > kafka.get(api)) {
                newer.add(api + " " + max + ">" + kafka.get(api));
            } else if (max < kafka.get(api)) {
                older.add(api + " " + max + "<" + kafka.get(api));
            }
        });
        List<String> notServed = kafka.keySet().stream().filter(api -> !lanes.containsKey(api)).toList();
        assertThat(newer).as("versions Kafka 4.4 does not advertise (unstable)").isEmpty();
        assertThat(older).containsExactlyInAnyOrderElementsOf(OLDER_THAN_KAFKA);
        assertThat(notServed).containsExactlyInAnyOrderElementsOf(NOT_SERVED);
    }

    private static List<String> advertised(Map<String, String> config) throws Exception {
        try (LanesBroker broker = LanesBroker.start(BrokerConfig.from(config));
             RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ApiVersionsResponse response = (ApiVersionsResponse) client.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("pin").setClientSoftwareVersion("1"));
            return response.data().apiKeys().stream()
                    .sorted((a, b) -> Short.compare(a.apiKey(), b.apiKey()))
                    .map(v -> ApiKeys.forId(v.apiKey()).name() + " " + v.minVersion() + ".." + v.maxVersion())
                    .toList();
        }
    }
}
