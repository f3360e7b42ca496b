package io.lanes.broker.network;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.handlers.ApiVersionsHandler;
import io.lanes.broker.metadata.Features;
import io.lanes.protocol.KafkaFrameDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionHandlerTest {
    @TempDir
    static Path dataDir;
    private final List<CompletableFuture<MetadataResponseData>> metadataAnswers = new ArrayList<>();
    private final ApiDispatcher dispatcher = new ApiDispatcher();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EmbeddedChannel channel;

    ConnectionHandlerTest() {
        dispatcher.register(ApiKeys.API_VERSIONS, ServedVersions.API_VERSIONS, new ApiVersionsHandler(dispatcher, Features.load(dataDir),
                new io.lanes.broker.metadata.ClusterIdentity("test-cluster", 1)));
        dispatcher.register(ApiKeys.METADATA, ServedVersions.METADATA, (ctx, request) -> {
            CompletableFuture<MetadataResponseData> answer = new CompletableFuture<>();
            metadataAnswers.add(answer);
            return answer;
        });
        channel = new EmbeddedChannel(new KafkaFrameDecoder(1024), new ConnectionHandler(dispatcher, new RequestMetrics(meters)));
    }

    @Test
    void shouldSendResponsesInRequestOrderWhenLaterRequestCompletesFirst() {
        // given
        channel.writeInbound(request(ApiKeys.METADATA, (short) 12, 1, new MetadataRequestData()));
        channel.writeInbound(request(ApiKeys.METADATA, (short) 12, 2, new MetadataRequestData()));

        // when
        metadataAnswers.get(1).complete(new MetadataResponseData().setClusterId("second"));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        metadataAnswers.get(0).complete(new MetadataResponseData().setClusterId("first"));
        channel.runPendingTasks();

        // then
        assertThat(((MetadataResponse) response(ApiKeys.METADATA, (short) 12, 1)).clusterId()).isEqualTo("first");
        assertThat(((MetadataResponse) response(ApiKeys.METADATA, (short) 12, 2)).clusterId()).isEqualTo("second");
    }

    @Test
    void shouldAdvertiseOnlyRegisteredApisWhenAskedForVersions() {
        // when
        channel.writeInbound(request(ApiKeys.API_VERSIONS, (short) 3, 5,
                new org.apache.kafka.common.message.ApiVersionsRequestData()
                        .setClientSoftwareName("test").setClientSoftwareVersion("1.0")));

        // then
        ApiVersionsResponseData data = ((ApiVersionsResponse) response(ApiKeys.API_VERSIONS, (short) 3, 5)).data();
        assertThat(data.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(data.apiKeys()).extracting(k -> ApiKeys.forId(k.apiKey()))
                .containsExactlyInAnyOrder(ApiKeys.API_VERSIONS, ApiKeys.METADATA);
    }

    @Test
    void shouldAnswerUnsupportedVersionInVersionZeroWhenApiVersionsIsTooNew() {
        // given: a version newer than any kafka-clients knows; header v2, empty tagged body
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(0).writeShort(ApiKeys.API_VERSIONS.id).writeShort(99).writeInt(9)
                .writeShort(-1).writeByte(0).writeByte(0);
        frame.setInt(0, frame.readableBytes() - 4);

        // when
        channel.writeInbound(frame);

        // then
        ApiVersionsResponse parsed = (ApiVersionsResponse) response(ApiKeys.API_VERSIONS, (short) 0, 9);
        assertThat(parsed.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(parsed.data().apiKeys()).isNotEmpty();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void shouldServeAndCountRequestWhenFrameHasBytesAfterTheLastField() {
        // given: a Metadata v12 request followed by 3 bytes, as librdkafka 2.10+ sends it
        ByteBuf exact = request(ApiKeys.METADATA, (short) 12, 4, new MetadataRequestData().setTopics(null));
        ByteBuf padded = Unpooled.buffer().writeBytes(exact).writeBytes(new byte[]{1, 0, 0});
        exact.release();
        padded.setInt(0, padded.readableBytes() - 4);

        // when
        channel.writeInbound(padded);
        metadataAnswers.get(0).complete(new MetadataResponseData().setClusterId("served"));
        channel.runPendingTasks();

        // then
        assertThat(((MetadataResponse) response(ApiKeys.METADATA, (short) 12, 4)).clusterId()).isEqualTo("served");
        assertThat(channel.isActive()).isTrue();
        assertThat(meters.get("lanes.request.trailing.bytes").tag("api", ApiKeys.METADATA.name).counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldCloseConnectionWhenFrameIsShorterThanItsBody() {
        // given: a Metadata request for one topic, cut 4 bytes short
        ByteBuf full = request(ApiKeys.METADATA, (short) 12, 6, new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("orders"))));
        ByteBuf cut = full.copy(0, full.readableBytes() - 4);
        full.release();
        cut.setInt(0, cut.readableBytes() - 4);

        // when
        channel.writeInbound(cut);
        channel.runPendingTasks();

        // then
        assertThat(channel.isActive()).isFalse();
        assertThat(metadataAnswers).isEmpty();
    }

    @Test
    void shouldCloseConnectionWhenBytesAreGarbage() {
        // when
        ByteBuf garbage = Unpooled.buffer().writeInt(6).writeBytes(new byte[]{0x7f, 0x7f, 1, 2, 3, 4});
        channel.writeInbound(garbage);
        channel.runPendingTasks();

        // then
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void shouldCloseConnectionWhenApiIsNotImplemented() {
        // when
        channel.writeInbound(request(ApiKeys.JOIN_GROUP, (short) 9, 3,
                new org.apache.kafka.common.message.JoinGroupRequestData()));
        channel.runPendingTasks();

        // then
        assertThat(channel.isActive()).isFalse();
    }

    private static ByteBuf request(ApiKeys api, short version, int correlationId, ApiMessage body) {
        RequestHeader header = new RequestHeader(api, version, "test-client", correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        writer.writeInt(size);
        header.data().write(writer, cache, header.headerVersion());
        body.write(writer, cache, version);
        return Unpooled.wrappedBuffer(buffer.flip());
    }

    private AbstractResponse response(ApiKeys api, short version, int correlationId) {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("a response to request " + correlationId).isNotNull();
        ByteBuffer buffer = out.nioBuffer();
        assertThat(buffer.getInt()).isEqualTo(buffer.remaining());
        out.release();
        return AbstractResponse.parseResponse(buffer, new RequestHeader(api, version, "test-client", correlationId));
    }
}
