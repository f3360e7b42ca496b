package io.lanes.broker;

import io.lanes.broker.fetch.DelayedFetches;
import io.lanes.broker.metadata.ClusterIdentity;
import io.lanes.broker.metadata.ProducerIdManager;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.storage.LogManager;

/**
 * What the API handlers share: the broker's identity and address, its topics and logs.
 *
 * @param advertisedHost the host clients are told to connect to
 * @param advertisedPort the port clients are told to connect to
 * @param dataDir        the data directory, reported by DescribeLogDirs
 * @param authorizer     who may do what ({@link AclAuthorizer#DISABLED} when no authorizer is configured)
 */
public record BrokerServices(ClusterIdentity identity, String advertisedHost, int advertisedPort,
                             java.nio.file.Path dataDir, TopicManager topics, LogManager logs,
                             ProducerIdManager producerIds, DelayedFetches delayedFetches, AclAuthorizer authorizer) {
    /** Services without an authorizer. */
    public BrokerServices(ClusterIdentity identity, String advertisedHost, int advertisedPort, java.nio.file.Path dataDir,
                          TopicManager topics, LogManager logs, ProducerIdManager producerIds,
                          DelayedFetches delayedFetches) {
        this(identity, advertisedHost, advertisedPort, dataDir, topics, logs, producerIds, delayedFetches,
                AclAuthorizer.DISABLED);
    }

    public int nodeId() {
        return identity.nodeId();
    }

    public BrokerConfig config() {
        return topics.brokerConfig();
    }
}
