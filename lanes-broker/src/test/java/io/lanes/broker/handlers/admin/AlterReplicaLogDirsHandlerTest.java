package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDir;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDirTopic;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlterReplicaLogDirsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private AlterReplicaLogDirsHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new AlterReplicaLogDirsHandler(broker.services);
        broker.createTopic("orders", 2, Map.of());
        broker.append("orders", 0, 3);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Errors move(String path, String topic, int partition) {
        AlterReplicaLogDirsRequestData request = new AlterReplicaLogDirsRequestData();
        AlterReplicaLogDir dir = new AlterReplicaLogDir().setPath(path);
        dir.topics().add(new AlterReplicaLogDirTopic().setName(topic).setPartitions(List.of(partition)));
        request.dirs().add(dir);
        AlterReplicaLogDirsResponseData response = AdminFixture.call(handler, ApiKeys.ALTER_REPLICA_LOG_DIRS, request);
        assertThat(response.results()).singleElement().satisfies(t -> assertThat(t.topicName()).isEqualTo(topic));
        return Errors.forCode(response.results().get(0).partitions().get(0).errorCode());
    }

    @Test
    void shouldSucceedAndKeepTheDataWhenMovedToTheDirectoryItIsIn() throws Exception {
        // given
        Path partitionDir = broker.log("orders", 0).dir();

        // when
        Errors error = move(dataDir.toAbsolutePath().toString(), "orders", 0);

        // then
        assertThat(error).isEqualTo(Errors.NONE);
        assertThat(broker.log("orders", 0).logEndOffset()).isEqualTo(3);
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith("-future"));
        assertThat(partitionDir).isDirectory();
    }

    @Test
    void shouldAnswerLogDirNotFoundWhenDirectoryIsNotTheLogDirEvenForUnknownPartitions(@TempDir Path elsewhere) {
        // when / then
        assertThat(move(elsewhere.toAbsolutePath().toString(), "orders", 0)).isEqualTo(Errors.LOG_DIR_NOT_FOUND);
        assertThat(move(elsewhere.toAbsolutePath().toString(), "nope", 0)).isEqualTo(Errors.LOG_DIR_NOT_FOUND);
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionWhenPartitionIsNotHosted() {
        // when / then
        assertThat(move(dataDir.toAbsolutePath().toString(), "orders", 5)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(move(dataDir.toAbsolutePath().toString(), "nope", 0)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void shouldAnswerInvalidTopicWhenFutureDirectoryNameWouldBeTooLong() {
        // given: 249 characters is a valid topic name, but "<topic>-0.<uuid>-future" passes 255
        String longName = "x".repeat(249);

        // when / then
        assertThat(move(dataDir.toAbsolutePath().toString(), longName, 0)).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }
}
