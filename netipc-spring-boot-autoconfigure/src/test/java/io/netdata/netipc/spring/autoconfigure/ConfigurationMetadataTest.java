package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metadata IDEs complete properties from: generated, with descriptions and defaults, and merged hints. */
class ConfigurationMetadataTest {
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static String metadata() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(METADATA)) {
            assertThat(in).as(METADATA + " is generated").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", "");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netipc.enabled", "netipc.run-dir", "netipc.auth-token", "netipc.auth-token-file",
        "netipc.profiles", "netipc.call-timeout", "netipc.handshake-timeout", "netipc.refresh-interval",
        "netipc.max-request-payload", "netipc.max-response-payload", "netipc.clients", "netipc.caches",
        "netipc.servers.max-sessions", "netipc.servers.profiles", "netipc.servers.max-response-payload",
        "netipc.servers.shutdown-timeout"})
    void everyPropertyIsDescribed(String name) throws IOException {
        String metadata = metadata();
        int at = metadata.indexOf("\"name\":\"" + name + "\"");
        assertThat(at).as(name + " is listed").isNotNegative();
        int end = metadata.indexOf('}', at);
        assertThat(metadata.substring(metadata.lastIndexOf('{', at), end)).contains("\"description\":");
    }

    @Test
    void defaultsAndHintsAreThere() throws IOException {
        String metadata = metadata();
        assertThat(metadata).contains("\"defaultValue\":[\"uds\"]").contains("\"defaultValue\":\"30s\"")
                .contains("\"value\":\"shm\"");
    }
}
