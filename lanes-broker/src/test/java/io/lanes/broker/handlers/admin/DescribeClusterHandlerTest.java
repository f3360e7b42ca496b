package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DescribeClusterHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private DescribeClusterHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new DescribeClusterHandler(broker.services);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private DescribeClusterResponseData describe(short version, DescribeClusterRequestData request) {
        return AdminFixture.call(handler, AdminFixture.context(ApiKeys.DESCRIBE_CLUSTER, version), request);
    }

    @Test
    void shouldDescribeThisNodeAsOnlyBrokerAndControllerWhenAsked() {
        // when
        DescribeClusterResponseData response = describe((short) 2, new DescribeClusterRequestData());

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.clusterId()).isEqualTo(broker.services.identity().clusterId());
        assertThat(response.controllerId()).isEqualTo(1);
        assertThat(response.endpointType()).isEqualTo((byte) 1);
        assertThat(response.clusterAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
        assertThat(response.brokers()).singleElement().satisfies(b -> {
            assertThat(b.brokerId()).isEqualTo(1);
            assertThat(b.host()).isEqualTo("127.0.0.1");
            assertThat(b.port()).isEqualTo(9092);
            assertThat(b.rack()).isNull();
            assertThat(b.isFenced()).isFalse();
        });
    }

    @Test
    void shouldReportEveryClusterOperationWhenAuthorizedOperationsAreAsked() {
        // when
        DescribeClusterResponseData response = describe((short) 1,
                new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(true));

        // then
        assertThat(Utils.from32BitField(response.clusterAuthorizedOperations()))
                .extracting(AclOperation::fromCode)
                .containsExactlyInAnyOrder(AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
                        AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);
    }

    @Test
    void shouldAnswerMismatchedEndpointTypeWhenControllerEndpointIsAsked() {
        // when
        DescribeClusterResponseData v1 = describe((short) 1, new DescribeClusterRequestData().setEndpointType((byte) 2));
        DescribeClusterResponseData unknown = describe((short) 1, new DescribeClusterRequestData().setEndpointType((byte) 7));

        // then
        assertThat(Errors.forCode(v1.errorCode())).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE);
        assertThat(Errors.forCode(unknown.errorCode())).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE);
        assertThat(v1.brokers()).isEmpty();
    }
}
