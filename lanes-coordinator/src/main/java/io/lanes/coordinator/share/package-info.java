/**
 * Share groups (KIP-932) and Lanes' key-ordered share groups: the share-partition state machine
 * ({@link io.lanes.coordinator.share.SharePartition}), its durable form in {@code __share_group_state}
 * ({@link io.lanes.coordinator.share.ShareStateRecords}, {@link io.lanes.coordinator.share.ShareStateStore}) and
 * share group membership ({@link io.lanes.coordinator.share.ShareGroups}).
 *
 * <h2>Key-ordered share groups ({@code lanes.share.ordering=key})</h2>
 * A share group with this group config keeps Kafka's share group protocol and clients (an unmodified
 * {@code KafkaShareConsumer}); only which records the broker hands out changes:
 * <ul>
 *   <li><b>One at a time per key.</b> A record is acquired only when every earlier record of its key in its
 *       partition (from the share-partition start offset) is final: accepted, rejected, or archived (delivery count
 *       limit reached). So two records of one key are never acquired at once, not even in one fetch for one
 *       consumer, and a key's records are delivered, and can only be accepted, in offset order.</li>
 *   <li><b>Release, lock expiry, consumer crash.</b> A record released by its consumer, whose acquisition lock
 *       expires ({@code share.record.lock.duration.ms}) or whose consumer leaves or times out, is available again
 *       and, being the earliest unfinished record of its key, is the next record of that key delivered (with its
 *       delivery count increased). Later records of the key wait meanwhile.</li>
 *   <li><b>Delivery count limit.</b> A record released (or expired) after its {@code share.delivery.count.limit}-th
 *       delivery is archived, as in Kafka; archiving is final, so the key's next record becomes available. The key
 *       order therefore holds for the records that are processed; an archived record is skipped, not reordered.
 *       A rejected record, or one archived at the limit, also goes to the group's dead-letter queue when it has one
 *       (KIP-1191, {@link io.lanes.coordinator.share.DeadLetter}), written before the archive, so a key's dead
 *       letters appear in the DLQ partition in the key's order.</li>
 *   <li><b>Null keys.</b> Records without a key are unordered: each is its own key, so they flow to any consumer
 *       in parallel. A producer that sends no key asks for no order (Kafka's partitioner spreads such records over
 *       partitions), and one shared "null key" would serialise every keyless record of a partition.</li>
 *   <li><b>Other keys keep flowing.</b> A key that waits (a slow consumer, a held lock) blocks only its own later
 *       records; records of other keys behind it are acquired by other consumers, within the share-partition's
 *       in-flight limit ({@code group.share.partition.max.record.locks}, default 2000): once that many records
 *       from the start offset are tracked, nothing further is read until the start offset moves.</li>
 *   <li><b>Partitions.</b> Order is per partition, as for consumer groups: after partitions are added, a key's new
 *       records may land in another partition and form an independent sequence there.</li>
 *   <li><b>Restart.</b> Acknowledgements are durable before they are answered; after a broker restart what was
 *       acquired is available again with the delivery count last written, and the key order rule applies to it
 *       as to a released record. The broker hands out no record of a key-ordered share-partition while one of its
 *       state changes is written but not yet durable, so a key's next record never goes out before its
 *       predecessor's settlement would survive a crash.</li>
 * </ul>
 * With {@code lanes.share.ordering=none} (the default) a share group behaves as Kafka's.
 */
package io.lanes.coordinator.share;
