package io.lanes.launch;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

    @Test
    void shouldEncodeApiVersionsV0WithSizePrefixWhenBuildingTheProbe() {
        // when
        ByteBuffer request = ByteBuffer.wrap(Readiness.apiVersionsRequest(7));

        // then
        assertThat(request.getInt()).isEqualTo(request.remaining());
        assertThat(request.getShort()).isEqualTo((short) 18);
        assertThat(request.getShort()).isEqualTo((short) 0);
        assertThat(request.getInt()).isEqualTo(7);
        assertThat(request.getShort()).isEqualTo((short) "lanes-launch-probe".length());
    }

    @Test
    void shouldCountAsAnswerWhenTheResponseCarriesTheCorrelationId() throws Exception {
        // given: a fake broker that echoes the correlation id
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread broker = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    int size = in.readInt();
                    in.readShort();
                    in.readShort();
                    int correlationId = in.readInt();
                    in.skipBytes(size - 8);
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeInt(6);
                    out.writeInt(correlationId);
                    out.writeShort(35);
                    out.flush();
                } catch (Exception ignored) {
                    // the test's assertion reports the failure
                }
            });
            broker.start();

            // when
            boolean answered = Readiness.answersApiVersions("127.0.0.1", server.getLocalPort(), 2000);

            // then
            assertThat(answered).isTrue();
            broker.join(2000);
        }
    }

    @Test
    void shouldNotCountAsAnswerWhenTheSocketAcceptsButNeverResponds() throws Exception {
        // given: a listening socket nobody reads from, as a broker bound but not yet serving
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // when
            boolean answered = Readiness.answersApiVersions("127.0.0.1", server.getLocalPort(), 300);

            // then
            assertThat(answered).isFalse();
            assertThat(Readiness.acceptsConnections(server.getLocalPort())).isTrue();
        }
    }

    @Test
    void shouldNotCountAsAnswerWhenNothingListens() {
        // given
        int port = FreePorts.pick();

        // when
        boolean answered = Readiness.answersApiVersions("127.0.0.1", port, 200);

        // then
        assertThat(answered).isFalse();
        assertThat(Readiness.acceptsConnections(port)).isFalse();
    }
}
