package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDir;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDirTopic;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData.AlterReplicaLogDirPartitionResult;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData.AlterReplicaLogDirTopicResult;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterReplicaLogDirs, as Kafka's {@code ReplicaManager.alterReplicaLogDirs} answers on a broker
 * with one log directory (the data directory, as its absolute path, the one DescribeLogDirs
 * reports):
 * <ul>
 *   <li>a path that is not that directory: LOG_DIR_NOT_FOUND, checked first, as Kafka does;</li>
 *   <li>a topic whose future-replica directory name would pass 255 characters: INVALID_TOPIC_EXCEPTION;</li>
 *   <li>a partition this broker does not host: UNKNOWN_TOPIC_OR_PARTITION;</li>
 *   <li>a hosted partition moved to the directory it is in: NONE, and nothing moves.</li>
 * </ul>
 * Results are grouped by topic, in request order. Stateless; thread-safe.
 */
public final class AlterReplicaLogDirsHandler implements ApiHandler<AlterReplicaLogDirsRequestData> {
    /** Kafka names a future replica's directory {@code <topic>-<partition>.<32-hex uuid>-future}. */
    private static final int FUTURE_DIR_SUFFIX_LENGTH = 1 + 32 + "-future".length();
    private static final int MAX_FILE_NAME_LENGTH = 255;

    private final BrokerServices broker;

    public AlterReplicaLogDirsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<AlterReplicaLogDirsResponseData> handle(RequestContext context,
                                                                    AlterReplicaLogDirsRequestData request) {
        String logDir = broker.dataDir().toAbsolutePath().toString();
        Map<String, AlterReplicaLogDirTopicResult> byTopic = new LinkedHashMap<>();
        for (AlterReplicaLogDir dir : request.dirs()) {
            for (AlterReplicaLogDirTopic topic : dir.topics()) {
                AlterReplicaLogDirTopicResult result = byTopic.computeIfAbsent(topic.name(),
                        name -> new AlterReplicaLogDirTopicResult().setTopicName(name));
                for (int partition : topic.partitions()) {
                    TopicPartition tp = new TopicPartition(topic.name(), partition);
                    result.partitions().add(new AlterReplicaLogDirPartitionResult()
                            .setPartitionIndex(partition)
                            .setErrorCode(move(tp, dir.path(), logDir).code()));
                }
            }
        }
        return CompletableFuture.completedFuture(new AlterReplicaLogDirsResponseData()
                .setResults(new ArrayList<>(byTopic.values())));
    }

    private Errors move(TopicPartition tp, String destination, String logDir) {
        if (tp.toString().length() + FUTURE_DIR_SUFFIX_LENGTH > MAX_FILE_NAME_LENGTH) {
            return Errors.INVALID_TOPIC_EXCEPTION;
        }
        if (!logDir.equals(destination)) {
            return Errors.LOG_DIR_NOT_FOUND;
        }
        return broker.topics().partition(tp).isPresent() ? Errors.NONE : Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }
}
