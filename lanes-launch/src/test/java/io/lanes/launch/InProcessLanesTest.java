package io.lanes.launch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessLanesTest {

    @Test
    void shouldKeepTopicsAndPortWhenRestarted() throws Exception {
        // given
        try (InProcessLanes lanes = InProcessLanes.builder().freeHttpPort().start()) {
            int port = lanes.port();
            try (Admin admin = admin(lanes)) {
                admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get();
            }

            // when
            lanes.restart();

            // then
            assertThat(lanes.port()).isEqualTo(port);
            assertThat(Readiness.answersApiVersions("127.0.0.1", port, 2000)).isTrue();
            try (Admin admin = admin(lanes)) {
                Set<String> topics = admin.listTopics().names().get();
                assertThat(topics).contains("kept");
            }
        }
    }

    @Test
    void shouldDeleteTheTemporaryDataWhenClosed() throws Exception {
        // given
        InProcessLanes lanes = InProcessLanes.builder().tempDirPrefix("in-process-test-").freeHttpPort().start();
        Path dataDir = lanes.dataDir();
        assertThat(dataDir).isDirectory();

        // when
        lanes.close();

        // then
        assertThat(dataDir).doesNotExist();
        assertThat(Readiness.acceptsConnections(lanes.port())).isFalse();
    }

    @Test
    void shouldKeepTheCallersDataWhenClosed() throws Exception {
        // given
        Path dataDir = Directories.createTemp("in-process-own-");
        try {
            InProcessLanes lanes = InProcessLanes.builder()
                    .config("log.dirs", dataDir.toString())
                    .config("lanes.http.port", "0")
                    .start();

            // when
            lanes.close();

            // then
            assertThat(lanes.dataDir()).isEqualTo(dataDir);
            assertThat(dataDir).isNotEmptyDirectory();
        } finally {
            Directories.deleteRecursively(dataDir);
        }
    }

    private static Admin admin(InProcessLanes lanes) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, lanes.bootstrapServers()));
    }
}
