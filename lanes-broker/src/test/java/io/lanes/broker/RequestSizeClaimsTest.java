package io.lanes.broker;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body that announces more elements or bytes than its frame holds (a compact array of
 * two billion topics, a tagged field of a gigabyte) is refused as Kafka refuses it — the
 * connection is closed — without allocating what it announces, and the broker keeps serving.
 */
class RequestSizeClaimsTest {
    @TempDir
    static Path dataDir;
    private static LanesBroker broker;

    @BeforeAll
    static void start() throws IOException {
        broker = LanesBroker.start(BrokerConfig.from(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString())));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void shouldCloseTheConnectionWithoutAllocatingWhenAnArrayAnnouncesMoreElementsThanTheFrameHolds()
            throws Exception {
        // given: Metadata v12 whose topics array claims 2,147,483,000 entries in a few bytes
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeUnsignedVarint(body, 2_147_483_000);
        body.write(new byte[] {1, 0, 0});

        // when / then
        assertRefusedAndBrokerStillServes(frame(ApiKeys.METADATA, (short) 12, body.toByteArray()));
    }

    @Test
    void shouldCloseTheConnectionWithoutAllocatingWhenATaggedFieldAnnouncesMoreBytesThanTheFrameHolds()
            throws Exception {
        // given: Metadata v12 with no topics and one tagged field (tag 7) claiming a gigabyte
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeUnsignedVarint(body, 1);
        body.write(new byte[] {1, 0});
        writeUnsignedVarint(body, 1);
        writeUnsignedVarint(body, 7);
        writeUnsignedVarint(body, 1 << 30);

        // when / then
        assertRefusedAndBrokerStillServes(frame(ApiKeys.METADATA, (short) 12, body.toByteArray()));
    }

    private static void assertRefusedAndBrokerStillServes(byte[] frame) throws IOException {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            client.writeRaw(frame);
            assertThat(client.closedByBroker()).isTrue();
        }
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ApiVersionsResponse response = (ApiVersionsResponse) client.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("after").setClientSoftwareVersion("1"));
            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
        }
    }

    /** A length-prefixed frame: the request header of {@code api} at {@code version}, then {@code body} as given. */
    private static byte[] frame(ApiKeys api, short version, byte[] body) {
        RequestHeader header = new RequestHeader(api, version, "size-claims", 1);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.data().size(cache, header.headerVersion());
        ByteBuffer buffer = ByteBuffer.allocate(4 + headerSize + body.length);
        buffer.putInt(headerSize + body.length);
        header.data().write(new ByteBufferAccessor(buffer), cache, header.headerVersion());
        buffer.put(body);
        return buffer.array();
    }

    private static void writeUnsignedVarint(ByteArrayOutputStream out, int value) {
        ByteBuffer buffer = ByteBuffer.allocate(5);
        ByteUtils.writeUnsignedVarint(value, buffer);
        out.write(buffer.array(), 0, buffer.position());
    }
}
