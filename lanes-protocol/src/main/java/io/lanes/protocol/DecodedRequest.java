package io.lanes.protocol;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A request decoded from one frame: its header and its body as a generated
 * {@code *RequestData} message.
 *
 * <p>Byte fields of the body (for example the records of a produce request) may share memory
 * with the frame; they are valid only until the frame is released.
 *
 * @param trailingBytes how many bytes the frame held after the body's last field (ignored, as Kafka does)
 */
public record DecodedRequest(RequestHeader header, AbstractRequest request, int trailingBytes) {
    /** The generated {@code *RequestData} message of this request. */
    public ApiMessage body() {
        return request.data();
    }

    /** The response Kafka gives to this request when it fails as a whole with {@code error}. */
    public ApiMessage errorResponse(Throwable error) {
        AbstractResponse response = request.getErrorResponse(error);
        return response == null ? null : response.data();
    }

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    public int correlationId() {
        return header.correlationId();
    }
}
