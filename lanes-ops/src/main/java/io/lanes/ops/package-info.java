/**
 * Operations on any Kafka cluster, over the Kafka protocol only (kafka-clients' Admin and
 * Consumer): topic and group administration, consumer lag with Burrow-style verdicts, partition
 * planning and key-skew analysis. No Lanes broker code: the same logic serves Lanes and Apache
 * Kafka. The {@code lanes} command line ({@code lanes-cli}) wires it to commands.
 */
package io.lanes.ops;
