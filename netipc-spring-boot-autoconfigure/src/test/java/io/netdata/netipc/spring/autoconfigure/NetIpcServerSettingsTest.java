package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.ServiceDefaults;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.RequestObserver;
import io.netdata.netipc.service.server.ServerConfig;
import io.netdata.netipc.service.server.ServerStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The netipc.servers.* defaults and a @NetIpcHandler's own maxSessions and
 * profiles reach the servers: shown by what real clients get where the
 * server's behaviour shows it, else by the configuration the settings build.
 */
class NetIpcServerSettingsTest {
    private static final long RESPONSE_CEILING = 128 * 1024;

    @TempDir
    Path runDir;

    /** Serves one session at once, whatever netipc.servers.max-sessions says, and offers SHM. */
    @NetIpcHandler(service = "single", maxSessions = 1, profiles = {NetIpcProfile.UDS, NetIpcProfile.SHM})
    static class Single extends CounterHandler {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class))
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.refresh-interval=20ms");
    }

    static ManagedServer server(AssertableApplicationContext context, String service) {
        return context.getBean(NetIpcRegistry.class).server(service);
    }

    /** The context's client {@code name} holds a session of {@code service}; another client is refused. */
    static void assertASecondSessionIsRefused(AssertableApplicationContext context, Path runDir, String name,
            String service) throws Exception {
        IncrementClient own = context.getBean(name, IncrementClient.class);
        Await.until("the first session", own::ready);
        ManagedServer server = server(context, service);
        Await.until("the server to serve it", () -> server.status().activeSessions() == 1);
        try (IncrementClient second = ExtraClient.connect(runDir, service, 0)) {
            Await.until("the second session refused", () -> server.status().refusedSessions() == 1);
        }
        ServerStatus status = server.status();
        assertThat(status.acceptedSessions()).isEqualTo(1);
        assertThat(status.activeSessions()).isEqualTo(1);
        assertThat(own.call(1)).as("the first session goes on").isEqualTo(2);
    }

    @Test
    void maxSessionsOfTheServersRefusesASecondClient() {
        runner().withBean(CounterHandler.class)
                .withPropertyValues("netipc.servers.max-sessions=1", "netipc.clients.counter.kind=increment")
                .run(context -> assertASecondSessionIsRefused(context, runDir, "counter", "counter"));
    }

    @Test
    void maxSessionsOfTheHandlerWinsOverTheServers() {
        runner().withBean(Single.class)
                .withPropertyValues("netipc.servers.max-sessions=8", "netipc.clients.single.kind=increment")
                .run(context -> assertASecondSessionIsRefused(context, runDir, "single", "single"));
    }

    @Test
    void theServersProfilesWinOverTheTopLevelOnesAndTheHandlersOverBoth() {
        runner().withBean(CounterHandler.class).withBean(Single.class)
                .withPropertyValues("netipc.profiles=uds,shm", "netipc.servers.profiles=uds",
                        "netipc.clients.counter.kind=increment", "netipc.clients.single.kind=increment")
                .run(context -> {
                    IncrementClient counter = context.getBean("counter", IncrementClient.class);
                    IncrementClient single = context.getBean("single", IncrementClient.class);
                    Await.until("both connected", () -> counter.ready() && single.ready());
                    assertThat(counter.status().sharedMemory()).as("servers.profiles=uds").isFalse();
                    assertThat(single.status().sharedMemory()).as("the handler's profiles").isTrue();
                });
    }

    @Test
    void theResponseCeilingIsTheConfiguredOneOrTheLearnedDefault() {
        runner().withBean(CounterHandler.class).withPropertyValues("netipc.servers.max-response-payload=128KB")
                .run(context -> assertThat(server(context, "counter").status().responseCeiling())
                        .isEqualTo(RESPONSE_CEILING));
        runner().withBean(CounterHandler.class)
                .run(context -> assertThat(server(context, "counter").status().responseCeiling())
                        .isEqualTo(ServiceDefaults.SERVER_PAYLOAD_BYTES));
    }

    private static ServerConfig config(AssertableApplicationContext context, Class<?> handler) {
        NetIpcHandler annotation = handler.getAnnotation(NetIpcHandler.class);
        return context.getBean(NetIpcSettings.class).serverConfig("test", annotation.service(), annotation,
                RequestObserver.NONE);
    }

    @Test
    void theSettingsBuildTheServerConfigFromTheServersAndTheHandler() {
        runner().withPropertyValues("netipc.profiles=uds", "netipc.servers.max-sessions=8",
                "netipc.servers.profiles=uds,shm", "netipc.servers.max-response-payload=128KB",
                "netipc.servers.shutdown-timeout=2s", "netipc.handshake-timeout=3s").run(context -> {
                    ServerConfig counter = config(context, CounterHandler.class);
                    assertThat(counter.maxSessions()).isEqualTo(8);
                    assertThat(counter.supportedProfiles()).isEqualTo(Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID);
                    assertThat(counter.preferredProfiles()).isEqualTo(Wire.PROFILE_SHM_HYBRID);
                    assertThat(counter.maxResponsePayloadBytes()).isEqualTo(RESPONSE_CEILING);
                    assertThat(counter.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(counter.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config(context, Single.class).maxSessions()).isEqualTo(1);
                });
        runner().run(context -> {
            ServerConfig defaults = config(context, CounterHandler.class);
            assertThat(defaults.maxSessions()).isEqualTo(ServiceDefaults.MAX_SESSIONS);
            assertThat(defaults.supportedProfiles()).as("netipc.profiles").isEqualTo(Wire.PROFILE_BASELINE);
            assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        });
    }
}
