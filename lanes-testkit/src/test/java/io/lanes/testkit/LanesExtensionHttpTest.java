package io.lanes.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Each embedded broker gets an HTTP port of its own, so several can run in one JVM with /metrics. */
class LanesExtensionHttpTest {
    @RegisterExtension
    static LanesExtension first = LanesExtension.builder().build();

    @RegisterExtension
    static LanesExtension second = LanesExtension.builder().build();

    @Test
    void shouldServeMetricsOfEachBrokerOnItsOwnPortWhenTwoRunInOneJvm() throws Exception {
        // when
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> a = client.send(HttpRequest.newBuilder(URI.create(first.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> b = client.send(HttpRequest.newBuilder(URI.create(second.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(first.httpPort()).isNotEqualTo(second.httpPort());
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(a.body()).contains("jvm_memory_used_bytes");
    }
}
