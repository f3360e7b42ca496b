package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs, as Kafka's {@code ReplicaManager.describeLogDirs}: the one log directory
 * (the data directory, as an absolute path) with, for every partition asked for (all of them
 * when {@code topics} is null), its size in bytes, offset lag 0 (the only replica is the
 * leader) and no future replica. Topics with no partition to report are left out. The total and
 * usable bytes of the directory's file store are reported (v4+; {@code Long.MAX_VALUE} when the
 * store reports an overflow, as Kafka); a directory that cannot be read gets KAFKA_STORAGE_ERROR.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequestData> {
    private static final Logger log = LoggerFactory.getLogger(DescribeLogDirsHandler.class);

    private final BrokerServices broker;

    public DescribeLogDirsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<DescribeLogDirsResponseData> handle(RequestContext context,
                                                                DescribeLogDirsRequestData request) {
        Set<TopicPartition> wanted = null;
        if (request.topics() != null) {
            wanted = new HashSet<>();
            for (DescribableLogDirTopic topic : request.topics()) {
                for (int partition : topic.partitions()) {
                    wanted.add(new TopicPartition(topic.topic(), partition));
                }
            }
        }
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        response.results().add(describe(broker.dataDir().toAbsolutePath(), wanted));
        return CompletableFuture.completedFuture(response);
    }

    private DescribeLogDirsResult describe(Path dir, Set<TopicPartition> wanted) {
        DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
        try {
            FileStore store = Files.getFileStore(dir);
            result.setTotalBytes(orMax(store.getTotalSpace())).setUsableBytes(orMax(store.getUsableSpace()));
        } catch (IOException e) {
            log.warn("Unable to describe log dir {}", dir, e);
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
        Map<String, DescribeLogDirsTopic> topics = new TreeMap<>();
        List<PartitionLog> logs = broker.logs().all().stream()
                .sorted(Comparator.comparing((PartitionLog l) -> l.topicPartition().topic())
                        .thenComparingInt(l -> l.topicPartition().partition()))
                .toList();
        for (PartitionLog partitionLog : logs) {
            TopicPartition tp = partitionLog.topicPartition();
            if (wanted != null && !wanted.contains(tp)) {
                continue;
            }
            topics.computeIfAbsent(tp.topic(), name -> new DescribeLogDirsTopic().setName(name))
                    .partitions().add(new DescribeLogDirsPartition()
                            .setPartitionIndex(tp.partition())
                            .setPartitionSize(partitionLog.sizeInBytes())
                            .setOffsetLag(0)
                            .setIsFutureKey(false));
        }
        result.topics().addAll(topics.values());
        return result.setErrorCode(Errors.NONE.code());
    }

    /** A file store larger than {@code Long.MAX_VALUE} bytes reports a negative size. */
    private static long orMax(long bytes) {
        return bytes < 0 ? Long.MAX_VALUE : bytes;
    }
}
