package io.lanes.broker;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises, on helper threads, what a broker start needs that depends on no broker state: Kafka's
 * message schemas, Kafka's security settings, Micrometer's Prometheus registry, Netty's allocator and event loops
 * (one thread each). A fresh JVM spends most of a start loading and initialising classes on one core; meanwhile the
 * main thread reads the configuration and opens the logs, so the second core does this part beside it (~6% of
 * {@code lanes server}'s time to its first answer on a 2-core machine, lanes-bench/README.md, "Fourth pass").
 *
 * <p>Each part is initialised by its helper only: {@link LanesBroker#start} awaits a part's helper before it uses
 * those classes itself, so no two threads enter one library's classes from different sides at the same time
 * (static initialisers that need each other, entered from two threads, would deadlock). Threads meet only in classes
 * every part uses (the JDK's, small utility classes), where one waits for the other. A helper that fails leaves it to
 * the main thread, which meets the same problem and reports it.
 *
 * <p>Thread-safety: {@link #begin} may be called from any thread, any number of times; the first call starts the
 * helpers, later calls (and later brokers in the same JVM) find the work done.
 */
public final class StartupPreload {

    private static final CompletableFuture<Void> KAFKA_SCHEMAS = new CompletableFuture<>();
    private static final CompletableFuture<Void> KAFKA_SECURITY_CONFIGS = new CompletableFuture<>();
    private static final CompletableFuture<Void> METRICS = new CompletableFuture<>();
    private static final CompletableFuture<Void> NETTY = new CompletableFuture<>();
    private static boolean begun;

    private StartupPreload() {
    }

    /** Starts the helper threads unless they ran already. */
    public static synchronized void begin() {
        if (begun) {
            return;
        }
        begun = true;
        // slf4j binds on this thread first: Netty and Micrometer log from the helpers, and loggers asked for while
        // another thread binds would be stand-ins whose events slf4j replays with a warning on stderr.
        LoggerFactory.getILoggerFactory();
        helper("kafka-messages", KAFKA_SCHEMAS, () -> {
            ApiKeys.values();
            ApiMessageType.values();
        });
        // The listeners' security settings: Kafka's defaults ask the JDK's security providers for the key and trust
        // manager algorithms, whose first use reads the JDK's security configuration.
        helper("kafka-security", KAFKA_SECURITY_CONFIGS, () -> Objects.requireNonNull(BrokerSecurityConfigs.CONFIG_DEF));
        helper("metrics", METRICS, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).close());
        helper("netty", NETTY, () -> {
            Objects.requireNonNull(PooledByteBufAllocator.DEFAULT); // its arenas, without allocating a chunk
            // A group opens its selector as the broker's event loops do; this one is shut down at once.
            new NioEventLoopGroup(1).shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        });
    }

    // LanesBroker.start calls the awaits after begin(), so every part has a helper that completes it.

    /** Waits until Kafka's message schemas are initialised (or their initialisation failed). */
    static void awaitKafkaSchemas() {
        KAFKA_SCHEMAS.join();
    }

    /** Waits until Kafka's security settings (listener configs) are initialised (or that failed). */
    static void awaitKafkaSecurityConfigs() {
        KAFKA_SECURITY_CONFIGS.join();
    }

    /** Waits until Micrometer's Prometheus registry classes are initialised (or that failed). */
    static void awaitMetrics() {
        METRICS.join();
    }

    /** Waits until Netty's allocator and event-loop classes are initialised (or that failed). */
    static void awaitNetty() {
        NETTY.join();
    }

    /** Runs {@code work} on a daemon thread of its own, completing {@code done} however it ends. */
    private static void helper(String part, CompletableFuture<Void> done, Runnable work) {
        Thread helper = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // Not reported here: the main thread initialises the same classes and fails with the real context.
            } finally {
                done.complete(null);
            }
        }, "lanes-preload-" + part);
        helper.setDaemon(true);
        helper.start();
    }
}
