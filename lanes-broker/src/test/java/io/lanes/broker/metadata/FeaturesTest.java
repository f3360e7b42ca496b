package io.lanes.broker.metadata;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Feature flags through the Java Admin: ApiVersions' features, UpdateFeatures, durability across a restart. */
class FeaturesTest {
    @TempDir
    Path dataDir;

    private LanesBroker broker;

    @AfterEach
    void tearDown() {
        if (broker != null) {
            broker.close();
        }
    }

    private Admin start(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>(settings);
        props.put("listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("log.dirs", dataDir.toString());
        try {
            broker = LanesBroker.start(BrokerConfig.from(props));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private void restart() {
        broker.close();
        broker = null;
    }

    @Test
    void shouldReportSupportedAndFinalizedFeaturesWhenAdminDescribesFeatures() throws Exception {
        // given
        try (Admin admin = start(Map.of())) {
            // when
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get();

            // then
            assertThat(features.supportedFeatures()).containsEntry("metadata.version",
                            new SupportedVersionRange((short) BrokerConfig.METADATA_VERSION_LEVEL,
                                    (short) BrokerConfig.METADATA_VERSION_LEVEL))
                    .containsEntry("transaction.version",
                            new SupportedVersionRange((short) 0, (short) BrokerConfig.MAX_TRANSACTION_VERSION))
                    .containsEntry("group.version", new SupportedVersionRange((short) 0, (short) 1))
                    .containsEntry("streams.version", new SupportedVersionRange((short) 0, (short) 1))
                    .containsEntry("share.version", new SupportedVersionRange((short) 0, (short) 2))
                    .doesNotContainKeys("kraft.version");
            assertThat(features.finalizedFeatures()).containsEntry("metadata.version",
                            new FinalizedVersionRange((short) BrokerConfig.METADATA_VERSION_LEVEL,
                                    (short) BrokerConfig.METADATA_VERSION_LEVEL))
                    .containsEntry("transaction.version", new FinalizedVersionRange(
                            (short) BrokerConfig.MAX_TRANSACTION_VERSION, (short) BrokerConfig.MAX_TRANSACTION_VERSION))
                    .containsEntry("group.version", new FinalizedVersionRange((short) 1, (short) 1))
                    .containsEntry("share.version", new FinalizedVersionRange((short) 2, (short) 2));
        }
    }

    @Test
    void shouldReportNoShareVersionWhenShareGroupsAreTurnedOff() throws Exception {
        // given
        try (Admin admin = start(Map.of("lanes.share.groups.enable", "false"))) {
            // when
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get();

            // then
            assertThat(features.supportedFeatures()).doesNotContainKey("share.version");
            assertThat(features.finalizedFeatures()).doesNotContainKey("share.version");
        }
    }

    @Test
    void shouldKeepDowngradedLevelWhenBrokerRestarts() throws Exception {
        // given
        try (Admin admin = start(Map.of())) {
            long epochBefore = admin.describeFeatures().featureMetadata().get().finalizedFeaturesEpoch().orElseThrow();

            // when
            admin.updateFeatures(Map.of("group.version",
                    new FeatureUpdate((short) 0, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                    new UpdateFeaturesOptions()).all().get();
            FeatureMetadata after = admin.describeFeatures().featureMetadata().get();

            // then
            assertThat(after.finalizedFeatures()).doesNotContainKey("group.version");
            assertThat(after.finalizedFeaturesEpoch()).hasValue(epochBefore + 1);
        }
        restart();
        try (Admin admin = start(Map.of())) {
            assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures())
                    .doesNotContainKey("group.version");
        }
    }

    @Test
    void shouldChangeNothingWhenUpdateIsValidateOnly() throws Exception {
        // given
        try (Admin admin = start(Map.of())) {
            // when
            admin.updateFeatures(Map.of("group.version",
                    new FeatureUpdate((short) 0, FeatureUpdate.UpgradeType.UNSAFE_DOWNGRADE)),
                    new UpdateFeaturesOptions().validateOnly(true)).all().get();

            // then
            assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures())
                    .containsEntry("group.version", new FinalizedVersionRange((short) 1, (short) 1));
        }
    }

    @Test
    void shouldRefuseWithKafkasErrorsWhenFeatureIsUnknownOrLevelUnsupportedOrDowngradeNotAllowed() {
        // given
        try (Admin admin = start(Map.of())) {
            // when / then
            assertThatThrownBy(() -> update(admin, "no.such.feature", 1, FeatureUpdate.UpgradeType.UPGRADE))
                    .hasCauseInstanceOf(InvalidUpdateVersionException.class)
                    .hasMessageContaining("Invalid update version 1 for feature no.such.feature")
                    .hasMessageContaining("does not support this feature");
            assertThatThrownBy(() -> update(admin, "group.version", 7, FeatureUpdate.UpgradeType.UPGRADE))
                    .hasCauseInstanceOf(InvalidUpdateVersionException.class)
                    .hasMessageContaining("only supports versions [0-1]");
            assertThatThrownBy(() -> update(admin, "metadata.version", BrokerConfig.METADATA_VERSION_LEVEL - 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE))
                    .hasCauseInstanceOf(InvalidUpdateVersionException.class)
                    .hasMessageContaining("only supports versions [" + BrokerConfig.METADATA_VERSION_LEVEL + "-"
                            + BrokerConfig.METADATA_VERSION_LEVEL + "]");
        }
    }

    @Test
    void shouldRefuseDowngradeWhenUpgradeTypeIsUpgrade(@TempDir Path dir) {
        // given
        Features features = Features.load(dir).register("group.version", 0, 1, 1);

        // when
        Features.Result result = features.update(Map.of("group.version",
                Map.entry((short) 0, Features.UpgradeType.UPGRADE)), false);

        // then
        assertThat(result.error()).isEqualTo(org.apache.kafka.common.protocol.Errors.INVALID_UPDATE_VERSION);
        assertThat(result.message()).isEqualTo("Invalid update version 0 for feature group.version. Can't downgrade "
                + "the version of this feature without setting the upgrade type to either safe or unsafe downgrade.");
        assertThat(features.finalizedLevel("group.version")).isEqualTo((short) 1);
    }

    @Test
    void shouldFinalizeTheConfiguredTransactionVersionWhenNoUpdateWasMade() throws Exception {
        // given
        try (Admin admin = start(Map.of(BrokerConfig.TRANSACTION_VERSION, "1"))) {
            // when
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get();

            // then
            assertThat(features.finalizedFeatures())
                    .containsEntry("transaction.version", new FinalizedVersionRange((short) 1, (short) 1));
        }
    }

    @Test
    void shouldKeepProducerEpochAcrossTransactionsOnlyWhenTransactionVersionIsOne() throws Exception {
        // given
        try (Admin admin = start(Map.of(BrokerConfig.TRANSACTION_VERSION, "1"))) {
            admin.createTopics(List.of(new NewTopic("tv", 1, (short) 1))).all().get();

            // when: two committed transactions under version 1, then two under version 2
            short epochUnderVersionOne = epochAfterTwoTransactions(admin, "tv-one");
            update(admin, "transaction.version", 2, FeatureUpdate.UpgradeType.UPGRADE);
            short epochUnderVersionTwo = epochAfterTwoTransactions(admin, "tv-two");

            // then: version 1 keeps the epoch of InitProducerId; version 2 bumps it at every commit
            assertThat(epochUnderVersionOne).isEqualTo((short) 0);
            assertThat(epochUnderVersionTwo).isEqualTo((short) 2);
        }
    }

    /** The epoch DescribeProducers reports for a new transactional producer after it committed twice. */
    private short epochAfterTwoTransactions(Admin admin, String transactionalId) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            for (int i = 0; i < 2; i++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tv", 0, transactionalId, "v" + i)).get();
                producer.commitTransaction();
            }
            long producerId = admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get()
                    .producerId();
            TopicPartition tp = new TopicPartition("tv", 0);
            return (short) admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers().stream()
                    .filter(p -> p.producerId() == producerId).findFirst().orElseThrow().producerEpoch();
        }
    }

    private static void update(Admin admin, String feature, int level, FeatureUpdate.UpgradeType type)
            throws ExecutionException, InterruptedException {
        admin.updateFeatures(Map.of(feature, new FeatureUpdate((short) level, type)), new UpdateFeaturesOptions())
                .all().get();
    }
}
