package io.lanes.broker.security.acl;

import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lanes.broker.security.acl.AclIndexTest.acl;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclAuthorizerTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldAllowEverythingWhenNoAuthorizerIsConfigured() {
        // given
        AclAuthorizer authorizer = AclAuthorizer.create(Map.of("authorizer.class.name", ""), dataDir);

        // when / then
        assertThat(authorizer).isSameAs(AclAuthorizer.DISABLED);
        assertThat(authorizer.authorize(context("bob", ApiKeys.METADATA), DESCRIBE, TOPIC, "t")).isTrue();
    }

    @Test
    void shouldRefuseToStartWhenTheAuthorizerClassIsNotKafkasStandardAuthorizer() {
        assertThatThrownBy(() -> AclAuthorizer.create(Map.of("authorizer.class.name",
                "kafka.security.authorizer.AclAuthorizer"), dataDir)).isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldAllowSuperUsersAndApplyTheNoAclRuleToOthers() {
        // given
        AclStore store = AclStore.load(dataDir);
        store.add(List.of(acl(TOPIC, "named", LITERAL, "User:alice", "*", READ, ALLOW)));
        AclAuthorizer strict = AclAuthorizer.create(Map.of("authorizer.class.name", AclAuthorizer.STANDARD_AUTHORIZER,
                "super.users", "User:admin"), dataDir);
        AclAuthorizer lenient = AclAuthorizer.of(store, Set.of(), true);

        // when / then
        assertThat(strict.authorize(context("admin", ApiKeys.METADATA), DESCRIBE, TOPIC, "named")).isTrue();
        assertThat(strict.authorize(context("bob", ApiKeys.METADATA), DESCRIBE, TOPIC, "unnamed")).isFalse();
        assertThat(strict.authorize(context("alice", ApiKeys.METADATA), DESCRIBE, TOPIC, "named")).isTrue();
        assertThat(lenient.authorize(context("bob", ApiKeys.METADATA), DESCRIBE, TOPIC, "unnamed")).isTrue();
        assertThat(lenient.authorize(context("bob", ApiKeys.METADATA), DESCRIBE, TOPIC, "named")).isFalse();
    }

    @Test
    void shouldAnswerTheApisErrorWhenTheGuardRefusesAWholeRequest() {
        // given
        AclStore store = AclStore.load(dataDir);
        store.add(List.of(acl(TOPIC, "orders", LITERAL, "User:alice", "*", WRITE, ALLOW)));
        RequestGuard guard = new RequestGuard(AclAuthorizer.of(store, Set.of(), false));

        // when / then
        assertThatThrownBy(() -> guard.check(context("alice", ApiKeys.JOIN_GROUP),
                new JoinGroupRequestData().setGroupId("g"))).isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> guard.check(context("alice", ApiKeys.INIT_PRODUCER_ID),
                new InitProducerIdRequestData().setTransactionalId("tx")))
                .isInstanceOf(TransactionalIdAuthorizationException.class);
        assertThatThrownBy(() -> guard.check(context("bob", ApiKeys.INIT_PRODUCER_ID),
                new InitProducerIdRequestData().setTransactionalId(null)))
                .isInstanceOf(ClusterAuthorizationException.class);
        // alice may WRITE some topic, which is enough for an idempotent producer (Kafka 4)
        guard.check(context("alice", ApiKeys.INIT_PRODUCER_ID), new InitProducerIdRequestData().setTransactionalId(null));
        store.add(List.of(acl(GROUP, "g", LITERAL, "User:alice", "*", READ, ALLOW)));
        guard.check(context("alice", ApiKeys.JOIN_GROUP), new JoinGroupRequestData().setGroupId("g"));
    }

    private static RequestContext context(String user, ApiKeys api) {
        return new RequestContext(new RequestHeader(api, api.latestVersion(), "client", 1),
                new InetSocketAddress("127.0.0.1", 50000), null, RequestContext.UNKNOWN, RequestContext.UNKNOWN, null,
                new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user));
    }
}
