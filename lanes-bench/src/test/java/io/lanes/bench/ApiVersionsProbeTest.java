package io.lanes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ApiVersionsProbeTest {

    @Test
    void shouldEncodeApiVersionsV0WithSizePrefix() {
        // when
        ByteBuffer request = ByteBuffer.wrap(ApiVersionsProbe.request(7));

        // then
        assertThat(request.getInt()).isEqualTo(request.remaining());
        assertThat(request.getShort()).isEqualTo((short) 18);
        assertThat(request.getShort()).isEqualTo((short) 0);
        assertThat(request.getInt()).isEqualTo(7);
        assertThat(request.getShort()).isEqualTo((short) "lanes-bench-probe".length());
    }

    @Test
    void shouldAcceptAResponseCarryingTheCorrelationId() throws Exception {
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

            // when / then
            assertThat(ApiVersionsProbe.answers("127.0.0.1", server.getLocalPort(), 2000)).isTrue();
            broker.join(2000);
        }
    }

    @Test
    void shouldRejectAClosedPort() {
        assertThat(ApiVersionsProbe.answers("127.0.0.1", FreePorts.next(), 200)).isFalse();
    }
}
