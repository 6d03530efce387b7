package io.netdata.netipc.spring.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.service.server.IncrementHandler;
import io.netdata.netipc.spring.autoconfigure.NetIpcAutoConfiguration;
import io.netdata.netipc.spring.autoconfigure.NetIpcHandler;
import io.netdata.netipc.spring.autoconfigure.NetIpcHandlerServers;
import io.netdata.netipc.spring.autoconfigure.NetIpcRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health contributor and the endpoint against real servers, clients and caches. */
class NetIpcActuatorTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path runDir;

    @NetIpcHandler(service = "counter")
    static class Counter implements IncrementHandler {
        @Override
        public long handle(long value) {
            return value + 1;
        }
    }

    @NetIpcHandler(service = "cgroups")
    static class Cgroups implements CgroupsSnapshotHandler {
        @Override
        public void handle(CgroupsSnapshotRequestView request, CgroupsSnapshotResponseBuilder response) {
            response.setHeader(0, 7);
            response.add(SimpleHash.of("one"), 0, 1, ByteString.utf8("one"), ByteString.utf8("/one"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        Counter counterHandler() {
            return new Counter();
        }

        @Bean
        Cgroups cgroupsHandler() {
            return new Cgroups();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class,
                        NetIpcActuatorAutoConfiguration.class))
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.refresh-interval=20ms",
                        "management.endpoints.web.exposure.include=health,netipc");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(10);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everythingReadyIsUpAndTheEndpointListsIt() {
        runner().withUserConfiguration(Handlers.class)
                .withPropertyValues("netipc.clients.counter.kind=increment",
                        "netipc.caches.cgroups.refresh-interval=20ms")
                .run(context -> {
                    NetIpcHealthIndicator health = context.getBean(NetIpcHealthIndicator.class);
                    await("UP", () -> health.health().getStatus().equals(Status.UP));
                    Health up = health.health();
                    assertThat(up.getDetails()).containsKeys(NetIpcHealthIndicator.CLIENTS,
                            NetIpcHealthIndicator.SERVERS, NetIpcHealthIndicator.CACHES);
                    assertThat((Map<String, Object>) up.getDetails().get(NetIpcHealthIndicator.SERVERS))
                            .containsKeys("counter", "cgroups");

                    assertThat(context.getBean("counter", IncrementClient.class).call(1)).isEqualTo(2);
                    NetIpcEndpoint.Report report = context.getBean(NetIpcEndpoint.class).report();
                    assertThat(report.clients()).singleElement().satisfies(client -> {
                        assertThat(client.name()).isEqualTo("counter");
                        assertThat(client.kind()).isEqualTo("increment");
                        assertThat(client.state()).isEqualTo("READY");
                        assertThat(client.transport()).isEqualTo("uds");
                        assertThat(client.calls()).isEqualTo(1);
                        assertThat(client.lastError()).isNull();
                    });
                    assertThat(report.servers()).extracting(NetIpcEndpoint.ServerReport::service)
                            .containsExactly("cgroups", "counter");
                    assertThat(report.servers()).allSatisfy(server -> {
                        assertThat(server.running()).isTrue();
                        assertThat(server.status()).isNotNull();
                    });
                    assertThat(report.servers().get(1).sessions()).as("the client's baseline session")
                            .containsEntry("uds", 1).containsEntry("shm", 0);
                    assertThat(report.caches()).singleElement().satisfies(cache -> {
                        assertThat(cache.populated()).isTrue();
                        assertThat(cache.items()).isEqualTo(1);
                        assertThat(cache.generation()).isEqualTo("7");
                        assertThat(cache.ageMillis()).isNotNull().isNotNegative();
                    });
                });
    }

    @Test
    void aRequiredClientThatCannotConnectIsDownAnOptionalOneIsNot() {
        runner().withPropertyValues("netipc.clients.absent.kind=increment").run(context ->
                assertThat(context.getBean(NetIpcHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN));
        runner().withPropertyValues("netipc.clients.absent.kind=increment", "netipc.clients.absent.required=false",
                "netipc.caches.gone.required=false").run(context -> {
                    NetIpcEndpoint.Report report = context.getBean(NetIpcEndpoint.class).report();
                    assertThat(report.clients().get(0).transport()).isNull();
                    assertThat(report.caches().get(0).ageMillis()).isNull();
                    assertThat(context.getBean(NetIpcHealthIndicator.class).health().getStatus())
                            .isEqualTo(Status.UP);
                });
    }

    @Test
    void aRequiredCacheWithoutDataIsDown() {
        runner().withPropertyValues("netipc.caches.gone.service=absent").run(context ->
                assertThat(context.getBean(NetIpcHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN));
    }

    @Test
    void aStoppedServerIsDown() {
        runner().withUserConfiguration(Handlers.class).run(context -> {
            NetIpcHealthIndicator health = context.getBean(NetIpcHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            context.getBean(NetIpcHandlerServers.class).stop();
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            NetIpcEndpoint.Report report = context.getBean(NetIpcEndpoint.class).report();
            assertThat(report.servers()).allSatisfy(server -> {
                assertThat(server.running()).isFalse();
                assertThat(server.status()).isNull();
            });
        });
    }

    @Test
    void aCacheWithOldDataIsOutOfService() {
        runner().withUserConfiguration(Handlers.class)
                .withPropertyValues("netipc.caches.cgroups.refresh-interval=20ms",
                        "netipc.caches.cgroups.stale-after=5s", "netipc.clients.absent.kind=increment",
                        "netipc.clients.absent.required=false")
                .run(context -> {
                    NetIpcRegistry registry = context.getBean(NetIpcRegistry.class);
                    await("the cache", () -> registry.caches().get(0).cache().ready());
                    Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
                    assertThat(new NetIpcHealthIndicator(registry, later).health().getStatus())
                            .isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(new NetIpcEndpoint(registry, later).report().caches().get(0).ageMillis())
                            .isGreaterThanOrEqualTo(Duration.ofSeconds(55).toMillis());
                });
    }

    @Test
    void theContributorAndEndpointCanBeSwitchedOffAndNeedNetipc() {
        runner().withPropertyValues("management.health.netipc.enabled=false",
                "management.endpoints.web.exposure.include=health").run(context -> {
                    assertThat(context).doesNotHaveBean(NetIpcHealthIndicator.class);
                    assertThat(context).doesNotHaveBean(NetIpcEndpoint.class);
                });
        runner().withPropertyValues("netipc.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(NetIpcHealthIndicator.class).doesNotHaveBean(NetIpcEndpoint.class);
        });
    }
}
