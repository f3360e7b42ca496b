package io.lanes.conformance.differential;

import io.lanes.testkit.ApacheKafkaExtension;
import io.lanes.testkit.BrokerUnderTest;
import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache Kafka (in a child JVM) and Lanes (in this JVM), started with the same broker config
 * once per test class, and the means to run one {@link Scenario} against both.
 *
 * <pre>{@code
 * @RegisterExtension
 * static BothBrokers brokers = BothBrokers.builder().brokerConfig("num.partitions", "3").build();
 * }</pre>
 *
 * <p>With {@code -Dlanes.differential.self-check=true} a second Apache Kafka stands in for Lanes:
 * every scenario must then observe the same on both, which shows the scenarios are
 * deterministic and their observations free of run-specific values.
 */
public final class BothBrokers implements BeforeAllCallback, AfterAllCallback {

    /** Set to {@code true} to compare Apache Kafka with itself. */
    public static final String SELF_CHECK_PROPERTY = "lanes.differential.self-check";

    private final ApacheKafkaExtension kafka;
    private final BrokerUnderTest lanes;

    private BothBrokers(Map<String, String> brokerConfig, Map<String, String> lanesOnlyConfig) {
        this.kafka = ApacheKafkaExtension.builder().brokerConfig(brokerConfig).build();
        this.lanes = Boolean.getBoolean(SELF_CHECK_PROPERTY)
                ? ApacheKafkaExtension.builder().brokerConfig(brokerConfig).build()
                : LanesExtension.builder().brokerConfig(brokerConfig).brokerConfig(lanesOnlyConfig).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Both brokers with their defaults. */
    public static BothBrokers withDefaults() {
        return builder().build();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka.beforeAll(context);
        ((BeforeAllCallback) lanes).beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            ((AfterAllCallback) lanes).afterAll(context);
        } finally {
            kafka.afterAll(context);
        }
    }

    public BrokerUnderTest kafka() {
        return kafka;
    }

    public BrokerUnderTest lanes() {
        return lanes;
    }

    /** Apache Kafka, then Lanes. */
    public List<BrokerUnderTest> both() {
        return List.of(kafka, lanes);
    }

    /** Runs the scenario against Apache Kafka, then against Lanes. */
    public <T> Observations<T> observe(Scenario<T> scenario) throws Exception {
        T onKafka = scenario.run(kafka);
        T onLanes = scenario.run(lanes);
        return new Observations<>(onKafka, onLanes);
    }

    /** Builds {@link BothBrokers}. */
    public static final class Builder {
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();
        private final Map<String, String> lanesOnlyConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /** A {@code server.properties} entry given to both brokers. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /**
         * A {@code server.properties} entry given to Lanes only, for what the Apache Kafka
         * embedding already sets for itself in the same way (its {@code listeners} and
         * {@code advertised.listeners}, at ports it picks). Not given to the self-check stand-in.
         */
        public Builder lanesOnlyConfig(String key, String value) {
            lanesOnlyConfig.put(key, value);
            return this;
        }

        public BothBrokers build() {
            return new BothBrokers(brokerConfig, lanesOnlyConfig);
        }
    }
}
