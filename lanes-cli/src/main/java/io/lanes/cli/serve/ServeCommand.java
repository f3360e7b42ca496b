package io.lanes.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.lag.LagOptions;
import io.lanes.ops.lag.LagMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code lanes ops serve}: runs the lag evaluator continuously and serves its verdicts as
 * Prometheus text at {@code /metrics} with kafka-lag-exporter's metric names ({@link LagMetrics}).
 * Runs until stopped (Ctrl-C, or the thread interrupted when embedded).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve consumer lag and Burrow's verdicts as Prometheus metrics at /metrics.")
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    LagOptions lag;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9308",
            description = "HTTP port of /metrics (default ${DEFAULT-VALUE}, kafka-lag-exporter's; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "The cluster_name label (default: the cluster's id).")
    String clusterName;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        boolean interrupted = false;
        try (LagMonitor monitor = LagMonitor.open(cluster.clientConfig(), lag.settings(cluster.timeout()))) {
            LagMetrics metrics = new LagMetrics(registry, clusterName != null ? clusterName : monitor.clusterId());
            monitor.tick();
            metrics.update(monitor.report());
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/metrics", exchange -> scrape(exchange, metrics.read(registry::scrape)));
            server.start();
            try {
                out.println("serving http://" + host + ":" + server.getAddress().getPort() + "/metrics; commits: "
                        + monitor.commitSource().description());
                out.flush();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(lag.interval().toMillis());
                    monitor.tick();
                    metrics.update(monitor.report());
                }
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                // stopping, while asleep or inside a client call: clear the flag so the clients close quietly
                interrupted = true;
                Thread.interrupted();
            } finally {
                server.stop(0);
                registry.close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void scrape(HttpExchange exchange, String scraped) throws IOException {
        try (exchange) {
            byte[] body = scraped.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
