package io.lanes.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterIdentityTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldWriteMetaPropertiesThatJavaPropertiesReadAndKeepTheIdAcrossRestarts() throws Exception {
        // when
        ClusterIdentity first = ClusterIdentity.loadOrCreate(dataDir, 3);
        ClusterIdentity again = ClusterIdentity.loadOrCreate(dataDir, 3);

        // then
        Properties written = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("meta.properties"))) {
            written.load(in);
        }
        assertThat(written).containsEntry("version", "1").containsEntry("cluster.id", first.clusterId())
                .containsEntry("node.id", "3").hasSize(3);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void shouldMakeDistinctVersion4IdsAsKafkaDoes() {
        // when
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(ClusterIdentity.newClusterId());
        }

        // then
        assertThat(ids).hasSize(1_000).allSatisfy(id -> {
            assertThat(id).doesNotStartWith("-").hasSize(22);
            Uuid uuid = Uuid.fromString(id);
            UUID java = new UUID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            assertThat(java.version()).isEqualTo(4);
            assertThat(java.variant()).isEqualTo(2);
        });
    }
}
