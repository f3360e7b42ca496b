package io.lanes.broker.security.acl;

import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.lanes.broker.security.acl.AclIndexTest.acl;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

class AclStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldKeepAddedAndRemovedAclsWhenReloaded() {
        // given
        AclBinding odd = acl(GROUP, "gr oup/ü=x", PREFIXED, "User:a b", "::1", READ, ALLOW);
        AclBinding plain = acl(TOPIC, "orders", LITERAL, "User:alice", "*", WRITE, DENY);
        AclBinding gone = acl(TOPIC, "old", LITERAL, "User:alice", "*", READ, ALLOW);
        AclStore store = AclStore.load(dataDir);

        // when
        store.add(List.of(odd, plain, gone, plain));
        store.remove(List.of(gone));
        AclStore reloaded = AclStore.load(dataDir);

        // then
        assertThat(reloaded.all()).containsExactly(odd, plain);
    }

    @Test
    void shouldStartEmptyWhenTheDataDirectoryHasNoAcls() {
        assertThat(AclStore.load(dataDir).all()).isEmpty();
    }

    @Test
    void shouldParseSuperUsersSeparatedBySemicolons() {
        assertThat(AclAuthorizer.superUsers(" User:alice ; User:bob;;")).containsExactlyInAnyOrder("User:alice", "User:bob");
        assertThat(AclAuthorizer.superUsers(null)).isEmpty();
    }
}
