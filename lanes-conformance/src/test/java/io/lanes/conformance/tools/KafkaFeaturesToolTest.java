package io.lanes.conformance.tools;

import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kafka-features.sh} ({@code org.apache.kafka.tools.FeatureCommand}): describe, upgrade and downgrade of
 * the finalized features. Every test leaves {@code transaction.version} at 2, where it found it.
 */
class KafkaFeaturesToolTest {

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static KafkaTools tools;

    @BeforeAll
    static void startBroker() {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        tools = new KafkaTools(workDir.resolve("tools"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldShowTransactionAndGroupVersionsWhenKafkaFeaturesDescribes() {
        // when
        ProcessResult result = features("describe");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(feature(result, "transaction.version")).as(result.describe()).hasValueSatisfying(row ->
                assertThat(row).containsEntry("SupportedMinVersion", "0").containsEntry("SupportedMaxVersion", "2")
                        .containsEntry("FinalizedVersionLevel", "2"));
        assertThat(feature(result, "group.version")).as(result.describe()).hasValueSatisfying(row ->
                assertThat(row).containsEntry("FinalizedVersionLevel", "1"));
        assertThat(feature(result, "metadata.version")).as(result.describe()).hasValueSatisfying(row ->
                assertThat(row.get("FinalizedVersionLevel")).startsWith("4."));
    }

    @Test
    void shouldDowngradeThenUpgradeTransactionVersionWhenKafkaFeaturesDowngradesAndUpgrades() {
        // when
        ProcessResult downgraded = features("downgrade", "--feature", "transaction.version=1");
        ProcessResult afterDowngrade = features("describe");
        ProcessResult upgraded = features("upgrade", "--feature", "transaction.version=2");
        ProcessResult afterUpgrade = features("describe");

        // then
        assertThat(downgraded.exitCode()).as(downgraded.describe()).isZero();
        assertThat(downgraded.stdout()).as(downgraded.describe()).contains("transaction.version was downgraded to 1.");
        assertThat(feature(afterDowngrade, "transaction.version")).as(afterDowngrade.describe())
                .hasValueSatisfying(row -> assertThat(row).containsEntry("FinalizedVersionLevel", "1"));
        assertThat(upgraded.exitCode()).as(upgraded.describe()).isZero();
        assertThat(upgraded.stdout()).as(upgraded.describe()).contains("transaction.version was upgraded to 2.");
        assertThat(feature(afterUpgrade, "transaction.version")).as(afterUpgrade.describe())
                .hasValueSatisfying(row -> assertThat(row).containsEntry("FinalizedVersionLevel", "2"));
    }

    @Test
    void shouldChangeNothingWhenKafkaFeaturesDowngradesWithDryRun() {
        // when
        ProcessResult dryRun = features("downgrade", "--feature", "transaction.version=1", "--dry-run");
        ProcessResult after = features("describe");

        // then
        assertThat(dryRun.exitCode()).as(dryRun.describe()).isZero();
        assertThat(dryRun.stdout()).as(dryRun.describe()).contains("transaction.version can be downgraded to 1.");
        assertThat(feature(after, "transaction.version")).as(after.describe())
                .hasValueSatisfying(row -> assertThat(row).containsEntry("FinalizedVersionLevel", "2"));
    }

    @Test
    void shouldFailWithInvalidUpdateVersionWhenKafkaFeaturesUpgradesUnsupportedLevel() {
        // when
        ProcessResult result = features("upgrade", "--feature", "transaction.version=3");

        // then
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).as(result.describe())
                .contains("Could not upgrade transaction.version to 3")
                .contains("Invalid update version 3 for feature transaction.version");
    }

    private static ProcessResult features(String... args) {
        String[] line = new String[args.length + 2];
        line[0] = "--bootstrap-server";
        line[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, line, 2, args.length);
        return tools.run(KafkaTools.FEATURES, line);
    }

    /** The describe line of one feature ({@code Feature: x<TAB>Key: value...}) as key to value. */
    private static Optional<Map<String, String>> feature(ProcessResult described, String name) {
        return described.stdout().lines().map(KafkaFeaturesToolTest::fields)
                .filter(row -> name.equals(row.get("Feature"))).findFirst();
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> row = new LinkedHashMap<>();
        // Kafka 4.1 separates the fields with tabs, 4.4 pads them with spaces
        Arrays.stream(line.split("\t|\\s{2,}")).map(String::trim).filter(f -> f.contains(": ")).forEach(f -> {
            int colon = f.indexOf(": ");
            row.put(f.substring(0, colon), f.substring(colon + 2).trim());
        });
        return row;
    }
}
