package io.lanes.coordinator.share;

/**
 * A record a share-partition archived for a reason that sends it to the group's dead-letter queue (KIP-1191): its
 * offset, its delivery count and why, with the text Kafka writes in the {@code __dlq.errors.message} header.
 * Immutable.
 */
public record DeadLetter(long offset, short deliveryCount, Cause cause) {
    /** Why a record was archived: the consumer rejected it, or it came back once too often. */
    public enum Cause {
        CLIENT_REJECT("Offset rejected by client."),
        DELIVERY_COUNT_EXCEEDED("Offset delivery count exceeded the threshold.");

        private final String message;

        Cause(String message) {
            this.message = message;
        }

        /** Kafka 4.4's message for the cause. */
        public String message() {
            return message;
        }
    }
}
