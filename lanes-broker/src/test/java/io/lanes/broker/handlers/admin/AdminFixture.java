package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.BrokerConfig;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.DynamicBrokerConfig;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.fetch.DelayedFetches;
import io.lanes.broker.metadata.ClusterIdentity;
import io.lanes.broker.metadata.ProducerIdManager;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.broker.metadata.TopicRegistry;
import io.lanes.storage.Durability;
import io.lanes.storage.LogManager;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.Time;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker without a network for handler tests: real partition logs and topic metadata in a
 * temporary directory, started the way {@code LanesBroker} starts (dynamic configs loaded).
 */
final class AdminFixture implements AutoCloseable {
    static final int NODE_ID = 1;

    final Path dataDir;
    final BrokerServices services;
    private final LogManager logs;

    private AdminFixture(Path dataDir, BrokerServices services, LogManager logs) {
        this.dataDir = dataDir;
        this.services = services;
        this.logs = logs;
    }

    /** Starts on {@code dataDir} with these static configs ({@code key, value, ...}). */
    static AdminFixture start(Path dataDir, String... staticConfigs) {
        Map<String, String> props = new HashMap<>(Map.of("log.dirs", dataDir.toString(), "num.partitions", "2",
                "lanes.durability", "page-cache"));
        for (int i = 0; i < staticConfigs.length; i += 2) {
            props.put(staticConfigs[i], staticConfigs[i + 1]);
        }
        BrokerConfig config = DynamicBrokerConfig.load(dataDir, BrokerConfig.from(props));
        LogManager logs = LogManager.open(List.of(dataDir), Durability.PAGE_CACHE, config.defaultLogConfig(),
                Time.SYSTEM, 300_000);
        TopicManager topics = new TopicManager(TopicRegistry.load(dataDir), logs, config);
        topics.openAll();
        BrokerServices services = new BrokerServices(ClusterIdentity.loadOrCreate(dataDir, NODE_ID), "127.0.0.1", 9092,
                dataDir, topics, logs, ProducerIdManager.load(dataDir), new DelayedFetches());
        return new AdminFixture(dataDir, services, logs);
    }

    TopicManager topics() {
        return services.topics();
    }

    TopicInfo createTopic(String name, int partitions, Map<String, String> configs) {
        return topics().create(name, partitions, (short) 1, configs, false);
    }

    PartitionLog log(String topic, int partition) {
        return topics().partition(new TopicPartition(topic, partition)).orElseThrow();
    }

    /** Appends {@code count} one-record batches to a partition. */
    void append(String topic, int partition, int count) {
        for (int i = 0; i < count; i++) {
            log(topic, partition).append(MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(("k" + i).getBytes(), ("v" + i).getBytes())));
        }
    }

    static RequestContext context(ApiKeys api, short version) {
        return new RequestContext(new RequestHeader(api, version, "admin-test", 1),
                new InetSocketAddress("127.0.0.1", 50000), null);
    }

    static RequestContext latest(ApiKeys api) {
        return context(api, ServedVersions.latest(api));
    }

    /** Calls a handler at the latest version of its API and waits for the response. */
    static <Q extends ApiMessage, R extends ApiMessage> R call(ApiHandler<Q> handler, ApiKeys api, Q request) {
        return call(handler, context(api, ServedVersions.latest(api)), request);
    }

    @SuppressWarnings("unchecked")
    static <Q extends ApiMessage, R extends ApiMessage> R call(ApiHandler<Q> handler, RequestContext context, Q request) {
        return (R) handler.handle(context, request).join();
    }

    @Override
    public void close() {
        logs.close();
    }
}
