package io.lanes.conformance.differential;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.launch.KafkaBroker;
import io.lanes.launch.KafkaNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SASL refusals seen by the Java client, Lanes beside Apache Kafka configured the same way (a
 * SASL_PLAINTEXT listener with PLAIN users from its JAAS config and SCRAM users created through
 * AlterUserScramCredentials): a wrong PLAIN password, a wrong SCRAM password and a mechanism the
 * listener does not enable must fail with the same exception and message on both; DescribeConfigs
 * hides the same security settings (the JAAS configs) and shows the others.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SaslDifferentialTest {
    private static final Map<String, String> SECURITY = Map.of(
            "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"bob-secret\";",
            "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;");

    @TempDir
    Path workDir;

    @Test
    void shouldRefuseWrongCredentialsAndDescribeSecuritySettingsAsKafkaDoes() throws Exception {
        // given
        Map<String, String> lanesSettings = new HashMap<>(SECURITY);
        lanesSettings.put("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0");
        lanesSettings.put("log.dirs", workDir.resolve("lanes").toString());
        lanesSettings.put("lanes.http.port", "0");
        Map<String, String> fromLanes;
        try (LanesBroker lanes = LanesBroker.start(BrokerConfig.from(lanesSettings))) {
            fromLanes = observations(lanes.bootstrapServers("PLAINTEXT"), lanes.bootstrapServers("SASL_PLAINTEXT"));
        }

        // when
        Map<String, String> fromKafka;
        try (KafkaBroker kafka = KafkaBroker.builder(workDir.resolve("kafka"))
                .name("apache-kafka")
                .listener("SASL_PLAINTEXT", "SASL_PLAINTEXT")
                .config(SECURITY)
                .jvmOptions(KafkaNode.quickStartJvmOptions("768m"))
                .start()) {
            fromKafka = observations(kafka.bootstrapServers(), kafka.bootstrapServers("SASL_PLAINTEXT"));
        }

        // then
        assertThat(fromLanes).isEqualTo(fromKafka);
        assertThat(fromLanes.get("wrong PLAIN password"))
                .isEqualTo("SaslAuthenticationException: Authentication failed: Invalid username or password");
        assertThat(fromLanes.get("described sasl.enabled.mechanisms"))
                .isEqualTo("sensitive=false value=PLAIN,SCRAM-SHA-256");
        assertThat(fromLanes.get("described listener.name.sasl_plaintext.plain.sasl.jaas.config"))
                .isEqualTo("sensitive=true value=null");
    }

    /**
     * What the Java Admin client reports for each attempt, by attempt, and how DescribeConfigs
     * shows each security setting (sensitive or not, and its value).
     */
    private static Map<String, String> observations(String plaintext, String sasl) throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintext))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("sam",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "sam-secret"))).all().get();
            String nodeId = admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
            Config described = admin.describeConfigs(List.of(node)).all().get().get(node);
            for (String name : new TreeSet<>(SECURITY.keySet())) {
                ConfigEntry entry = described.get(name);
                outcomes.put("described " + name, entry == null ? "absent"
                        : "sensitive=" + entry.isSensitive() + " value=" + entry.value());
            }
        }
        outcomes.put("right PLAIN password", attempt(sasl, "PLAIN",
                "org.apache.kafka.common.security.plain.PlainLoginModule", "bob", "bob-secret"));
        outcomes.put("wrong PLAIN password", attempt(sasl, "PLAIN",
                "org.apache.kafka.common.security.plain.PlainLoginModule", "bob", "wrong"));
        outcomes.put("right SCRAM password", attempt(sasl, "SCRAM-SHA-256",
                "org.apache.kafka.common.security.scram.ScramLoginModule", "sam", "sam-secret"));
        outcomes.put("wrong SCRAM password", attempt(sasl, "SCRAM-SHA-256",
                "org.apache.kafka.common.security.scram.ScramLoginModule", "sam", "wrong"));
        outcomes.put("unknown SCRAM user", attempt(sasl, "SCRAM-SHA-256",
                "org.apache.kafka.common.security.scram.ScramLoginModule", "nobody", "wrong"));
        outcomes.put("mechanism not enabled", attempt(sasl, "SCRAM-SHA-512",
                "org.apache.kafka.common.security.scram.ScramLoginModule", "sam", "sam-secret"));
        return outcomes;
    }

    private static String attempt(String bootstrap, String mechanism, String module, String user, String password) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, mechanism,
                SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\""
                        + password + "\";",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            admin.describeCluster().nodes().get();
            return "ok";
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
