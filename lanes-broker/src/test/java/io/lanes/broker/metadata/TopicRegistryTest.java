package io.lanes.broker.metadata;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicRegistryTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldLoadAndRewriteTopicFileOfTheFirstLayout() throws Exception {
        // given: a topic file named after the topic, without a name property
        Uuid id = Uuid.randomUuid();
        Path topics = Files.createDirectories(dataDir.resolve(".lanes").resolve("topics"));
        Files.writeString(topics.resolve("orders.properties"),
                "topic.id=" + id + "\npartitions=3\nconfig.retention.ms=1000\n");

        // when
        TopicRegistry registry = TopicRegistry.load(dataDir);

        // then
        assertThat(registry.get("orders")).contains(new TopicInfo("orders", id, 3, Map.of("retention.ms", "1000")));
        assertThat(topics.resolve("orders.properties")).doesNotExist();
        assertThat(topics.resolve(id + ".properties")).exists();
        assertThat(TopicRegistry.load(dataDir).get(id)).isEqualTo(registry.get(id));
    }
}
