package io.netdata.netipc.spring.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.service.server.IncrementHandler;
import io.netdata.netipc.spring.autoconfigure.NetIpcAutoConfiguration;
import io.netdata.netipc.spring.autoconfigure.NetIpcHandler;
import io.netdata.netipc.spring.autoconfigure.NetIpcHandlerServers;
import io.netdata.netipc.spring.autoconfigure.NetIpcRefresher;
import io.netdata.netipc.spring.autoconfigure.NetIpcRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health contributor and the endpoint against real servers, clients and caches. */
class NetIpcActuatorTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path runDir;

    /** Answers value + 1, and fails (INTERNAL_ERROR) for a negative value. */
    @NetIpcHandler(service = "counter")
    static class Counter implements IncrementHandler {
        @Override
        public long handle(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("negative");
            }
            return value + 1;
        }
    }

    @NetIpcHandler(service = "cgroups")
    static class Cgroups implements CgroupsSnapshotHandler {
        final AtomicLong generation = new AtomicLong(7);

        @Override
        public void handle(CgroupsSnapshotRequestView request, CgroupsSnapshotResponseBuilder response) {
            response.setHeader(0, generation.get());
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
        return runner(runDir);
    }

    static ApplicationContextRunner runner(Path runDir) {
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

    private static Health healthAfter(NetIpcRegistry registry, Duration later) {
        return new NetIpcHealthIndicator(registry, Clock.fixed(Instant.now().plus(later), ZoneOffset.UTC)).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Health health, String group, String name) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get(group)).get(name);
    }

    private static NetIpcRegistry populated(AssertableApplicationContext context, String cache)
            throws InterruptedException {
        NetIpcRegistry registry = context.getBean(NetIpcRegistry.class);
        await("the cache " + cache, () -> context.getBean(cache, CgroupsSnapshotCache.class).ready());
        return registry;
    }

    @Test
    void downWinsOverOutOfService() {
        String stale = "netipc.caches.cgroups.stale-after=5s";
        // A stale cache, then (by name) a cache without data: DOWN replaces OUT_OF_SERVICE.
        runner().withUserConfiguration(Handlers.class).withPropertyValues(stale, "netipc.caches.later.service=absent")
                .run(context -> assertThat(healthAfter(populated(context, "cgroups"), Duration.ofMinutes(1))
                        .getStatus()).isEqualTo(Status.DOWN));
        // A client that is not ready, then a stale cache: OUT_OF_SERVICE does not replace DOWN.
        runner().withUserConfiguration(Handlers.class).withPropertyValues(stale, "netipc.clients.absent.kind=increment")
                .run(context -> assertThat(healthAfter(populated(context, "cgroups"), Duration.ofMinutes(1))
                        .getStatus()).isEqualTo(Status.DOWN));
    }

    @Test
    void aCacheIsStaleOnlyBeyondItsOwnStaleAfterAndAnOptionalStaleCacheKeepsUp() {
        runner().withUserConfiguration(Handlers.class)
                .withPropertyValues("netipc.caches.hourly.service=cgroups", "netipc.caches.hourly.stale-after=1h",
                        "netipc.caches.plain.service=cgroups", "netipc.caches.plain.required=false")
                .run(context -> {
                    populated(context, "plain");
                    Health minuteLater = healthAfter(populated(context, "hourly"), Duration.ofMinutes(1));
                    assertThat(minuteLater.getStatus()).isEqualTo(Status.UP);
                    assertThat(detail(minuteLater, NetIpcHealthIndicator.CACHES, "hourly"))
                            .containsEntry("stale", false).containsEntry("required", true);
                    assertThat(detail(minuteLater, NetIpcHealthIndicator.CACHES, "plain"))
                            .as("beyond the default stale-after of 30s").containsEntry("stale", true)
                            .containsEntry("required", false);
                });
    }

    @Test
    void theDetailsGiveTheValuesOfEachClientServerAndCache() {
        runner().withUserConfiguration(Handlers.class).withPropertyValues("netipc.clients.counter.kind=increment",
                "netipc.caches.cgroups.refresh-interval=20ms").run(context -> {
                    NetIpcHealthIndicator indicator = context.getBean(NetIpcHealthIndicator.class);
                    await("UP with one session each", () -> {
                        Health health = indicator.health();
                        return health.getStatus().equals(Status.UP)
                                && detail(health, NetIpcHealthIndicator.SERVERS, "counter").get("activeSessions")
                                        .equals(1)
                                && detail(health, NetIpcHealthIndicator.SERVERS, "cgroups").get("activeSessions")
                                        .equals(1);
                    });
                    Health health = indicator.health();
                    assertThat(detail(health, NetIpcHealthIndicator.CLIENTS, "counter"))
                            .isEqualTo(Map.of("state", "READY", "required", true));
                    assertThat(detail(health, NetIpcHealthIndicator.SERVERS, "counter"))
                            .isEqualTo(Map.of("running", true, "activeSessions", 1));
                    assertThat(detail(health, NetIpcHealthIndicator.CACHES, "cgroups"))
                            .isEqualTo(Map.of("populated", true, "stale", false, "items", 1, "required", true));

                    context.getBean(NetIpcHandlerServers.class).stop();
                    assertThat(detail(indicator.health(), NetIpcHealthIndicator.SERVERS, "counter"))
                            .isEqualTo(Map.of("running", false, "activeSessions", 0));
                });
    }

    @Test
    void theEndpointReportsEveryFieldOfAClient() {
        runner().withUserConfiguration(Handlers.class).withPropertyValues("netipc.profiles=uds,shm",
                "netipc.clients.count.kind=increment", "netipc.clients.count.service=counter").run(context -> {
                    IncrementClient client = context.getBean("count", IncrementClient.class);
                    await("connected", client::ready);
                    assertThat(client.call(1)).isEqualTo(2);
                    NetIpcEndpoint endpoint = context.getBean(NetIpcEndpoint.class);
                    assertThat(endpoint.report().clients()).singleElement().isEqualTo(new NetIpcEndpoint.ClientReport(
                            "count", "increment", "counter", "READY", "shm", 1, 0, 1, 0, null, true));
                    assertThat(endpoint.report().servers()).filteredOn(server -> server.service().equals("counter"))
                            .singleElement().satisfies(server -> assertThat(server.sessions())
                                    .as("the profile mix: the client's session is over shared memory")
                                    .containsEntry("shm", 1).containsEntry("uds", 0));

                    assertThatThrownBy(() -> client.call(-1)).isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.error()).isEqualTo(ServiceError.SERVER_ERROR));
                    assertThat(endpoint.report().clients()).singleElement().satisfies(report -> {
                        assertThat(report.calls()).isEqualTo(1);
                        assertThat(report.errors()).isEqualTo(1);
                        assertThat(report.lastError()).isEqualTo("SERVER_ERROR");
                        assertThat(report.reconnects()).as("the call's one retry reconnected").isPositive();
                    });
                });
    }

    @Test
    void theEndpointReportsEveryFieldOfAServer() {
        runner().withUserConfiguration(Handlers.class).run(context -> {
            NetIpcEndpoint.Report report = context.getBean(NetIpcEndpoint.class).report();
            assertThat(report.servers()).extracting(NetIpcEndpoint.ServerReport::service,
                    NetIpcEndpoint.ServerReport::kind, NetIpcEndpoint.ServerReport::bean,
                    NetIpcEndpoint.ServerReport::running).containsExactly(
                            tuple("cgroups", "cgroups-snapshot", "cgroupsHandler", true),
                            tuple("counter", "increment", "counterHandler", true));
            assertThat(report.servers()).allSatisfy(server -> assertThat(server.status().running()).isTrue());
        });
    }

    @Test
    void theEndpointReportsEveryFieldOfACacheAndItsGenerationUnsigned() {
        long aboveTwoToThe63 = Long.MIN_VALUE + 1;
        String unsigned = "9223372036854775809";
        runner().withUserConfiguration(Handlers.class).withPropertyValues("netipc.caches.cgroups.refresh-interval=20ms",
                "netipc.caches.gone.service=absent", "netipc.caches.gone.required=false").run(context -> {
                    context.getBean(Cgroups.class).generation.set(aboveTwoToThe63);
                    NetIpcEndpoint endpoint = context.getBean(NetIpcEndpoint.class);
                    await("the new generation", () -> endpoint.report().caches().get(0).generation().equals(unsigned));
                    CgroupsSnapshotCache gone = context.getBean("gone", CgroupsSnapshotCache.class);
                    await("a failed refresh", () -> gone.status().refreshFailures() > 0);
                    context.getBean(NetIpcRefresher.class).stop();
                    List<NetIpcEndpoint.CacheReport> caches = endpoint.report().caches();
                    assertThat(caches.get(0)).satisfies(cache -> {
                        assertThat(cache.name()).isEqualTo("cgroups");
                        assertThat(cache.service()).isEqualTo("cgroups");
                        assertThat(cache.connection()).isEqualTo("READY");
                        assertThat(cache.populated()).isTrue();
                        assertThat(cache.items()).isEqualTo(1);
                        assertThat(cache.ageMillis()).isNotNull();
                        assertThat(cache.refreshSuccesses()).isPositive();
                        assertThat(cache.refreshFailures()).isZero();
                        assertThat(cache.lastError()).isNull();
                        assertThat(cache.required()).isTrue();
                    });
                    assertThat(caches.get(1)).satisfies(cache -> {
                        assertThat(cache.name()).isEqualTo("gone");
                        assertThat(cache.service()).isEqualTo("absent");
                        assertThat(cache.connection()).isEqualTo("NOT_FOUND");
                        assertThat(cache.populated()).isFalse();
                        assertThat(cache.items()).isZero();
                        assertThat(cache.generation()).isEqualTo("0");
                        assertThat(cache.ageMillis()).isNull();
                        assertThat(cache.refreshSuccesses()).isZero();
                        assertThat(cache.refreshFailures()).isPositive();
                        assertThat(cache.lastError()).isEqualTo("NOT_READY");
                        assertThat(cache.required()).isFalse();
                    });
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
