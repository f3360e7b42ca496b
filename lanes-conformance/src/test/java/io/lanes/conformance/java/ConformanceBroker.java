package io.lanes.conformance.java;

import io.lanes.testkit.ApacheKafkaExtension;
import io.lanes.testkit.BrokerUnderTest;
import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The broker the Java-client conformance tests run against: Lanes unless the system property
 * {@code lanes.conformance.broker=kafka} asks for Apache Kafka, which is how the expectations of
 * these tests are themselves checked:
 *
 * <pre>mvn -pl lanes-conformance -am test -Dtest='io.lanes.conformance.java.*Test' -Dlanes.conformance.broker=kafka</pre>
 *
 * Register on a static field: one broker per test class.
 */
public final class ConformanceBroker implements BrokerUnderTest, BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback {

    /** The system property choosing the broker: {@code lanes} (default) or {@code kafka}. */
    public static final String BROKER_PROPERTY = "lanes.conformance.broker";

    private final BrokerUnderTest broker;

    private ConformanceBroker(Map<String, String> brokerConfig) {
        if (againstApacheKafka()) {
            broker = ApacheKafkaExtension.builder().brokerConfig(brokerConfig).build();
        } else {
            broker = LanesExtension.builder().brokerConfig(brokerConfig).build();
        }
    }

    /** A broker with the defaults of the broker under test. */
    public static ConformanceBroker create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this run checks the tests against Apache Kafka rather than Lanes. */
    public static boolean againstApacheKafka() {
        String selected = System.getProperty(BROKER_PROPERTY, "lanes").trim().toLowerCase(Locale.ROOT);
        return selected.equals("kafka") || selected.equals("apache-kafka");
    }

    @Override
    public String name() {
        return broker.name();
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void restart() throws IOException {
        broker.restart();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ((BeforeAllCallback) broker).beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        ((AfterAllCallback) broker).afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        ((BeforeEachCallback) broker).beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        ((AfterEachCallback) broker).afterEach(context);
    }

    @Override
    public String toString() {
        return name();
    }

    /** Builds a {@link ConformanceBroker}. */
    public static final class Builder {
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /** A {@code server.properties} entry, applied to whichever broker runs. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        public ConformanceBroker build() {
            return new ConformanceBroker(brokerConfig);
        }
    }
}
