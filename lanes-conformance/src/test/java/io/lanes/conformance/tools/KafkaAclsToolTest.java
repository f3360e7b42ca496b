package io.lanes.conformance.tools;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code kafka-acls.sh} ({@code org.apache.kafka.tools.AclCommand}) adding, listing and removing ACLs
 * on Lanes run with Kafka's StandardAuthorizer and {@code allow.everyone.if.no.acl.found=true}, and
 * the ACLs surviving a SIGKILL and a clean restart: the anonymous client may still not describe a
 * topic whose only ACL is for another user.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaAclsToolTest {
    private static final String ACL_COMMAND = "org.apache.kafka.tools.AclCommand";
    private static final String ALICE_READS_ORDERS =
            "(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)";

    @TempDir
    static Path workDir;

    private static BrokerProcess broker;
    private static KafkaTools tools;

    @BeforeAll
    static void startBroker() {
        broker = BrokerProcess.start(BrokerProcess.Kind.LANES, workDir.resolve("broker"), Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found", "true"));
        tools = new KafkaTools(workDir.resolve("tools"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepAclsAddedByKafkaAclsAcrossKillAndRestartUntilRemoved() throws Exception {
        // given
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
        }

        // when
        ProcessResult added = acls("--add", "--allow-principal", "User:alice", "--operation", "Read",
                "--topic", "orders");
        broker.kill9();
        broker.start();
        ProcessResult listedAfterKill = acls("--list", "--topic", "orders");

        // then
        assertThat(added.exitCode()).as(added.describe()).isZero();
        assertThat(added.stdout()).as(added.describe()).contains(ALICE_READS_ORDERS);
        assertThat(listedAfterKill.exitCode()).as(listedAfterKill.describe()).isZero();
        assertThat(listedAfterKill.stdout()).as(listedAfterKill.describe())
                .contains("Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, "
                        + "patternType=LITERAL)`")
                .contains(ALICE_READS_ORDERS);
        try (Admin anonymous = admin()) {
            assertThatThrownBy(() -> anonymous.describeTopics(List.of("orders")).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }

        // when
        ProcessResult removed = acls("--remove", "--force", "--allow-principal", "User:alice", "--operation", "Read",
                "--topic", "orders");
        broker.stop();
        broker.start();
        ProcessResult listedAfterRestart = acls("--list");

        // then
        assertThat(removed.exitCode()).as(removed.describe()).isZero();
        assertThat(listedAfterRestart.exitCode()).as(listedAfterRestart.describe()).isZero();
        assertThat(listedAfterRestart.stdout()).as(listedAfterRestart.describe()).doesNotContain("User:alice");
        try (Admin anonymous = admin()) {
            assertThat(anonymous.describeTopics(List.of("orders")).allTopicNames().get()).containsKey("orders");
        }
    }

    private static ProcessResult acls(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return tools.run(ACL_COMMAND, all);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
    }
}
