package io.lanes.broker.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The broker's {@link Latency} distributions and their Prometheus export, in the text Micrometer writes for a
 * summary with percentiles (so dashboards built on it keep working): per family {@code name} (dots become
 * underscores) a summary {@code name{labels...,quantile="0.5"}}, {@code name_count}, {@code name_sum} and a gauge
 * {@code name_max}. Registered once as a collector of the broker's Prometheus registry; each scrape
 * turns every distribution into a snapshot then, which is the only time percentiles are computed.
 *
 * <p>Thread-safe. Distributions are created when a component starts (or an API is first served) and looked up by
 * name and labels only by readers ({@link #find}), never per request.
 */
public final class Latencies implements MultiCollector {
    /** Scale of nanosecond latencies published as milliseconds. */
    public static final double NANOS_TO_MILLIS = 1_000_000.0;

    private record Series(Labels labels, Latency latency) {
    }

    private record Family(String name, String help, List<Series> series) {
    }

    private final Map<String, Family> families = new ConcurrentHashMap<>();

    /** A latency recorded in nanoseconds, published in milliseconds; {@code labels} are name, value pairs. */
    public Latency millis(String name, String help, String... labels) {
        return register(name, help, NANOS_TO_MILLIS, labels);
    }

    /** A distribution of counts (records per fsync, ...), published as recorded. */
    public Latency sizes(String name, String help, String... labels) {
        return register(name, help, 1, labels);
    }

    private Latency register(String name, String help, double scale, String... labels) {
        String prometheusName = name.replace('.', '_');
        Family family = families.computeIfAbsent(prometheusName,
                n -> new Family(n, help, new CopyOnWriteArrayList<>()));
        Labels wanted = Labels.of(labels);
        synchronized (family) {
            for (Series s : family.series()) {
                if (s.labels().equals(wanted)) {
                    return s.latency();
                }
            }
            Latency latency = new Latency(scale);
            family.series().add(new Series(wanted, latency));
            return latency;
        }
    }

    /** The distribution of {@code name} (dotted or underscored) with exactly these labels, or null. */
    public Latency find(String name, String... labels) {
        Family family = families.get(name.replace('.', '_'));
        if (family == null) {
            return null;
        }
        Labels wanted = Labels.of(labels);
        for (Series s : family.series()) {
            if (s.labels().equals(wanted)) {
                return s.latency();
            }
        }
        return null;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        for (Family family : families.values()) {
            SummarySnapshot.Builder summary = SummarySnapshot.builder().name(family.name()).help(family.help());
            GaugeSnapshot.Builder max = GaugeSnapshot.builder().name(family.name() + "_max").help(family.help());
            for (Series s : family.series()) {
                Latency.Snapshot snapshot = s.latency().snapshot();
                Quantiles.Builder quantiles = Quantiles.builder();
                for (int i = 0; i < Latency.KAFKA_PERCENTILES.length; i++) {
                    quantiles.quantile(new Quantile(Latency.KAFKA_PERCENTILES[i], snapshot.percentiles()[i]));
                }
                summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(s.labels())
                        .count(snapshot.count()).sum(snapshot.sum()).quantiles(quantiles.build()).build());
                max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(s.labels())
                        .value(snapshot.max()).build());
            }
            out.add(summary.build());
            out.add(max.build());
        }
        return new MetricSnapshots(out);
    }
}
