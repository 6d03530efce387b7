package io.netdata.netipc.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks the sample's HTTP API on this machine, and reads its JSON. */
final class SampleHttp {
    static final int OK = 200;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON answer of {@code path}, checked to come with {@code status}. */
    JsonNode getJson(int port, String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return read(response.body());
    }

    JsonNode read(String text) {
        return json.readTree(text);
    }
}
