package io.lanes.broker.api;

import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one Kafka API.
 *
 * <p>Called on the connection's event loop, one request at a time per connection, in arrival
 * order. The request body may share memory with the network buffer: a handler must finish
 * reading it before {@code handle} returns. The returned future may complete later on any
 * thread; it completes with {@code null} when no response is to be sent (produce with acks=0).
 * A handler that fails a whole request throws or completes exceptionally; the dispatcher then
 * answers with that API's error response.
 *
 * @param <Q> the generated {@code *RequestData} class of the API
 */
public interface ApiHandler<Q extends ApiMessage> {
    CompletableFuture<? extends ApiMessage> handle(RequestContext context, Q request);
}
