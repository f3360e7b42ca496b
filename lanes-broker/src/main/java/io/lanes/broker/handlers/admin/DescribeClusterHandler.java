package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * DescribeCluster, as a Kafka broker answers it ({@code AuthHelper.computeDescribeClusterResponse}):
 * the cluster id, this node as the controller and as the only broker, at its advertised address,
 * never fenced (so v2's {@code includeFencedBrokers} changes nothing). This is a broker
 * endpoint: a v1+ request for the controller endpoint gets MISMATCHED_ENDPOINT_TYPE, an unknown
 * endpoint type UNSUPPORTED_ENDPOINT_TYPE (INVALID_REQUEST on v0). Asked for the cluster's
 * authorized operations, it reports every cluster operation, as Kafka without an authorizer.
 */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequestData> {
    private static final byte BROKER_ENDPOINT = 1;
    private static final byte CONTROLLER_ENDPOINT = 2;
    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;
    /** Kafka's {@code AclEntry.supportedOperations(CLUSTER)}. */
    private static final List<AclOperation> CLUSTER_OPERATIONS = List.of(AclOperation.CREATE,
            AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);

    private final BrokerServices broker;

    public DescribeClusterHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<DescribeClusterResponseData> handle(RequestContext context,
                                                                DescribeClusterRequestData request) {
        byte endpoint = request.endpointType();
        if (endpoint != BROKER_ENDPOINT && endpoint != CONTROLLER_ENDPOINT) {
            return CompletableFuture.completedFuture(new DescribeClusterResponseData()
                    .setErrorCode(context.apiVersion() == 0 ? Errors.INVALID_REQUEST.code()
                            : Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Unsupported endpoint type " + endpoint));
        }
        if (endpoint == CONTROLLER_ENDPOINT) {
            return CompletableFuture.completedFuture(new DescribeClusterResponseData()
                    .setErrorCode(context.apiVersion() == 0 ? Errors.INVALID_REQUEST.code()
                            : Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("The request was sent to an endpoint of type BROKER, but we wanted an endpoint "
                            + "of type CONTROLLER"));
        }
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setClusterId(broker.identity().clusterId())
                .setControllerId(broker.nodeId())
                .setEndpointType(BROKER_ENDPOINT)
                .setClusterAuthorizedOperations(request.includeClusterAuthorizedOperations()
                        ? Utils.to32BitField(CLUSTER_OPERATIONS.stream().map(AclOperation::code)
                                .collect(Collectors.toSet()))
                        : AUTHORIZED_OPERATIONS_OMITTED);
        response.brokers().add(new DescribeClusterBroker()
                .setBrokerId(broker.nodeId())
                .setHost(broker.advertisedHost())
                .setPort(broker.advertisedPort())
                .setRack(null)
                .setIsFenced(false));
        return CompletableFuture.completedFuture(response);
    }
}
