package io.lanes.bench.nullbroker;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers of the null broker: ApiVersions, Metadata (one broker leading every partition of every topic asked
 * for), InitProducerId (a fresh producer id each time) and Produce (acknowledged without storing or validating; the
 * base offsets of each partition grow by the records of every batch, so an idempotent producer sees what it expects).
 *
 * <p>Every topic exists as soon as it is named: with {@code N} partitions when its name ends in {@code -p<N>} (the
 * side-by-side produce topics), else with the configured partition count. Not thread-safe: the null
 * broker serves every connection from one event loop.
 */
public final class NullApis {

    /** Produce v13+ names topics by id; v12 by name keeps this broker free of an id table, at no cost to the client. */
    static final short MAX_PRODUCE_VERSION = 12;
    static final int NODE_ID = 0;
    static final String CLUSTER_ID = "lanes-null-broker";

    private final String host;
    private final int port;
    private final int partitions;
    private final Set<String> topics = new LinkedHashSet<>();
    /** Next offset per topic and partition. */
    private final Map<String, long[]> nextOffsets = new HashMap<>();
    private long nextProducerId = 1000;

    public NullApis(String host, int port, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        this.host = host;
        this.port = port;
        this.partitions = partitions;
    }

    /** Whether this broker answers {@code api} at {@code version} (what {@link #apiVersions()} advertises). */
    public static boolean supports(ApiKeys api, short version) {
        return switch (api) {
            case API_VERSIONS, METADATA, INIT_PRODUCER_ID -> version >= api.oldestVersion() && version <= api.latestVersion();
            case PRODUCE -> version >= api.oldestVersion() && version <= maxProduceVersion();
            default -> false;
        };
    }

    public ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData response = new ApiVersionsResponseData().setErrorCode(Errors.NONE.code());
        for (ApiKeys api : List.of(ApiKeys.PRODUCE, ApiKeys.METADATA, ApiKeys.API_VERSIONS, ApiKeys.INIT_PRODUCER_ID)) {
            short max = api == ApiKeys.PRODUCE ? maxProduceVersion() : api.latestVersion();
            response.apiKeys().add(new ApiVersionsResponseData.ApiVersion()
                    .setApiKey(api.id).setMinVersion(api.oldestVersion()).setMaxVersion(max));
        }
        return response;
    }

    public MetadataResponseData metadata(MetadataRequestData request) {
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(CLUSTER_ID)
                .setControllerId(NODE_ID);
        response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(NODE_ID).setHost(host).setPort(port));
        if (request.topics() != null) {
            request.topics().forEach(t -> {
                if (t.name() != null) {
                    topics.add(t.name());
                }
            });
        }
        for (String name : request.topics() == null ? topics : request.topics().stream().map(t -> t.name()).toList()) {
            if (name == null) {
                continue;
            }
            MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic()
                    .setName(name)
                    .setTopicId(topicId(name))
                    .setErrorCode(Errors.NONE.code());
            for (int p = 0; p < partitions(name); p++) {
                topic.partitions().add(new MetadataResponseData.MetadataResponsePartition()
                        .setPartitionIndex(p)
                        .setLeaderId(NODE_ID)
                        .setLeaderEpoch(0)
                        .setReplicaNodes(List.of(NODE_ID))
                        .setIsrNodes(List.of(NODE_ID)));
            }
            response.topics().add(topic);
        }
        return response;
    }

    public InitProducerIdResponseData initProducerId(InitProducerIdRequestData request) {
        return new InitProducerIdResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProducerId(nextProducerId++)
                .setProducerEpoch((short) 0);
    }

    /**
     * Acknowledges every batch of the request: each partition's base offset is where the previous batch of that
     * partition ended. The records are neither stored nor checked; only the batch headers are read, for their
     * record counts.
     */
    public ProduceResponseData produce(ProduceRequestData request) {
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(topic.name());
            long[] offsets = nextOffsets.computeIfAbsent(topic.name(), n -> new long[partitions(n)]);
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                ProduceResponseData.PartitionProduceResponse partitionResponse =
                        new ProduceResponseData.PartitionProduceResponse().setIndex(partition.index());
                int index = partition.index();
                if (index < 0 || index >= offsets.length) {
                    partitionResponse.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    partitionResponse.setErrorCode(Errors.NONE.code())
                            .setBaseOffset(offsets[index])
                            .setLogAppendTimeMs(-1)
                            .setLogStartOffset(0);
                    offsets[index] += recordCount((Records) partition.records());
                }
                topicResponse.partitionResponses().add(partitionResponse);
            }
            response.responses().add(topicResponse);
        }
        return response;
    }

    /** Partitions of a topic: N for a name ending in {@code -p<N>}, else the configured count. */
    int partitions(String topic) {
        int suffix = topic.lastIndexOf("-p");
        if (suffix >= 0 && suffix + 2 < topic.length()) {
            try {
                int count = Integer.parseInt(topic.substring(suffix + 2));
                if (count > 0) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // not a partition suffix
            }
        }
        return partitions;
    }

    /** Records in the batches, from their headers (last offset delta + 1 each). */
    static long recordCount(Records records) {
        if (records == null) {
            return 0;
        }
        long count = 0;
        for (RecordBatch batch : records.batches()) {
            count += batch.lastOffset() - batch.baseOffset() + 1;
        }
        return count;
    }

    /** A fixed id per topic name, for Metadata versions that carry one. */
    static Uuid topicId(String name) {
        java.util.UUID uuid = java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    private static short maxProduceVersion() {
        return (short) Math.min(MAX_PRODUCE_VERSION, ApiKeys.PRODUCE.latestVersion());
    }
}
