package io.lanes.broker.security.acl;

import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The authorization checks Kafka makes on a request as a whole before serving it (its
 * {@code KafkaApis}): a refused check throws the exception whose error code the API's error
 * response carries (CLUSTER_, GROUP_ or TRANSACTIONAL_ID_AUTHORIZATION_FAILED), as Kafka answers
 * with {@code request.getErrorResponse(error)}. Checks on single topics, partitions or groups of a
 * request are made by the handlers. Installed only when an authorizer is configured. Stateless.
 */
public final class RequestGuard {
    private final AclAuthorizer authorizer;

    public RequestGuard(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Throws the API's authorization exception if the request may not be served at all. */
    public void check(RequestContext context, ApiMessage request) {
        ApiKeys api = context.header().apiKey();
        switch (api) {
            case JOIN_GROUP -> group(context, AclOperation.READ, ((JoinGroupRequestData) request).groupId());
            case SYNC_GROUP -> group(context, AclOperation.READ, ((SyncGroupRequestData) request).groupId());
            case HEARTBEAT -> group(context, AclOperation.READ, ((HeartbeatRequestData) request).groupId());
            case LEAVE_GROUP -> group(context, AclOperation.READ, ((LeaveGroupRequestData) request).groupId());
            case OFFSET_COMMIT -> group(context, AclOperation.READ, ((OffsetCommitRequestData) request).groupId());
            case OFFSET_DELETE -> group(context, AclOperation.DELETE, ((OffsetDeleteRequestData) request).groupId());
            case CONSUMER_GROUP_HEARTBEAT ->
                    group(context, AclOperation.READ, ((ConsumerGroupHeartbeatRequestData) request).groupId());
            case STREAMS_GROUP_HEARTBEAT ->
                    group(context, AclOperation.READ, ((StreamsGroupHeartbeatRequestData) request).groupId());
            // share groups (KIP-932): the whole request is refused without READ (DELETE to delete offsets) on
            // its group, as Kafka's KafkaApis answers; topics are checked per topic by the handlers
            case SHARE_GROUP_HEARTBEAT ->
                    group(context, AclOperation.READ, ((ShareGroupHeartbeatRequestData) request).groupId());
            case SHARE_FETCH -> group(context, AclOperation.READ, ((ShareFetchRequestData) request).groupId());
            case SHARE_ACKNOWLEDGE ->
                    group(context, AclOperation.READ, ((ShareAcknowledgeRequestData) request).groupId());
            case ALTER_SHARE_GROUP_OFFSETS ->
                    group(context, AclOperation.READ, ((AlterShareGroupOffsetsRequestData) request).groupId());
            case DELETE_SHARE_GROUP_OFFSETS ->
                    group(context, AclOperation.DELETE, ((DeleteShareGroupOffsetsRequestData) request).groupId());
            case PRODUCE -> {
                String transactionalId = ((ProduceRequestData) request).transactionalId();
                if (transactionalId != null) {
                    transactionalId(context, transactionalId);
                }
            }
            case INIT_PRODUCER_ID -> initProducerId(context, (InitProducerIdRequestData) request);
            case END_TXN -> transactionalId(context, ((EndTxnRequestData) request).transactionalId());
            case ADD_OFFSETS_TO_TXN -> {
                AddOffsetsToTxnRequestData add = (AddOffsetsToTxnRequestData) request;
                transactionalId(context, add.transactionalId());
                group(context, AclOperation.READ, add.groupId());
            }
            case TXN_OFFSET_COMMIT -> {
                TxnOffsetCommitRequestData commit = (TxnOffsetCommitRequestData) request;
                transactionalId(context, commit.transactionalId());
                group(context, AclOperation.READ, commit.groupId());
            }
            case ADD_PARTITIONS_TO_TXN -> {
                if (context.apiVersion() >= 4) {
                    cluster(context, AclOperation.CLUSTER_ACTION);
                } else {
                    transactionalId(context, ((AddPartitionsToTxnRequestData) request).v3AndBelowTransactionalId());
                }
            }
            case WRITE_TXN_MARKERS -> {
                if (!authorizer.authorizeCluster(context, AclOperation.ALTER)) {
                    cluster(context, AclOperation.CLUSTER_ACTION);
                }
            }
            case ALTER_PARTITION_REASSIGNMENTS, ALTER_REPLICA_LOG_DIRS, ELECT_LEADERS, ALTER_USER_SCRAM_CREDENTIALS,
                 UPDATE_FEATURES -> cluster(context, AclOperation.ALTER);
            case LIST_PARTITION_REASSIGNMENTS, DESCRIBE_LOG_DIRS, DESCRIBE_USER_SCRAM_CREDENTIALS ->
                    cluster(context, AclOperation.DESCRIBE);
            // client quotas and the list of config resources are configs of the cluster in Kafka's checks
            case DESCRIBE_CLIENT_QUOTAS, LIST_CONFIG_RESOURCES -> cluster(context, AclOperation.DESCRIBE_CONFIGS);
            case ALTER_CLIENT_QUOTAS -> cluster(context, AclOperation.ALTER_CONFIGS);
            default -> {
            }
        }
    }

    /** Kafka 4: a transactional id needs WRITE on it; an idempotent producer IDEMPOTENT_WRITE or WRITE on some topic. */
    private void initProducerId(RequestContext context, InitProducerIdRequestData request) {
        if (request.transactionalId() != null) {
            transactionalId(context, request.transactionalId());
        } else if (!authorizer.authorizeCluster(context, AclOperation.IDEMPOTENT_WRITE)
                && !authorizer.authorizeByResourceType(context, AclOperation.WRITE, ResourceType.TOPIC)) {
            throw new ClusterAuthorizationException("Request is not authorized.");
        }
    }

    private void group(RequestContext context, AclOperation operation, String groupId) {
        if (!authorizer.authorize(context, operation, ResourceType.GROUP, groupId)) {
            throw new GroupAuthorizationException("Not authorized to access group: " + groupId);
        }
    }

    private void transactionalId(RequestContext context, String transactionalId) {
        if (!authorizer.authorize(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId)) {
            throw new TransactionalIdAuthorizationException("Transactional Id authorization failed.");
        }
    }

    private void cluster(RequestContext context, AclOperation operation) {
        if (!authorizer.authorizeCluster(context, operation)) {
            throw new ClusterAuthorizationException("Request is not authorized.");
        }
    }
}
