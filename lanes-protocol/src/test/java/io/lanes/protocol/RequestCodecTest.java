package io.lanes.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestCodecTest {

    /**
     * Every API and version, except two whose kafka-clients parser rewrites an empty message:
     * JoinGroup v0 copies the session timeout into the rebalance timeout, and DescribeAcls
     * rejects the UNKNOWN filter values of an empty message.
     */
    static Stream<Arguments> everyApiAndVersion() {
        return Arrays.stream(ApiKeys.values())
                .filter(api -> api.hasValidVersion())
                .filter(api -> api != ApiKeys.JOIN_GROUP && api != ApiKeys.DESCRIBE_ACLS)
                .flatMap(api -> api.allVersions().stream().map(v -> Arguments.of(api, v)));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyApiAndVersion")
    void shouldDecodeRequestWhenEncodedByKafkaClients(ApiKeys api, short version) {
        // given: an empty request of this API, framed by kafka-clients' own serializer
        ApiMessage sent = ApiMessageType.fromApiKey(api.id).newRequest();
        RequestHeader header = new RequestHeader(api, version, "client-1", 42);
        ByteBuffer frame = frame(header, sent, version);

        // when
        DecodedRequest decoded = RequestCodec.decode(frame);

        // then
        assertThat(decoded.apiKey()).isEqualTo(api);
        assertThat(decoded.apiVersion()).isEqualTo(version);
        assertThat(decoded.correlationId()).isEqualTo(42);
        assertThat(decoded.header().clientId()).isEqualTo("client-1");
        assertThat(decoded.body()).isEqualTo(sent);
    }

    @Test
    void shouldDecodeRequestAndCountTrailingBytesWhenFrameHasBytesAfterTheLastField() {
        // given: what librdkafka 2.10+ sends for "all topics", 3 bytes after the body
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, "rdkafka", 1);
        MetadataRequestData body = new MetadataRequestData().setTopics(null).setAllowAutoTopicCreation(true);
        ByteBuffer exact = frame(header, body, (short) 12);
        ByteBuffer padded = ByteBuffer.allocate(exact.remaining() + 3).put(exact.duplicate()).put(new byte[]{1, 0, 0}).flip();

        // when
        DecodedRequest decoded = RequestCodec.decode(padded);

        // then
        assertThat(decoded.body()).isEqualTo(body);
        assertThat(decoded.trailingBytes()).isEqualTo(3);
        assertThat(RequestCodec.decode(exact).trailingBytes()).isZero();
    }

    @Test
    void shouldDecodeBodyWithHeaderAlreadyReadWhenFrameWasRead() {
        // given
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, "client-1", 7);
        MetadataRequestData body = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("orders")));
        ByteBuffer frame = frame(header, body, (short) 12);
        int position = frame.position();

        // when
        RequestFrame read = RequestCodec.readHeader(frame);
        DecodedRequest decoded = RequestCodec.decode(read);

        // then: the header parsed when the frame was read is the one the request carries, not a second parse
        assertThat(decoded.header()).isSameAs(read.header());
        assertThat(read.header().correlationId()).isEqualTo(7);
        assertThat(decoded.body()).isEqualTo(body);
        assertThat(frame.position()).isEqualTo(position);
    }

    @Test
    void shouldRejectFrameWhenHeaderNamesUnknownApi() {
        // given
        ByteBuffer frame = ByteBuffer.allocate(8).putShort((short) 32000).putShort((short) 0).putInt(1).flip();

        // when / then
        assertThatThrownBy(() -> RequestCodec.readHeader(frame)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void shouldRejectRequestWhenBodyIsTruncated() {
        // given
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, "c", 1);
        MetadataRequestData body = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("orders")));
        ByteBuffer full = frame(header, body, (short) 12);
        ByteBuffer truncated = full.duplicate().limit(full.limit() - 4);

        // when / then
        assertThatThrownBy(() -> RequestCodec.decode(truncated)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void shouldEncodeResponseThatKafkaClientsParse() {
        // given
        MetadataResponseData body = new MetadataResponseData().setClusterId("cluster-x").setControllerId(1);
        RequestHeader request = new RequestHeader(ApiKeys.METADATA, (short) 12, "c", 7);

        // when
        List<Object> parts = RequestCodec.encodeResponse(ByteBufAllocator.DEFAULT, ApiKeys.METADATA, (short) 12, 7, body);

        // then
        assertThat(parts).hasSize(1);
        ByteBuf buf = (ByteBuf) parts.get(0);
        ByteBuffer encoded = ByteBuffer.allocate(buf.readableBytes());
        buf.readBytes(encoded);
        buf.release();
        encoded.flip();
        assertThat(encoded.getInt()).isEqualTo(encoded.remaining());
        AbstractResponse parsed = AbstractResponse.parseResponse(encoded, request);
        assertThat(((MetadataResponse) parsed).clusterId()).isEqualTo("cluster-x");
    }

    private static ByteBuffer frame(RequestHeader header, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short headerVersion = header.headerVersion();
        int size = header.data().size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.data().write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        return buffer.flip();
    }
}
