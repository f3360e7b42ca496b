package io.lanes.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClusterExtensionTest {

    static final Set<EmbeddedKafkaCluster> SEEN = ConcurrentHashMap.newKeySet();
    static final Set<String> BOOTSTRAP_SERVERS = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void shouldHaveSharedOneClusterWhenTwoClassesAskedForSameConfig() {
        // then
        assertThat(SEEN).hasSize(1);
        assertThat(BOOTSTRAP_SERVERS).hasSize(1);
    }

    @Nested
    class RegisteredOnStaticField {
        @RegisterExtension
        static KafkaClusterExtension cluster = KafkaClusterExtension.shared();

        @Test
        void shouldResolveRunningClusterWhenRegisteredOnStaticField(EmbeddedKafkaCluster running) {
            // when
            SEEN.add(running);
            BOOTSTRAP_SERVERS.add(cluster.bootstrapServers());

            // then
            assertThat(cluster.cluster()).isSameAs(running);
            assertThat(running.nodeIds()).allMatch(running::isRunning);
        }
    }

    @Nested
    @ExtendWith(KafkaClusterExtension.class)
    class ExtendedWithDefaults {
        @Test
        void shouldResolveSameClusterWhenExtendedWithDefaults(EmbeddedKafkaCluster running) {
            // when
            SEEN.add(running);
            BOOTSTRAP_SERVERS.add(running.bootstrapServers());

            // then
            assertThat(running.bootstrapServers().split(",")).hasSize(3);
        }
    }

    @Nested
    class LeftWithStoppedNode {
        @RegisterExtension
        static KafkaClusterExtension cluster = KafkaClusterExtension.shared();

        @Test
        void shouldStopNodeWhenTestStopsIt(EmbeddedKafkaCluster running) throws Exception {
            // when
            running.stopNode(3);

            // then
            assertThat(running.isRunning(3)).isFalse();
        }

        @AfterAll
        static void shouldRestartStoppedNodeWhenTestEnds() {
            // then
            assertThat(cluster.cluster().isRunning(3)).isTrue();
        }
    }
}
