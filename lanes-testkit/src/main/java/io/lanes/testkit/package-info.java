/**
 * Brokers for tests, as JUnit 5 extensions over lanes-launch ({@code io.lanes.launch}), which starts them and
 * waits until they answer.
 *
 * <ul>
 *   <li>{@link io.lanes.testkit.LanesExtension}: an embedded Lanes broker in the test JVM, started
 *       in milliseconds, in place of a Docker-based Kafka. On a static field one broker serves the
 *       class; on an instance field each test gets its own.</li>
 *   <li>{@link io.lanes.testkit.EmbeddedApacheKafka} and {@link io.lanes.testkit.ApacheKafkaExtension}:
 *       one real Apache Kafka node (KRaft) in a child JVM, for differential tests. The caller puts
 *       {@code org.apache.kafka:kafka_2.13} on its test class path.</li>
 *   <li>{@link io.lanes.testkit.EmbeddedKafkaCluster} and {@link io.lanes.testkit.KafkaClusterExtension}:
 *       three Apache Kafka nodes (KRaft, replication factor 3, {@code min.insync.replicas=2}) in child
 *       JVMs, started once per test JVM and shared, for code that must be tested against replication
 *       and failover.</li>
 *   <li>{@link io.lanes.testkit.BrokerUnderTest}: what they have in common (a name and a
 *       bootstrap address), so one scenario runs against any of them; {@link io.lanes.testkit.KafkaClusterExtension}
 *       shows how to write a scenario once and run it on Lanes and on the cluster.</li>
 * </ul>
 */
package io.lanes.testkit;
