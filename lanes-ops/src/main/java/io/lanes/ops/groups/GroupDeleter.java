package io.lanes.ops.groups;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Deletes a consumer group and its committed offsets. As in Kafka, only a group without active
 * members can be deleted ({@link GroupNotEmptyException}); an unknown group is a
 * {@link GroupIdNotFoundException}. Thread-safe (Admin is).
 */
public final class GroupDeleter {
    private final Admin admin;
    private final Duration timeout;

    public GroupDeleter(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public void delete(String group) throws ExecutionException, InterruptedException {
        try {
            admin.deleteConsumerGroups(List.of(group),
                    new DeleteConsumerGroupsOptions().timeoutMs((int) timeout.toMillis())).all().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new ExecutionException(GroupLookup.unknownGroup(group));
            }
            if (e.getCause() instanceof GroupNotEmptyException) {
                throw new ExecutionException(new GroupNotEmptyException("group '" + group
                        + "' has active members: stop its consumers before deleting it"));
            }
            throw e;
        }
    }
}
