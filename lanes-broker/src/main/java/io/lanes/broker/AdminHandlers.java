package io.lanes.broker;

import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.handlers.admin.AlterConfigsHandler;
import io.lanes.broker.handlers.admin.ConfigUpdates;
import io.lanes.broker.handlers.admin.CreatePartitionsHandler;
import io.lanes.broker.handlers.admin.CreateTopicsHandler;
import io.lanes.broker.handlers.admin.DeleteRecordsHandler;
import io.lanes.broker.handlers.admin.DeleteTopicsHandler;
import io.lanes.broker.handlers.admin.DescribeClusterHandler;
import io.lanes.broker.handlers.admin.DescribeConfigsHandler;
import io.lanes.broker.handlers.admin.DescribeLogDirsHandler;
import io.lanes.broker.handlers.admin.IncrementalAlterConfigsHandler;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Registers the administrative APIs (topics, configs, cluster, log dirs), every version
 * kafka-clients knows of each. The two AlterConfigs APIs share one {@link ConfigUpdates}, which
 * serializes broker config changes and persists them through {@link DynamicBrokerConfig}.
 */
final class AdminHandlers {
    private AdminHandlers() {
    }

    static void register(ApiDispatcher dispatcher, BrokerServices services) {
        ConfigUpdates configUpdates = new ConfigUpdates(services);
        dispatcher
                .register(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(services))
                .register(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(services))
                .register(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(services))
                .register(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(services))
                .register(ApiKeys.ALTER_CONFIGS, new AlterConfigsHandler(configUpdates))
                .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(configUpdates))
                .register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(services))
                .register(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(services))
                .register(ApiKeys.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(services));
    }
}
