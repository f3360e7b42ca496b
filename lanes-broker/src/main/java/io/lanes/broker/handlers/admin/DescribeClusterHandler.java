package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.api.AuthorizedOperations;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

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
                .setClusterAuthorizedOperations(
                        AuthorizedOperations.cluster(request.includeClusterAuthorizedOperations(),
                                broker.authorizer(), context));
        response.brokers().add(new DescribeClusterBroker()
                .setBrokerId(broker.nodeId())
                .setHost(context.advertisedHost(broker.advertisedHost()))
                .setPort(context.advertisedPort(broker.advertisedPort()))
                .setRack(null)
                .setIsFenced(false));
        return CompletableFuture.completedFuture(response);
    }
}
