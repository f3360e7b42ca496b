package io.lanes.broker;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises, on helper threads (one per library), the libraries a broker start needs that depend on no
 * broker state: Kafka's message schemas, Micrometer's Prometheus registry and Netty's allocator and event loops. A
 * fresh JVM spends most of a start loading and initialising classes on one core; meanwhile the main thread reads the
 * configuration and opens the logs, so the second core does this part beside it (~6% of {@code lanes server}'s time
 * to its first answer on a 2-core machine, lanes-bench/README.md).
 *
 * <p>Each library is initialised by one thread only: {@link LanesBroker#start} awaits a library's helper before it
 * uses that library itself, so two threads never initialise classes of one library at the same time (a library
 * whose static initialisers form a cycle could otherwise deadlock). A helper that fails leaves it to the main
 * thread, which meets the same problem and reports it.
 *
 * <p>Thread-safety: {@link #begin} may be called from any thread, any number of times; the first call starts the
 * helpers, later calls (and later brokers in the same JVM) find the work done.
 */
public final class StartupPreload {

    private static final CompletableFuture<Void> KAFKA_SCHEMAS = new CompletableFuture<>();
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
        helper("kafka", KAFKA_SCHEMAS, () -> {
            ApiKeys.values();
            ApiMessageType.values();
        });
        helper("metrics", METRICS, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).close());
        helper("netty", NETTY, () -> {
            Objects.requireNonNull(PooledByteBufAllocator.DEFAULT); // its arenas, without allocating a chunk
            // A group opens its selector as the broker's event loops do; this one is shut down at once.
            new NioEventLoopGroup(1).shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        });
    }

    /** Waits until Kafka's message schemas are initialised (or their initialisation failed). */
    static void awaitKafkaSchemas() {
        await(KAFKA_SCHEMAS);
    }

    /** Waits until Micrometer's Prometheus registry classes are initialised (or that failed). */
    static void awaitMetrics() {
        await(METRICS);
    }

    /** Waits until Netty's allocator and event-loop classes are initialised (or that failed). */
    static void awaitNetty() {
        await(NETTY);
    }

    private static void helper(String library, CompletableFuture<Void> done, Runnable work) {
        Thread helper = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // Not reported here: the main thread initialises the same classes and fails with the real context.
            } finally {
                done.complete(null);
            }
        }, "lanes-preload-" + library);
        helper.setDaemon(true);
        helper.start();
    }

    private static void await(CompletableFuture<Void> step) {
        synchronized (StartupPreload.class) {
            if (!begun) {
                return;
            }
        }
        step.join();
    }
}
