package io.netdata.netipc.spring.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.spring.autoconfigure.NetIpcAutoConfiguration;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/** The auth token is masked by the actuator even when it is told to show values. */
class NetIpcAuthTokenSanitizerTest {
    private static final String TOKEN = "0xC0FFEE";

    @TempDir
    Path runDir;

    @ParameterizedTest
    @ValueSource(strings = {"netipc.auth-token", "NETIPC_AUTH_TOKEN", "authToken", "netipc.authToken"})
    void everyFormOfTheTokensNameIsMasked(String key) {
        SanitizableData data = new SanitizableData(new MapPropertySource("test", Map.of()), key, TOKEN);
        assertThat(new NetIpcAuthTokenSanitizer().apply(data).getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"netipc.auth-token-file", "netipc.run-dir", "server.port"})
    void otherKeysAreLeftAlone(String key) {
        SanitizableData data = new SanitizableData(new MapPropertySource("test", Map.of()), key, "value");
        assertThat(new NetIpcAuthTokenSanitizer().apply(data).getValue()).isEqualTo("value");
        assertThat(NetIpcAuthTokenSanitizer.isToken(null)).isFalse();
    }

    @Test
    void otherValuesHoldingTheTokenAreMaskedTooButNotShortTokens() {
        MapPropertySource source = new MapPropertySource("test", Map.of());
        SanitizableData command = new SanitizableData(source, "sun.java.command",
                "app.jar --netipc.auth-token=" + TOKEN);
        assertThat(new NetIpcAuthTokenSanitizer(TOKEN).apply(command).getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        SanitizableData other = new SanitizableData(source, "server.port", "8080");
        assertThat(new NetIpcAuthTokenSanitizer("80").apply(other).getValue()).as("too short to look for")
                .isEqualTo("8080");
        assertThat(new NetIpcAuthTokenSanitizer(TOKEN).apply(other).getValue()).isEqualTo("8080");
    }

    @Test
    void theEnvEndpointShowsEverythingButTheToken() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class,
                        NetIpcActuatorAutoConfiguration.class, EndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class))
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.auth-token=" + TOKEN,
                        "copy.of.token=--netipc.auth-token=" + TOKEN, "management.endpoint.env.show-values=always", "management.endpoints.web.exposure.include=env")
                .run(context -> {
                    EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
                    assertThat(env.environmentEntry("netipc.auth-token").getProperty().getValue())
                            .isEqualTo(SanitizableData.SANITIZED_VALUE);
                    assertThat(env.environmentEntry("netipc.run-dir").getProperty().getValue())
                            .isEqualTo(runDir.toString());
                    assertThat(env.environmentEntry("copy.of.token").getProperty().getValue())
                            .as("a value holding the token").isEqualTo(SanitizableData.SANITIZED_VALUE);
                });
    }
}
