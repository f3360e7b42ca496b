package io.lanes.cli.demo;

import java.time.Duration;

/**
 * What one demo run does.
 *
 * @param topic            the topic, recreated for the run
 * @param events           events to produce
 * @param partitions       partitions of the topic
 * @param billingConsumers consumers the billing group starts with
 * @param duration         how long producing takes (events are spread evenly); zero: as fast as possible
 * @param interval         how often the live table is printed
 * @param workMicros       simulated processing time per event, in microseconds
 * @param protocol         the consumer group protocol
 * @param seed             seed of the event stream
 * @param timeout          longest wait for the groups to form, a rebalance to settle, or the consumers to catch up
 * @param stage            the processor stage that follows, or null to skip it
 */
record DemoSettings(String topic, int events, int partitions, int billingConsumers, Duration duration,
                    Duration interval, long workMicros, GroupProtocolChoice protocol, long seed, Duration timeout,
                    StageSettings stage) {
    static final String BILLING = "billing";
    static final String ANALYTICS = "analytics";
}
