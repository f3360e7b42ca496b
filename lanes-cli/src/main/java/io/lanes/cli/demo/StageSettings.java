package io.lanes.cli.demo;

import java.time.Duration;

/**
 * What the processor stage does, after the groups' stage, on the same broker.
 *
 * @param topic       the stage's topic (same partition count as the first stage's); its dead letters go to
 *                    {@code <topic>-dlt}
 * @param events      good order events produced into it
 * @param bigShare    the share of the events the big orders carry (0 to 1)
 * @param io          simulated I/O per event
 * @param concurrency the processor's {@code maxConcurrency}
 * @param plainTime   how long the plain group's throughput is measured (it does not have to finish)
 * @param malformed   malformed events mixed into the stream (the deserializer rejects them)
 * @param failEvery   every n-th good event fails on its first attempt (0: none)
 */
record StageSettings(String topic, int events, double bigShare, Duration io, int concurrency, Duration plainTime,
                     int malformed, int failEvery) {
    static final String PLAIN_GROUP = "orders-plain";
    static final String PROCESSOR_GROUP = "orders-processor";
    static final String DEAD_LETTER_SUFFIX = "-dlt";

    String deadLetterTopic() {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
