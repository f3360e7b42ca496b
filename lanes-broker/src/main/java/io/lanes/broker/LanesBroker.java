package io.lanes.broker;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.Endpoint;
import io.lanes.broker.security.AuthenticationMetrics;
import io.lanes.broker.security.ListenerSecurity;
import io.lanes.broker.quota.AlterClientQuotasHandler;
import io.lanes.broker.quota.ClientQuotaStore;
import io.lanes.broker.quota.ClientQuotas;
import io.lanes.broker.quota.DescribeClientQuotasHandler;
import io.lanes.broker.quota.QuotaEnforcer;
import io.lanes.broker.security.ScramCredentialStore;
import io.lanes.broker.security.SecurityHandlers;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.broker.security.acl.RequestGuard;
import io.lanes.broker.fetch.DelayedFetches;
import io.lanes.broker.handlers.ApiVersionsHandler;
import io.lanes.broker.handlers.DescribeProducersHandler;
import io.lanes.broker.handlers.DescribeTopicPartitionsHandler;
import io.lanes.broker.handlers.FetchHandler;
import io.lanes.broker.handlers.FindCoordinatorHandler;
import io.lanes.broker.handlers.ListOffsetsHandler;
import io.lanes.broker.handlers.MetadataHandler;
import io.lanes.broker.handlers.OffsetForLeaderEpochHandler;
import io.lanes.broker.handlers.ProduceHandler;
import io.lanes.broker.handlers.admin.UpdateFeaturesHandler;
import io.lanes.broker.handlers.group.GroupHandlers;
import io.lanes.broker.handlers.txn.TransactionHandlers;
import io.lanes.broker.share.GroupConfigStore;
import io.lanes.broker.share.ShareHandlers;
import io.lanes.broker.metadata.ClusterIdentity;
import io.lanes.broker.metadata.Features;
import io.lanes.broker.metadata.ProducerIdManager;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.broker.metadata.TopicRegistry;
import io.lanes.broker.network.KafkaServer;
import io.lanes.broker.network.RequestMetrics;
import io.lanes.broker.telemetry.ClientTelemetry;
import io.lanes.broker.telemetry.ClientTelemetryService;
import io.lanes.broker.handlers.ProduceObserver;
import io.lanes.broker.dashboard.GroupTimelines;
import io.lanes.broker.http.BrokerHttp;
import io.lanes.broker.http.HttpServer;
import io.lanes.broker.hotkeys.HotKeys;
import io.lanes.broker.dashboard.OverviewBuilder;
import io.lanes.broker.metrics.BrokerMetrics;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.txn.TransactionCoordinator;
import io.lanes.storage.LogManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A running Lanes broker: the partition logs, the topic metadata and the Kafka protocol
 * listener. Start it with {@link #start}, stop it with {@link #close} (a clean shutdown, so
 * the next start needs no recovery).
 *
 * <p>Thread-safe. Many brokers may run in one JVM, each with its own data directory and port.
 */
