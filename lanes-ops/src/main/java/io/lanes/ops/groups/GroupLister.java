package io.lanes.ops.groups;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;

/** Lists a cluster's consumer groups (classic and consumer protocol) with type and state. Thread-safe. */
public final class GroupLister {

    /** One group: id, protocol type ({@code classic} or {@code consumer}), state as Kafka names it. */
    public record GroupSummary(String group, String type, String state) {
    }

    private final Admin admin;
    private final Duration timeout;

    public GroupLister(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every consumer group, sorted by id. */
    public List<GroupSummary> list() throws ExecutionException, InterruptedException {
        ListGroupsOptions options = ListGroupsOptions.forConsumerGroups().timeoutMs((int) timeout.toMillis());
        try {
            return admin.listGroups(options).all().get().stream()
                    .map(GroupLister::summary)
                    .sorted(Comparator.comparing(GroupSummary::group))
                    .toList();
        } catch (ExecutionException e) {
            // ListGroups asks every broker; when none is found in time the Admin wraps the timeout
            if (e.getCause() instanceof KafkaException k && k.getCause() instanceof TimeoutException timeout) {
                throw new ExecutionException(timeout);
            }
            throw e;
        }
    }

    private static GroupSummary summary(GroupListing listing) {
        return new GroupSummary(listing.groupId(),
                listing.type().orElse(GroupType.UNKNOWN).toString().toLowerCase(Locale.ROOT),
                listing.groupState().orElse(GroupState.UNKNOWN).toString());
    }
}
