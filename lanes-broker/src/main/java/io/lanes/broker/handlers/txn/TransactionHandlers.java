package io.lanes.broker.handlers.txn;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.broker.metadata.Features;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.runtime.SystemScheduler;
import io.lanes.coordinator.txn.TransactionConfig;
import io.lanes.coordinator.txn.TransactionCoordinator;
import io.lanes.coordinator.txn.TransactionRecords;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.ApiKeys;


/**
 * Starts the transaction coordinator and registers the transaction APIs: replays {@code __transaction_state}
 * if it exists (it is created on first use: compacted, {@code transaction.state.log.num.partitions} partitions,
 * {@code transaction.state.log.segment.bytes} segments) and completes the transactions a restart interrupted,
 * then serves InitProducerId, AddPartitionsToTxn (v0-v3), AddOffsetsToTxn, EndTxn (v0-v5), TxnOffsetCommit
 * (v0-v6, topic ids from v6), ListTransactions, DescribeTransactions and WriteTxnMarkers (for Admin's
 * abortTransaction). Both transaction protocol versions are served, per transaction: clients speak version 2 (KIP-890 part 2) when the
 * finalized {@code transaction.version} feature is 2, version 1 otherwise (and librdkafka always).
 */
public final class TransactionHandlers {
    private TransactionHandlers() {
    }

    /**
     * The running transaction coordinator.
     *
     * @param closer what to close at shutdown, before the logs: the coordinator and its timer thread
     */
    public record Started(TransactionCoordinator coordinator, InternalTopicLog stateTopic, AutoCloseable closer) {
    }

    /** Call after the group coordinator is loaded: completing interrupted transactions may settle offsets. */
    public static Started register(ApiDispatcher dispatcher, BrokerServices services, GroupCoordinator groups,
                                   InternalTopicLog offsetsTopic, Features features) {
        InternalTopicLog stateTopic = InternalTopicLog.configured(services.topics(), services.config(),
                Topic.TRANSACTION_STATE_TOPIC_NAME, "transaction.state.log");
        TransactionConfig config = services.config().transactionConfig(stateTopic.partitionCount());
        SystemScheduler scheduler = new SystemScheduler("lanes-transaction-coordinator");
        BrokerTxnMarkerWriter markers = new BrokerTxnMarkerWriter(services.topics(), groups);
        TransactionCoordinator coordinator = new TransactionCoordinator(config, stateTopic, scheduler,
                () -> services.producerIds().nextProducerId(), markers,
                () -> features.finalizedLevel(Features.TRANSACTION_VERSION));
        try {
            stateTopic.load(TransactionRecords::upgrade, (partition, producerId, key, value) -> coordinator.replay(key, value));
            coordinator.finishLoading();
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        dispatcher
                .register(ApiKeys.INIT_PRODUCER_ID, ServedVersions.INIT_PRODUCER_ID, new InitProducerIdHandler(services, coordinator))
                .register(ApiKeys.ADD_PARTITIONS_TO_TXN, (short) 0, AddPartitionsToTxnHandler.MAX_CLIENT_VERSION,
                        new AddPartitionsToTxnHandler(services, coordinator))
                .register(ApiKeys.ADD_OFFSETS_TO_TXN, ServedVersions.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(coordinator, groups, offsetsTopic))
                .register(ApiKeys.END_TXN, (short) 0, EndTxnHandler.MAX_VERSION, new EndTxnHandler(coordinator))
                .register(ApiKeys.TXN_OFFSET_COMMIT, ServedVersions.TXN_OFFSET_COMMIT,
                        new TxnOffsetCommitHandler(coordinator, groups, offsetsTopic, services.topics(), services.authorizer()))
                .register(ApiKeys.LIST_TRANSACTIONS, ServedVersions.LIST_TRANSACTIONS, new ListTransactionsHandler(coordinator, services.authorizer()))
                .register(ApiKeys.DESCRIBE_TRANSACTIONS, ServedVersions.DESCRIBE_TRANSACTIONS, new DescribeTransactionsHandler(coordinator, services.authorizer()))
                .register(ApiKeys.WRITE_TXN_MARKERS, ServedVersions.WRITE_TXN_MARKERS, new WriteTxnMarkersHandler(markers));
        return new Started(coordinator, stateTopic, () -> {
            coordinator.close();
            scheduler.close();
        });
    }
}
