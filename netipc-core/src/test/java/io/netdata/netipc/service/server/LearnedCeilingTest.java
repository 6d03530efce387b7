package io.netdata.netipc.service.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.service.ServiceDefaults;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Learned payload ceilings and the server configuration's defaults and checks. */
class LearnedCeilingTest {
    private static final long CONFIGURED = 4096;

    @Test
    void anUnconfiguredCeilingStartsAtTheDefaultAndGrowsByPowersOfTwoToTheCap() {
        LearnedCeiling ceiling = new LearnedCeiling(0);
        assertThat(ceiling.current()).isEqualTo(ServiceDefaults.SERVER_PAYLOAD_BYTES);

        ceiling.note(1500);
        assertThat(ceiling.current()).isEqualTo(2048);
        ceiling.note(100);
        assertThat(ceiling.current()).as("never shrinks").isEqualTo(2048);
        ceiling.note(Long.MAX_VALUE);
        assertThat(ceiling.current()).isEqualTo(ServiceDefaults.PAYLOAD_GROWTH_CAP_BYTES);
    }

    @Test
    void aConfiguredCeilingNeverMoves() {
        LearnedCeiling ceiling = new LearnedCeiling(CONFIGURED);
        ceiling.note(CONFIGURED * 8);
        assertThat(ceiling.current()).isEqualTo(CONFIGURED);
    }

    @Test
    void nextPowerOfTwoCoversTheEdges() {
        assertThat(LearnedCeiling.nextPowerOfTwo(0)).isEqualTo(1);
        assertThat(LearnedCeiling.nextPowerOfTwo(1)).isEqualTo(1);
        assertThat(LearnedCeiling.nextPowerOfTwo(1024)).isEqualTo(1024);
        assertThat(LearnedCeiling.nextPowerOfTwo(1025)).isEqualTo(2048);
        assertThat(LearnedCeiling.nextPowerOfTwo(Long.MAX_VALUE)).isEqualTo(1L << 62);
    }

    @Test
    void configurationDefaultsAreTheNamedOnes() {
        ServerConfig config = ServerConfig.builder(Path.of("/tmp"), "svc").build();
        assertThat(config.maxSessions()).isEqualTo(ServiceDefaults.MAX_SESSIONS);
        assertThat(config.shutdownTimeout()).isEqualTo(ServiceDefaults.SERVER_SHUTDOWN_TIMEOUT);
        assertThat(config.supportedProfiles()).isEqualTo(1);
        assertThat(config.preferredProfiles()).isZero();
        assertThat(config.maxRequestPayloadBytes()).isZero();
        assertThat(config.maxResponsePayloadBytes()).isZero();
        assertThat(config.snapshotMaxItems()).isZero();
        assertThat(config.backlog()).isZero();
        assertThat(config.threadFactory()).isNull();
        assertThat(config.authToken()).isZero();
        assertThat(config.handshakeTimeout()).isPositive();
        assertThat(config.endpoint().serviceName()).isEqualTo("svc");
    }

    @Test
    void negativeOrOutOfRangeSettingsAreRefused() {
        ServerConfig.Builder builder = ServerConfig.builder(Path.of("/tmp"), "svc");
        assertThatThrownBy(() -> builder.maxSessions(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.snapshotMaxItems(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.backlog(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.shutdownTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.handshakeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxResponsePayloadBytes(1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerConfig.builder(Path.of("/tmp"), "bad/name").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
