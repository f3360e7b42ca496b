/**
 * Shared plumbing of the real-client, tool and crash suites ({@code clients}, {@code tools},
 * {@code crash}): brokers as child JVMs ({@link io.lanes.conformance.harness.BrokerProcess},
 * Lanes through {@code io.lanes.cli.Main server}, or Apache Kafka as the reference), Kafka's
 * command-line tools in child JVMs, non-Java clients found with a CI-fails / locally-skips rule,
 * the two librdkafka builds kcat and python3-confluent-kafka run with
 * ({@link io.lanes.conformance.harness.Librdkafka}: Debian's and the current release, whose directory
 * {@code .ci/build-librdkafka} prints and CI exports as {@code LANES_LIBRDKAFKA_CURRENT}), and a reader of
 * Kafka's segment layout.
 *
 * <p>Every scenario runs against Lanes by default; {@code -Dlanes.conformance.broker=kafka}
 * runs it against Apache Kafka 4.4.0 from the test class path, which is how the scenarios'
 * expectations are checked:
 *
 * <pre>mvn -pl lanes-conformance -am test -Dtest='io.lanes.conformance.crash.*Test' -Dlanes.conformance.broker=kafka</pre>
 *
 * <p>Child JVMs run on the test class path, that is on {@code target/classes} of the sibling
 * modules: rebuilding those modules while a suite runs makes the child broker fail with
 * {@code NoClassDefFoundError}.
 */
package io.lanes.conformance.harness;
