package io.lanes.launch;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void shouldReturnDistinctBindablePortsWhenPickingSeveral() throws Exception {
        // when
        int[] ports = FreePorts.pick(5);

        // then
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(5);
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
