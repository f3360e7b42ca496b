package io.lanes.cli.demo;

/**
 * One order event as the processor stage's deserializer reads it (see {@link OrderEvents} for the format).
 *
 * @param orderId the order id from the value
 * @param seq     the event's sequence number within its order
 * @param type    the event type, e.g. {@code PAID}
 */
record OrderEvent(int orderId, int seq, String type) {
}
