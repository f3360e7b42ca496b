package io.lanes.broker;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.handlers.admin.AlterConfigsHandler;
import io.lanes.broker.handlers.admin.AlterPartitionReassignmentsHandler;
import io.lanes.broker.handlers.admin.AlterReplicaLogDirsHandler;
import io.lanes.broker.handlers.admin.ConfigUpdates;
import io.lanes.broker.share.GroupConfigStore;
import io.lanes.broker.handlers.admin.CreateAclsHandler;
import io.lanes.broker.handlers.admin.CreatePartitionsHandler;
import io.lanes.broker.handlers.admin.CreateTopicsHandler;
import io.lanes.broker.handlers.admin.DeleteAclsHandler;
import io.lanes.broker.handlers.admin.DeleteRecordsHandler;
import io.lanes.broker.handlers.admin.DeleteTopicsHandler;
import io.lanes.broker.handlers.admin.DescribeAclsHandler;
import io.lanes.broker.handlers.admin.DescribeClusterHandler;
import io.lanes.broker.handlers.admin.DescribeConfigsHandler;
import io.lanes.broker.handlers.admin.DescribeLogDirsHandler;
import io.lanes.broker.handlers.admin.ElectLeadersHandler;
import io.lanes.broker.handlers.admin.IncrementalAlterConfigsHandler;
import io.lanes.broker.handlers.admin.ListConfigResourcesHandler;
import io.lanes.broker.handlers.admin.ListPartitionReassignmentsHandler;
import io.lanes.broker.telemetry.ClientMetricsSubscriptions;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Registers the administrative APIs (topics, configs, cluster, log dirs, leader elections and
 * reassignments as a single node answers them, ACLs), every version
 * kafka-clients knows of each. DescribeQuorum stays unregistered: Lanes has no KRaft quorum to
 * describe. The two AlterConfigs APIs share one {@link ConfigUpdates}, which
 * serializes broker config changes and persists them through {@link DynamicBrokerConfig}, and client
 * metrics subscriptions through {@link ClientMetricsSubscriptions}.
 */
final class AdminHandlers {
    private AdminHandlers() {
    }

    static void register(ApiDispatcher dispatcher, BrokerServices services, ClientMetricsSubscriptions clientMetrics,
                         GroupConfigStore groupConfigs) {
        ConfigUpdates configUpdates = new ConfigUpdates(services, clientMetrics, groupConfigs);
        dispatcher
                .register(ApiKeys.CREATE_TOPICS, ServedVersions.CREATE_TOPICS, new CreateTopicsHandler(services))
                .register(ApiKeys.DELETE_TOPICS, ServedVersions.DELETE_TOPICS, new DeleteTopicsHandler(services))
                .register(ApiKeys.CREATE_PARTITIONS, ServedVersions.CREATE_PARTITIONS, new CreatePartitionsHandler(services))
                .register(ApiKeys.DESCRIBE_CONFIGS, ServedVersions.DESCRIBE_CONFIGS, new DescribeConfigsHandler(services, clientMetrics, groupConfigs))
                .register(ApiKeys.ALTER_CONFIGS, ServedVersions.ALTER_CONFIGS, new AlterConfigsHandler(configUpdates))
                .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, ServedVersions.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(configUpdates))
                .register(ApiKeys.DESCRIBE_CLUSTER, ServedVersions.DESCRIBE_CLUSTER, new DescribeClusterHandler(services))
                .register(ApiKeys.DELETE_RECORDS, ServedVersions.DELETE_RECORDS, new DeleteRecordsHandler(services))
                .register(ApiKeys.DESCRIBE_LOG_DIRS, ServedVersions.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(services))
                .register(ApiKeys.ALTER_REPLICA_LOG_DIRS, ServedVersions.ALTER_REPLICA_LOG_DIRS, new AlterReplicaLogDirsHandler(services))
                .register(ApiKeys.ELECT_LEADERS, ServedVersions.ELECT_LEADERS, new ElectLeadersHandler(services))
                .register(ApiKeys.LIST_PARTITION_REASSIGNMENTS, ServedVersions.LIST_PARTITION_REASSIGNMENTS, new ListPartitionReassignmentsHandler())
                .register(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ServedVersions.ALTER_PARTITION_REASSIGNMENTS, new AlterPartitionReassignmentsHandler(services))
                .register(ApiKeys.LIST_CONFIG_RESOURCES, ServedVersions.LIST_CONFIG_RESOURCES, new ListConfigResourcesHandler(services, clientMetrics, groupConfigs))
                .register(ApiKeys.DESCRIBE_ACLS, ServedVersions.DESCRIBE_ACLS, new DescribeAclsHandler(services.authorizer()))
                .register(ApiKeys.CREATE_ACLS, ServedVersions.CREATE_ACLS, new CreateAclsHandler(services.authorizer()))
                .register(ApiKeys.DELETE_ACLS, ServedVersions.DELETE_ACLS, new DeleteAclsHandler(services.authorizer()));
    }
}
