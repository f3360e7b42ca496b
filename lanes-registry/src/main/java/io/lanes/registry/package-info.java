/**
 * A schema registry speaking Confluent Schema Registry's REST API, over a compacted Kafka topic.
 *
 * <p>Every write goes through the topic ({@code _schemas}, one partition, {@code cleanup.policy=compact});
 * every registry instance reads the topic from the start and applies each record in log order, so
 * instances over one cluster agree and a restart loses nothing. It depends on kafka-clients, Apache Avro,
 * Jackson and a JSON Schema validator only, so it runs beside Lanes and beside any Apache Kafka cluster.
 * {@link io.lanes.registry.RegistryServer} is the entry point.
 */
package io.lanes.registry;
