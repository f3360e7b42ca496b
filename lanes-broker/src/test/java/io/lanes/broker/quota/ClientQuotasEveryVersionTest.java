package io.lanes.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.broker.RawKafkaClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AlterClientQuotasResponse;
import org.apache.kafka.common.requests.DescribeClientQuotasResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AlterClientQuotas and DescribeClientQuotas at every version kafka-clients knows, answered and parsed by it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientQuotasEveryVersionTest {
    @TempDir
    static Path dataDir;
    private LanesBroker broker;

    @BeforeAll
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString(), "lanes.http.port", "0")));
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    /** Every (alter version, describe version) pair. */
    static Stream<short[]> versionPairs() {
        return IntStream.rangeClosed(ApiKeys.ALTER_CLIENT_QUOTAS.oldestVersion(), ApiKeys.ALTER_CLIENT_QUOTAS.latestVersion())
                .boxed()
                .flatMap(alter -> IntStream.rangeClosed(ApiKeys.DESCRIBE_CLIENT_QUOTAS.oldestVersion(),
                        ApiKeys.DESCRIBE_CLIENT_QUOTAS.latestVersion())
                        .mapToObj(describe -> new short[]{(short) (int) alter, (short) describe}));
    }

    @ParameterizedTest(name = "alter, describe versions {0}")
    @MethodSource("versionPairs")
    void shouldStoreAndDescribeQuotaWhenAlteredAndDescribedAtThisVersion(short[] versions) throws Exception {
        String client = "client-" + versions[0] + "-" + versions[1];
        try (RawKafkaClient raw = new RawKafkaClient(broker.port())) {
            // when
            AlterClientQuotasResponseData altered = ((AlterClientQuotasResponse) raw.send(ApiKeys.ALTER_CLIENT_QUOTAS,
                    versions[0], new AlterClientQuotasRequestData().setEntries(List.of(
                            new AlterClientQuotasRequestData.EntryData()
                                    .setEntity(List.of(new AlterClientQuotasRequestData.EntityData()
                                            .setEntityType("client-id").setEntityName(client)))
                                    .setOps(List.of(new AlterClientQuotasRequestData.OpData()
                                            .setKey("producer_byte_rate").setValue(4096))))))).data();
            DescribeClientQuotasResponseData described = ((DescribeClientQuotasResponse) raw.send(
                    ApiKeys.DESCRIBE_CLIENT_QUOTAS, versions[1], new DescribeClientQuotasRequestData()
                            .setComponents(List.of(new DescribeClientQuotasRequestData.ComponentData()
                                    .setEntityType("client-id").setMatchType((byte) 0).setMatch(client)))))
                    .data();

            // then
            assertThat(altered.entries()).singleElement().satisfies(e -> assertThat(e.errorCode()).isZero());
            assertThat(described.errorCode()).isZero();
            assertThat(described.entries()).singleElement().satisfies(e -> {
                assertThat(e.entity()).singleElement().satisfies(entity -> assertThat(entity.entityName()).isEqualTo(client));
                assertThat(e.values()).singleElement().satisfies(v -> {
                    assertThat(v.key()).isEqualTo("producer_byte_rate");
                    assertThat(v.value()).isEqualTo(4096.0);
                });
            });
        }
    }
}
