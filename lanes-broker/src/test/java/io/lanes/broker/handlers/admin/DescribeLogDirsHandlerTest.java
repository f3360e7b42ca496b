package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopicCollection;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DescribeLogDirsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private DescribeLogDirsHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new DescribeLogDirsHandler(broker.services);
        broker.createTopic("a", 2, Map.of());
        broker.createTopic("b", 1, Map.of());
        broker.append("a", 1, 3);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private DescribeLogDirsResult describe(List<DescribableLogDirTopic> topics) {
        DescribeLogDirsResponseData response = AdminFixture.call(handler, ApiKeys.DESCRIBE_LOG_DIRS,
                new DescribeLogDirsRequestData().setTopics(topics == null ? null
                        : new DescribableLogDirTopicCollection(topics.iterator())));
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.results()).hasSize(1);
        return response.results().get(0);
    }

    @Test
    void shouldDescribeEveryPartitionWhenTopicsAreNull() {
        // when
        DescribeLogDirsResult dir = describe(null);

        // then
        assertThat(Errors.forCode(dir.errorCode())).isEqualTo(Errors.NONE);
        assertThat(dir.logDir()).isEqualTo(dataDir.toAbsolutePath().toString());
        assertThat(dir.totalBytes()).isPositive();
        assertThat(dir.usableBytes()).isPositive().isLessThanOrEqualTo(dir.totalBytes());
        assertThat(dir.topics()).extracting(DescribeLogDirsTopic::name).containsExactly("a", "b");
        List<DescribeLogDirsPartition> a = dir.topics().get(0).partitions();
        assertThat(a).extracting(DescribeLogDirsPartition::partitionIndex).containsExactly(0, 1);
        assertThat(a.get(0).partitionSize()).isZero();
        assertThat(a.get(1).partitionSize()).isEqualTo(broker.log("a", 1).sizeInBytes()).isPositive();
        assertThat(a).allSatisfy(p -> {
            assertThat(p.offsetLag()).isZero();
            assertThat(p.isFutureKey()).isFalse();
        });
    }

    @Test
    void shouldDescribeOnlyRequestedPartitionsWhenTopicsAreGiven() {
        // when
        DescribeLogDirsResult dir = describe(List.of(
                new DescribableLogDirTopic().setTopic("a").setPartitions(List.of(1, 7)),
                new DescribableLogDirTopic().setTopic("missing").setPartitions(List.of(0))));

        // then
        assertThat(dir.topics()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("a");
            assertThat(t.partitions()).extracting(DescribeLogDirsPartition::partitionIndex).containsExactly(1);
        });
    }
}