public final class LanesBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LanesBroker.class);

    private final BrokerConfig config;
    private final LogManager logs;
    private final KafkaServer server;
    private final BrokerServices services;
    private final BrokerMetrics metrics;
    private final HttpServer http;
    private final OverviewBuilder overview;
    private final ClientTelemetryService telemetry;
    private final ClientQuotas quotas;
    /** Stops the group and transaction coordinators (timers); runs before the logs close. */
    private final Runnable stopCoordinators;
    private final CountDownLatch closed = new CountDownLatch(1);

    private LanesBroker(BrokerConfig config, LogManager logs, KafkaServer server, BrokerServices services,
                        BrokerMetrics metrics, HttpServer http, OverviewBuilder overview, ClientTelemetryService telemetry,
                        ClientQuotas quotas, Runnable stopCoordinators) {
        this.telemetry = telemetry;
        this.quotas = quotas;
        this.overview = overview;
        this.config = config;
        this.logs = logs;
        this.server = server;
        this.services = services;
        this.metrics = metrics;
        this.http = http;
        this.stopCoordinators = stopCoordinators;
    }

    /**
     * Opens (recovering if needed) the data directory and starts listening, then starts the HTTP side. Returns once
     * both run; connections are accepted (and answered) from before the HTTP side starts.
     */
    public static LanesBroker start(BrokerConfig staticConfig) throws IOException {
        long started = System.nanoTime();
        StartupPreload.begin();
        Path dataDir = staticConfig.logDirs().get(0).toAbsolutePath().normalize();
        BrokerConfig config = DynamicBrokerConfig.load(dataDir, staticConfig);
        ClusterIdentity identity = ClusterIdentity.loadOrCreate(dataDir, config.nodeId());
        LogManager logs = LogManager.open(config.logDirs(), config.durability(), config.defaultLogConfig(),
                Time.SYSTEM, config.retentionCheckIntervalMs(), config.cleanerConfig());
        KafkaServer server = null;
        Runnable stopCoordinators = null;
        BrokerMetrics metrics = null;
        HttpServer http = null;
        OverviewBuilder overview = null;
        ClientTelemetryService telemetry = null;
        ClientQuotas quotas = null;
        try {
            TopicManager topics = new TopicManager(TopicRegistry.load(dataDir), logs, config);
            topics.openAll();
            DelayedFetches delayedFetches = new DelayedFetches();
            logs.setHighWatermarkListener(delayedFetches::onHighWatermark);
            StartupPreload.awaitKafkaSchemas();
            ApiDispatcher dispatcher = new ApiDispatcher();
            StartupPreload.awaitMetrics();
            metrics = new BrokerMetrics(config.metricsEnabled(), dataDir);
            BrokerConfig.Listener listener = config.listener();
            ScramCredentialStore scram = ScramCredentialStore.load(dataDir);
            ClientQuotaStore quotaStore = ClientQuotaStore.load(dataDir);
            quotas = new ClientQuotas(quotaStore, config.quotaWindowNum(), config.quotaWindowSizeSeconds(),
                    metrics.registry(), Time.SYSTEM);
            StartupPreload.awaitKafkaSecurityConfigs();
            StartupPreload.awaitNetty(); // listener security may build Netty's TLS contexts
            List<KafkaServer.Binding> bindings = new ArrayList<>();
            for (BrokerConfig.Listener l : config.listeners()) {
                bindings.add(new KafkaServer.Binding(l.host(), l.port(), ListenerSecurity.create(config, l, scram,
                        new AuthenticationMetrics(metrics.registry(), l.name()))));
            }
            server = KafkaServer.bind(bindings, config.socketRequestMaxBytes(),
                    Math.max(2, Runtime.getRuntime().availableProcessors()), dispatcher,
                    new RequestMetrics(metrics.registry(), metrics.latencies(), config.metricsEnabled()),
                    new QuotaEnforcer(quotas));
            Map<String, BrokerConfig.Listener> advertisedListeners = config.advertisedListeners();
            for (int i = 0; i < bindings.size(); i++) {
                BrokerConfig.Listener bound = config.listeners().get(i);
                BrokerConfig.Listener advertised = advertisedListeners.get(bound.name());
                bindings.get(i).security().advertise(new Endpoint(bound.name(), bound.protocol(),
                        advertised != null ? advertised.host() : advertisedHost(bound.host()),
                        advertised != null ? advertised.port() : server.port(i)));
            }
            Endpoint first = bindings.get(0).security().endpoint();
            String host = first.host();
            int port = first.port();
            BrokerServices services = new BrokerServices(identity, host, port, dataDir, topics, logs,
                    ProducerIdManager.load(dataDir), delayedFetches, AclAuthorizer.create(config.originals(), dataDir));
            HotKeys hotKeys = new HotKeys(config.hotKeysSampleEvery(), config.hotKeysWindowMs(), System::currentTimeMillis);
            telemetry = ClientTelemetryService.register(dispatcher, dataDir, config.telemetryMaxBytes(),
                    metrics.registry(), Time.SYSTEM);
            Features features = features(dataDir, config);
            Coordinators coordinators = registerHandlers(dispatcher, services, features, metrics,
                    config.metricsEnabled() ? hotKeys : ProduceObserver.NONE, telemetry);
            SecurityHandlers.register(dispatcher, scram);
            dispatcher
                    .register(ApiKeys.DESCRIBE_CLIENT_QUOTAS, ServedVersions.DESCRIBE_CLIENT_QUOTAS, new DescribeClientQuotasHandler(quotaStore))
                    .register(ApiKeys.ALTER_CLIENT_QUOTAS, ServedVersions.ALTER_CLIENT_QUOTAS, new AlterClientQuotasHandler(quotaStore));
            if (services.authorizer().enabled()) {
                dispatcher.guard(new RequestGuard(services.authorizer())::check);
            }
            if (config.metricsEnabled()) {
                metrics.bindHotKeys(hotKeys);
            }
            stopCoordinators = coordinators.stop();
            metrics.bind(logs, coordinators.groups(), coordinators.transactions());
            metrics.bindDelayedFetches(delayedFetches);
            overview = new OverviewBuilder(logs, coordinators.groups(), metrics, hotKeys, telemetry.telemetry());
            // Clients are served from here on: the JVM meters and the HTTP side (metrics, dashboard) are not needed
            // to answer them, so they are set up while the event loops answer the first requests instead of before.
            server.startAccepting();
            metrics.bindJvm();
            http = BrokerHttp.start(config, listener.host(), new BrokerHttp(metrics)
                    .json("/api/hotkeys", hotKeys::report)
                    .json("/api/overview", overview::build)
                    .json("/api/groups/timeline", query -> GroupTimelines.of(coordinators.groups().timeline(), query,
                            System.currentTimeMillis()))
                    .dashboard());
            if (http != null) {
                overview.start();
            }
            LanesBroker broker = new LanesBroker(config, logs, server, services, metrics, http, overview, telemetry,
                    quotas, stopCoordinators);
            log.info("Lanes broker {} (cluster {}) listening on {}:{} with data in {} ({} durability), started in {} ms",
                    identity.nodeId(), identity.clusterId(), listener.host(), server.port(), dataDir,
                    config.durability(), (System.nanoTime() - started) / 1_000_000);
            if (bindings.size() > 1 || bindings.get(0).security().protocol() != SecurityProtocol.PLAINTEXT) {
                for (int i = 0; i < bindings.size(); i++) {
                    Endpoint endpoint = bindings.get(i).security().endpoint();
                    log.info("Listener {} ({}) on port {}, advertised as {}:{}", endpoint.listenerName(),
                            endpoint.protocol(), server.port(i), endpoint.host(), endpoint.port());
                }
            }
            if (http != null) {
                log.info("Metrics at http://{}:{}/metrics, dashboard at http://{}:{}/", host, http.port(), host,
                        http.port());
            }
            return broker;
        } catch (RuntimeException | IOException e) {
            if (http != null) {
                http.close();
            }
            if (overview != null) {
                overview.close();
            }
            if (server != null) {
                server.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (stopCoordinators != null) {
                stopCoordinators.run();
            }
            if (telemetry != null) {
                telemetry.close();
            }
            if (quotas != null) {
                quotas.close();
            }
            logs.close();
            throw e;
        }
    }

    /** The coordinators started, and what stops them (to run before the logs close). */
    private record Coordinators(GroupCoordinator groups, TransactionCoordinator transactions, Runnable stop) {
    }

    /**
     * The features this broker serves, with Kafka's names. {@code metadata.version} is the level of the Kafka
     * release whose behaviour Lanes follows (its pinned clients and the broker of the differential suite), and
     * only that level: Lanes has no behaviour that depends on an older one. {@code transaction.version} starts at
     * the broker setting of the same name; {@code group.version} 1 is the KIP-848 consumer group protocol.
     * {@code kraft.version} is absent: Lanes runs no KRaft quorum.
     */
    private static Features features(Path dataDir, BrokerConfig config) {
        Features features = Features.load(dataDir)
                .register(Features.METADATA_VERSION, BrokerConfig.METADATA_VERSION_LEVEL,
                        BrokerConfig.METADATA_VERSION_LEVEL, BrokerConfig.METADATA_VERSION_LEVEL)
                .register(Features.TRANSACTION_VERSION, 0, BrokerConfig.MAX_TRANSACTION_VERSION,
                        config.transactionVersion())
                .register(Features.GROUP_VERSION, 0, 1, 1);
        if (config.streamsGroupsEnabled()) {
            // level 1: KIP-1071 streams groups are served (enabled by group.coordinator.rebalance.protocols)
            features.register(Features.STREAMS_VERSION, 0, 1, 1);
        }
        if (ShareHandlers.enabled(config.originals())) {
            // level 1: KIP-932 share groups; level 2 (Kafka 4.4's default): and the KIP-1191 dead-letter queue
            features.register(Features.SHARE_VERSION, 0, 2, 2);
        }
        return features;
    }

    /** Registers every API. */
    private static Coordinators registerHandlers(ApiDispatcher dispatcher, BrokerServices services,
                                                 Features features, BrokerMetrics metrics, ProduceObserver produceObserver,
                                                 ClientTelemetryService telemetry) {
        GroupConfigStore groupConfigs = GroupConfigStore.open(services.dataDir());
        AdminHandlers.register(dispatcher, services, telemetry.subscriptions(), groupConfigs);
        GroupHandlers.Started groups = GroupHandlers.register(dispatcher, services);
        TransactionHandlers.Started transactions;
        try {
            transactions = TransactionHandlers.register(dispatcher, services, groups.coordinator(),
                    groups.offsetsTopic(), features);
        } catch (RuntimeException e) {
            closeQuietly(groups.closer());
            throw e;
        }
        ShareHandlers.register(dispatcher, services, groupConfigs, groups.coordinator(), features);
        dispatcher
                .register(ApiKeys.API_VERSIONS, ServedVersions.API_VERSIONS, new ApiVersionsHandler(dispatcher, features, services.identity()))
                .register(ApiKeys.UPDATE_FEATURES, ServedVersions.UPDATE_FEATURES, new UpdateFeaturesHandler(features))
                .register(ApiKeys.METADATA, ServedVersions.METADATA, new MetadataHandler(services))
                .register(ApiKeys.PRODUCE, ServedVersions.PRODUCE, new ProduceHandler(services, transactions.coordinator(), metrics,
                        produceObserver))
                .advertiseUnservedVersionsFrom(ApiKeys.PRODUCE, (short) 0)
                .register(ApiKeys.FETCH, ServedVersions.FETCH, new FetchHandler(services, metrics))
                .register(ApiKeys.LIST_OFFSETS, ServedVersions.LIST_OFFSETS, new ListOffsetsHandler(services))
                .register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, ServedVersions.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(services))
                .register(ApiKeys.FIND_COORDINATOR, ServedVersions.FIND_COORDINATOR, new FindCoordinatorHandler(services, groups.offsetsTopic(),
                        transactions.stateTopic()))
                .register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, ServedVersions.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(services))
                .register(ApiKeys.DESCRIBE_PRODUCERS, ServedVersions.DESCRIBE_PRODUCERS, new DescribeProducersHandler(services));
        return new Coordinators(groups.coordinator(), transactions.coordinator(), () -> {
            closeQuietly(transactions.closer());
            closeQuietly(groups.closer());
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Closing a coordinator failed", e);
        }
    }

    /** A wildcard listener advertises the loopback address, which always reaches this machine. */
    private static String advertisedHost(String boundHost) {
        return boundHost.equals("0.0.0.0") || boundHost.equals("::") ? "127.0.0.1" : boundHost;
    }

    /** The address clients should bootstrap from, {@code host:port}. */
    public String bootstrapServers() {
        return services.advertisedHost() + ":" + services.advertisedPort();
    }

    public int port() {
        return server.port();
    }

    /** The bound port of the listener named {@code listenerName} (case-insensitive). */
    public int port(String listenerName) {
        List<KafkaServer.Binding> bindings = server.bindings();
        for (int i = 0; i < bindings.size(); i++) {
            if (bindings.get(i).security().listenerName().equalsIgnoreCase(listenerName)) {
                return server.port(i);
            }
        }
        throw new IllegalArgumentException("no listener " + listenerName);
    }

    /** The advertised {@code host:port} of the listener named {@code listenerName} (case-insensitive). */
    public String bootstrapServers(String listenerName) {
        for (KafkaServer.Binding binding : server.bindings()) {
            if (binding.security().listenerName().equalsIgnoreCase(listenerName)) {
                return binding.security().endpoint().host() + ":" + binding.security().endpoint().port();
            }
        }
        throw new IllegalArgumentException("no listener " + listenerName);
    }

    public BrokerConfig config() {
        return config;
    }

    /** Shared services, for in-process tools and tests. */
    public BrokerServices services() {
        return services;
    }

    /** The broker's meters (Micrometer, a Prometheus registry served at /metrics), for in-process exporters and tests. */
    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** The broker's metrics (registry, traffic, refreshable gauges). */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /** The port of the HTTP side (/metrics, dashboard), or empty when it is off or its default port was taken. */
    public java.util.OptionalInt httpPort() {
        return http == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(http.port());
    }

    /** The dashboard's address, {@code http://host:port/}, or empty when the HTTP side is not running. */
    public java.util.Optional<String> dashboardUrl() {
        return http == null ? java.util.Optional.empty()
                : java.util.Optional.of("http://" + services.advertisedHost() + ":" + http.port() + "/");
    }

    /**
     * Shows {@code provider}'s consumer-group lag verdicts on the dashboard beside each group (null removes them);
     * {@code lanes server} plugs in the operations library's Burrow-style evaluation this way.
     */
    public void lagVerdicts(io.lanes.broker.dashboard.LagVerdicts provider) {
        overview.verdicts(provider);
    }

    /** What clients report through KIP-714 telemetry, for in-process exporters, the dashboard and tests. */
    public ClientTelemetry clientTelemetry() {
        return telemetry.telemetry();
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /** Stops accepting requests, then closes the logs cleanly. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        if (http != null) {
            http.close();
        }
        overview.close();
        server.close();
        server.bindings().forEach(b -> b.security().close());
        stopCoordinators.run();
        telemetry.close();
        quotas.close();
        logs.close();
        metrics.close();
        log.info("Lanes broker stopped");
        closed.countDown();
    }
}
