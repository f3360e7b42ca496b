package io.lanes.broker.network;

import io.lanes.broker.api.ServedVersions;
import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.quota.ClientQuotaStore;
import io.lanes.broker.quota.ClientQuotas;
import io.lanes.broker.quota.QuotaEnforcer;
import io.lanes.broker.quota.QuotaKeys;
import io.lanes.broker.security.ListenerSecurity;
import io.lanes.protocol.KafkaFrameDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection over its client's quota answers with the throttle time, then reads nothing until it has passed. */
class ThrottledConnectionTest {
    private static final String CLIENT = "test-client";

    @TempDir
    Path dataDir;

    private ClientQuotaStore store;
    private ClientQuotas quotas;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        store = ClientQuotaStore.load(dataDir);
        quotas = new ClientQuotas(store, 11, 1, new SimpleMeterRegistry(), Time.SYSTEM);
        ApiDispatcher dispatcher = new ApiDispatcher().register(ApiKeys.METADATA, ServedVersions.METADATA, (ctx, request) -> {
            // Handling that takes 2 ms of the event loop, far over a millionth of a thread's time.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return CompletableFuture.completedFuture(new MetadataResponseData().setClusterId("c"));
        });
        channel = new EmbeddedChannel(new KafkaFrameDecoder(1024), new ConnectionHandler(dispatcher,
                new RequestMetrics(new SimpleMeterRegistry()), ListenerSecurity.plaintext(), new QuotaEnforcer(quotas)));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        quotas.close();
    }

    @Test
    void shouldStopReadingForTheThrottleTimeWhenClientIsOverRequestQuota() {
        // given
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT)),
                Map.of(QuotaKeys.REQUEST_PERCENTAGE, 0.0001)));

        channel.freezeTime();

        // when
        channel.writeInbound(request(1));
        MetadataResponseData response = (MetadataResponseData) response(1).data();
        boolean readingWhileThrottled = channel.config().isAutoRead();
        channel.advanceTimeBy(response.throttleTimeMs() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        boolean readingJustBeforeTheEnd = channel.config().isAutoRead();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        // then
        assertThat(response.throttleTimeMs()).isBetween(1, 1_000);
        assertThat(readingWhileThrottled).isFalse();
        assertThat(readingJustBeforeTheEnd).isFalse();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void shouldServeRequestsPipelinedBehindAThrottledOneOnlyAfterItsThrottleWhenTheyArrivedTogether() {
        // given
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT)),
                Map.of(QuotaKeys.REQUEST_PERCENTAGE, 0.0001)));
        channel.freezeTime();

        // when: both requests in one read, as a client with several requests in flight sends them
        channel.writeInbound(Unpooled.wrappedBuffer(request(1), request(2)));
        MetadataResponseData first = (MetadataResponseData) response(1).data();
        Object secondDuringThrottle = channel.readOutbound();
        channel.advanceTimeBy(first.throttleTimeMs(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        MetadataResponseData second = (MetadataResponseData) response(2).data();

        // then
        assertThat(first.throttleTimeMs()).isBetween(1, 1_000);
        assertThat(secondDuringThrottle).as("a response to the second request while the first one's throttle lasts")
                .isNull();
        assertThat(second.throttleTimeMs()).isPositive();
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void shouldKeepReadingWhenClientHasNoQuota() {
        // given
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "someone-else")),
                Map.of(QuotaKeys.REQUEST_PERCENTAGE, 0.0001)));

        // when
        channel.writeInbound(request(1));
        MetadataResponseData response = (MetadataResponseData) response(1).data();

        // then
        assertThat(response.throttleTimeMs()).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    private static ByteBuf request(int correlationId) {
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, CLIENT, correlationId);
        ApiMessage body = new MetadataRequestData();
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + body.size(cache, (short) 12);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        writer.writeInt(size);
        header.data().write(writer, cache, header.headerVersion());
        body.write(writer, cache, (short) 12);
        return Unpooled.wrappedBuffer(buffer.flip());
    }

    private AbstractResponse response(int correlationId) {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("a response to request " + correlationId).isNotNull();
        ByteBuffer buffer = out.nioBuffer();
        assertThat(buffer.getInt()).isEqualTo(buffer.remaining());
        out.release();
        return AbstractResponse.parseResponse(buffer, new RequestHeader(ApiKeys.METADATA, (short) 12, CLIENT,
                correlationId));
    }
}
