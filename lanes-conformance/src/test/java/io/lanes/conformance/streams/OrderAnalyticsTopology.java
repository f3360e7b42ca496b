package io.lanes.conformance.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The order analytics of seed article 001 as a Kafka Streams topology with {@code exactly_once_v2}:
 *
 * <ul>
 *   <li>completed orders, keyed by user, are counted and summed per user in the persistent key-value store
 *       {@value #TOTALS_STORE} (backed by a changelog topic); every update goes to {@code <prefix>order_summaries}
 *       as {@code <count>,<totalCents>};</li>
 *   <li>they are also re-keyed to one key (through a repartition topic) and summed per 5-minute tumbling window
 *       of event time in the window store {@value #REVENUE_STORE}; every update goes to
 *       {@code <prefix>revenue_per_window} keyed by the window start (epoch ms) with the revenue so far.</li>
 * </ul>
 *
 * The record cache is off, so each completed order yields exactly one update on each output topic: an output
 * read with {@code read_committed} shows whether any order was counted twice or not at all.
 */
final class OrderAnalyticsTopology {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final String TOTALS_STORE = "user-order-totals";
    static final String REVENUE_STORE = "revenue-per-window";

    private OrderAnalyticsTopology() {
    }

    static String ordersTopic(String prefix) {
        return prefix + "order_events";
    }

    static String summariesTopic(String prefix) {
        return prefix + "order_summaries";
    }

    static String revenueTopic(String prefix) {
        return prefix + "revenue_per_window";
    }

    static Topology build(String prefix) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> completed = builder
                .stream(ordersTopic(prefix), Consumed.with(Serdes.String(), Serdes.String()))
                .filter((user, value) -> Order.isCompleted(value));

        completed.groupByKey()
                .aggregate(() -> "0,0",
                        (user, value, totals) -> {
                            String[] countAndTotal = totals.split(",");
                            return (Long.parseLong(countAndTotal[0]) + 1) + ","
                                    + (Long.parseLong(countAndTotal[1]) + Order.amountOf(value));
                        },
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(TOTALS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .toStream()
                .to(summariesTopic(prefix), Produced.with(Serdes.String(), Serdes.String()));

        completed.groupBy((user, value) -> "revenue", Grouped.with("all-orders", Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, Duration.ofHours(1)))
                .aggregate(() -> 0L, (key, value, revenue) -> revenue + Order.amountOf(value),
                        Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(REVENUE_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream()
                .map((window, revenue) -> KeyValue.pair(Long.toString(window.window().start()), Long.toString(revenue)))
                .to(revenueTopic(prefix), Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /**
     * The configuration of one instance: exactly_once_v2, one thread, commits every 100 ms, no record cache, and
     * short session and transaction timeouts so that a crashed instance's tasks and open transaction are taken
     * over within seconds.
     */
    static Properties config(String applicationId, String bootstrapServers, Path stateDir) {
        return config(applicationId, bootstrapServers, stateDir, "classic");
    }

    /**
     * The configuration with the given rebalance protocol: {@code classic}, or {@code streams} (KIP-1071, where the
     * broker assigns the tasks and the broker's group.streams.* configs set session timeout and heartbeat interval).
     */
    static Properties config(String applicationId, String bootstrapServers, Path stateDir, String groupProtocol) {
        Properties config = new Properties();
        config.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, groupProtocol);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 5_000);
        return config;
    }
}
