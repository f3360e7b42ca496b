package io.lanes.broker.handlers.group;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.broker.RawKafkaClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker side of the Streams rebalance protocol (KIP-1071): its configs and when its APIs are advertised. */
class StreamsProtocolBrokerTest {
    @TempDir
    Path dataDir;
    private LanesBroker broker;

    @AfterEach
    void tearDown() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString()));
        props.putAll(overrides);
        broker = LanesBroker.start(BrokerConfig.from(props));
    }

    private ApiVersionsResponseData apiVersions() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            return ((ApiVersionsResponse) client.send(ApiKeys.API_VERSIONS, ApiKeys.API_VERSIONS.latestVersion(),
                    new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"))).data();
        }
    }

    @Test
    void shouldAdvertiseTheStreamsGroupApisWhenTheStreamsProtocolIsEnabledAsByDefault() throws Exception {
        // given
        start(Map.of());

        // when
        ApiVersionsResponseData versions = apiVersions();

        // then
        assertThat(versions.apiKeys().find(ApiKeys.STREAMS_GROUP_HEARTBEAT.id)).isNotNull()
                .satisfies(v -> assertThat(v.maxVersion()).isEqualTo((short) 1));
        assertThat(versions.apiKeys().find(ApiKeys.STREAMS_GROUP_DESCRIBE.id)).isNotNull()
                .satisfies(v -> assertThat(v.maxVersion()).isEqualTo((short) 1));
    }

    @Test
    void shouldNotAdvertiseTheStreamsGroupApisWhenTheRebalanceProtocolsLeaveStreamsOut() throws Exception {
        // given
        start(Map.of("group.coordinator.rebalance.protocols", "classic,consumer"));

        // when
        ApiVersionsResponseData versions = apiVersions();

        // then
        assertThat(versions.apiKeys().find(ApiKeys.STREAMS_GROUP_HEARTBEAT.id)).isNull();
        assertThat(versions.apiKeys().find(ApiKeys.STREAMS_GROUP_DESCRIBE.id)).isNull();
        assertThat(versions.apiKeys().find(ApiKeys.CONSUMER_GROUP_HEARTBEAT.id)).isNotNull();
    }

    @Test
    void shouldDescribeStreamsGroupBrokerConfigsWithKafkaNamesAndDefaults() throws Exception {
        // given
        start(Map.of());

        // when
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker.config().nodeId()));
        Config config;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        }

        // then
        assertThat(config.get("group.streams.session.timeout.ms").value()).isEqualTo("45000");
        assertThat(config.get("group.streams.heartbeat.interval.ms").value()).isEqualTo("5000");
        assertThat(config.get("group.streams.max.size").value()).isEqualTo(String.valueOf(Integer.MAX_VALUE));
        assertThat(config.get("group.streams.num.standby.replicas").value()).isEqualTo("0");
        assertThat(config.get("group.streams.max.standby.replicas").value()).isEqualTo("2");
        assertThat(config.get("group.streams.acceptable.recovery.lag").value()).isEqualTo("10000");
        assertThat(config.get("group.streams.initial.rebalance.delay.ms").value()).isEqualTo("3000");
        assertThat(config.get("group.streams.rack.aware.assignment.tags").value()).isEmpty();
        assertThat(config.get("group.coordinator.rebalance.protocols").value()).isEqualTo("classic,consumer,streams");
        assertThatThrownBy(() -> BrokerConfig.from(Map.of("group.streams.num.standby.replicas", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("group.streams.num.standby.replicas must be less than or equal to "
                        + "group.streams.max.standby.replicas");
    }
}
