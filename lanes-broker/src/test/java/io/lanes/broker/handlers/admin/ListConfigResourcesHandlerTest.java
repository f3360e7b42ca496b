package io.lanes.broker.handlers.admin;

import io.lanes.broker.share.GroupConfigStore;
import io.lanes.broker.telemetry.ClientMetricsSubscriptions;
import io.lanes.broker.api.ServedVersions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ListConfigResourcesRequestData;
import org.apache.kafka.common.message.ListConfigResourcesResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListConfigResourcesRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ListConfigResourcesHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private ListConfigResourcesHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new ListConfigResourcesHandler(broker.services);
        broker.createTopic("orders", 1, Map.of());
        broker.createTopic("audit", 1, Map.of());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private ListConfigResourcesResponseData list(short version, ConfigResource.Type... types) {
        ListConfigResourcesRequestData request = new ListConfigResourcesRequestData()
                .setResourceTypes(java.util.Arrays.stream(types).map(ConfigResource.Type::id).toList());
        return AdminFixture.call(handler, AdminFixture.context(ApiKeys.LIST_CONFIG_RESOURCES, version), request);
    }

    private static List<String> described(ListConfigResourcesResponseData response) {
        return response.configResources().stream()
                .map(r -> ConfigResource.Type.forId(r.resourceType()) + " " + r.resourceName()).toList();
    }

    @Test
    void shouldSupportTheResourceTypesKafkaClientsAllowsAtEachVersion() {
        for (short version = ApiKeys.LIST_CONFIG_RESOURCES.oldestVersion();
             version <= ServedVersions.LIST_CONFIG_RESOURCES; version++) {
            // given: v0 requests carry no types and mean CLIENT_METRICS, which the v0 builder insists on
            List<Byte> types = version == 0 ? List.of(ConfigResource.Type.CLIENT_METRICS.id()) : List.of();
            ListConfigResourcesRequest request = new ListConfigResourcesRequest.Builder(
                    new ListConfigResourcesRequestData().setResourceTypes(types)).build(version);

            // when / then
            assertThat(ListConfigResourcesHandler.supportedTypes(version)).isEqualTo(request.supportedResourceTypes());
        }
    }

    @Test
    void shouldListThisNodeAndEveryTopicWhenNoTypeIsGiven() {
        // when
        ListConfigResourcesResponseData response = list((short) 1);

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(described(response)).containsExactly("BROKER_LOGGER 1", "BROKER 1", "TOPIC audit", "TOPIC orders");
    }

    @Test
    void shouldListNothingWhenAskedForClientMetricsOrGroups() {
        // when
        ListConfigResourcesResponseData v0 = list((short) 0);
        ListConfigResourcesResponseData v1 = list((short) 1, ConfigResource.Type.CLIENT_METRICS, ConfigResource.Type.GROUP);

        // then
        assertThat(List.of(v0, v1)).allSatisfy(r -> {
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
            assertThat(r.configResources()).isEmpty();
        });
    }

    @Test
    void shouldListTheGroupsThatHaveConfigsFirstWhenAskedForGroups() {
        // given
        GroupConfigStore groupConfigs = GroupConfigStore.open(dataDir);
        groupConfigs.alter("shares", set -> Map.of("share.auto.offset.reset", "earliest"), false);
        ListConfigResourcesHandler withGroups = new ListConfigResourcesHandler(broker.services,
                ClientMetricsSubscriptions.open(dataDir), groupConfigs);

        // when
        ListConfigResourcesResponseData response = AdminFixture.call(withGroups,
                AdminFixture.context(ApiKeys.LIST_CONFIG_RESOURCES, (short) 1), new ListConfigResourcesRequestData());

        // then
        assertThat(described(response)).containsExactly("GROUP shares", "BROKER_LOGGER 1", "BROKER 1", "TOPIC audit",
                "TOPIC orders");
    }

    @Test
    void shouldAnswerUnsupportedVersionWhenTypeIsNotSupportedAtThatVersion() {
        // when
        ListConfigResourcesResponseData topicAtV0 = list((short) 0, ConfigResource.Type.TOPIC);
        ListConfigResourcesResponseData unknownType = list((short) 1, ConfigResource.Type.UNKNOWN);

        // then
        assertThat(List.of(topicAtV0, unknownType)).allSatisfy(r -> {
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            assertThat(r.configResources()).isEmpty();
        });
    }
}
