package io.lanes.broker.security.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

class AclIndexTest {
    private static final String ALICE = "User:alice";
    private static final String HOST = "10.0.0.1";

    @Test
    void shouldAllowWhenALiteralAllowNamesThePrincipalHostAndOperation() {
        // given
        AclIndex index = new AclIndex(List.of(acl(TOPIC, "orders", LITERAL, ALICE, "*", READ, ALLOW)));

        // when / then
        assertThat(index.authorize(ALICE, HOST, READ, TOPIC, "orders")).isEqualTo(AclIndex.Result.ALLOWED);
        assertThat(index.authorize(ALICE, HOST, WRITE, TOPIC, "orders")).isEqualTo(AclIndex.Result.DENIED);
        assertThat(index.authorize("User:bob", HOST, READ, TOPIC, "orders")).isEqualTo(AclIndex.Result.DENIED);
        assertThat(index.authorize(ALICE, HOST, READ, TOPIC, "orders2")).isEqualTo(AclIndex.Result.NO_ACL);
        assertThat(index.authorize(ALICE, HOST, READ, GROUP, "orders")).isEqualTo(AclIndex.Result.NO_ACL);
    }

    @Test
    void shouldLetDenyWinOverAllowWhenBothApply() {
        // given
        AclIndex index = new AclIndex(List.of(
                acl(TOPIC, "*", LITERAL, "User:*", "*", ALL, ALLOW),
                acl(TOPIC, "secret", PREFIXED, ALICE, HOST, READ, DENY)));

        // when / then
        assertThat(index.authorize(ALICE, HOST, READ, TOPIC, "secret-plans")).isEqualTo(AclIndex.Result.DENIED);
        assertThat(index.authorize(ALICE, "10.0.0.2", READ, TOPIC, "secret-plans")).isEqualTo(AclIndex.Result.ALLOWED);
        assertThat(index.authorize(ALICE, HOST, WRITE, TOPIC, "secret-plans")).isEqualTo(AclIndex.Result.ALLOWED);
        assertThat(index.authorize("User:bob", HOST, READ, TOPIC, "secret-plans")).isEqualTo(AclIndex.Result.ALLOWED);
    }

    @Test
    void shouldImplyDescribeFromReadWriteDeleteAlterOnlyInAllowEntries() {
        for (AclOperation granted : List.of(READ, WRITE, DELETE, ALTER)) {
            // given
            AclIndex allow = new AclIndex(List.of(acl(TOPIC, "t", LITERAL, ALICE, "*", granted, ALLOW)));
            AclIndex deny = new AclIndex(List.of(acl(TOPIC, "t", LITERAL, ALICE, "*", ALL, ALLOW),
                    acl(TOPIC, "t", LITERAL, ALICE, "*", granted, DENY)));

            // when / then
            assertThat(allow.authorize(ALICE, HOST, DESCRIBE, TOPIC, "t")).as(granted.name())
                    .isEqualTo(AclIndex.Result.ALLOWED);
            assertThat(deny.authorize(ALICE, HOST, DESCRIBE, TOPIC, "t")).as(granted.name())
                    .isEqualTo(AclIndex.Result.ALLOWED);
        }
        AclIndex alterConfigs = new AclIndex(List.of(acl(TOPIC, "t", LITERAL, ALICE, "*", ALTER_CONFIGS, ALLOW)));
        assertThat(alterConfigs.authorize(ALICE, HOST, DESCRIBE_CONFIGS, TOPIC, "t")).isEqualTo(AclIndex.Result.ALLOWED);
        assertThat(alterConfigs.authorize(ALICE, HOST, DESCRIBE, TOPIC, "t")).isEqualTo(AclIndex.Result.DENIED);
    }

    @Test
    void shouldMatchPrefixedPatternsButNotLiteralPrefixesWhenNamesDiffer() {
        // given
        AclIndex index = new AclIndex(List.of(
                acl(TOPIC, "app-", PREFIXED, ALICE, "*", WRITE, ALLOW),
                acl(TOPIC, "log", LITERAL, ALICE, "*", WRITE, ALLOW)));

        // when / then
        assertThat(index.authorize(ALICE, HOST, WRITE, TOPIC, "app-events")).isEqualTo(AclIndex.Result.ALLOWED);
        assertThat(index.authorize(ALICE, HOST, WRITE, TOPIC, "app")).isEqualTo(AclIndex.Result.NO_ACL);
        assertThat(index.authorize(ALICE, HOST, WRITE, TOPIC, "logs")).isEqualTo(AclIndex.Result.NO_ACL);
    }

    @Test
    void shouldAllowSomeResourceOfATypeUnlessADenyCoversEveryAllow() {
        // given
        AclIndex covered = new AclIndex(List.of(
                acl(TOPIC, "app-one", LITERAL, ALICE, "*", WRITE, ALLOW),
                acl(TOPIC, "app-", PREFIXED, ALICE, "*", WRITE, DENY)));
        AclIndex open = new AclIndex(List.of(
                acl(TOPIC, "app-one", LITERAL, ALICE, "*", WRITE, ALLOW),
                acl(TOPIC, "app-two", LITERAL, ALICE, "*", WRITE, DENY)));
        AclIndex wildcardDeny = new AclIndex(List.of(
                acl(TOPIC, "app-one", LITERAL, ALICE, "*", WRITE, ALLOW),
                acl(TOPIC, "*", LITERAL, "User:*", "*", WRITE, DENY)));

        // when / then
        assertThat(covered.allowsSomeResource(ALICE, HOST, WRITE, TOPIC)).isFalse();
        assertThat(open.allowsSomeResource(ALICE, HOST, WRITE, TOPIC)).isTrue();
        assertThat(wildcardDeny.allowsSomeResource(ALICE, HOST, WRITE, TOPIC)).isFalse();
        assertThat(open.allowsSomeResource(ALICE, HOST, READ, TOPIC)).isFalse();
    }

    static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                          AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, host, operation, permission));
    }
}
