package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Real servers and clients in one application context, over the baseline
 * profile and over shared memory: @NetIpcHandler beans served, client and
 * cache beans connected by the scheduler, events, meters, and nothing left in
 * the run directory once the context is closed.
 */
class NetIpcContextEndToEndTest {
    private static final String TOKEN = "0xFEED";

    @TempDir
    Path runDir;

    @Configuration(proxyBeanMethods = false)
    static class Application {
        @Bean
        CounterHandler counterHandler() {
            return new CounterHandler();
        }

        @Bean
        CgroupsHandler cgroupsHandler() {
            return new CgroupsHandler();
        }

        @Bean
        SnapshotEvents events() {
            return new SnapshotEvents();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "uds,shm"})
    void handlersClientsAndCachesWorkTogether(String profiles) throws Exception {
        boolean shm = profiles.contains("shm");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcMetricsAutoConfiguration.class,
                        NetIpcAutoConfiguration.class))
                .withUserConfiguration(Application.class)
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.auth-token=" + TOKEN,
                        "netipc.profiles=" + profiles, "netipc.refresh-interval=20ms",
                        "netipc.clients.counter.kind=increment",
                        "netipc.caches.cgroups.refresh-interval=20ms", "netipc.caches.cgroups.publish-events=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IncrementClient counter = context.getBean("counter", IncrementClient.class);
                    Await.until("the client to be connected", counter::ready);
                    assertThat(counter.call(41)).isEqualTo(42);
                    assertThat(counter.status().sharedMemory()).isEqualTo(shm);

                    CgroupsSnapshotCache cache = context.getBean("cgroups", CgroupsSnapshotCache.class);
                    Await.until("the cache to be populated", cache::ready);
                    assertThat(cache.snapshot().itemCount()).isEqualTo(CgroupsHandler.NAMES.length);
                    assertThat(cache.get("docker_b")).isNotNull();

                    SnapshotEvents events = context.getBean(SnapshotEvents.class);
                    Await.until("the first event", () -> !events.received.isEmpty());
                    assertThat(events.received.get(0).cacheName()).isEqualTo("cgroups");
                    assertThat(events.received.get(0).previousGeneration()).isZero();
                    context.getBean(CgroupsHandler.class).generation.set(2);
                    Await.until("the event of generation 2",
                            () -> events.received.stream().anyMatch(e -> e.snapshot().generation() == 2));
                    assertThat(events.received).as("one event per generation").hasSize(2);

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get(NetIpcMeters.CLIENT_CALLS).tag("client", "counter")
                            .tag("outcome", "ok").timer().count()).isEqualTo(1);
                    assertThat(meters.get(NetIpcMeters.CLIENT_READY).tag("client", "counter").gauge().value())
                            .isEqualTo(1);
                    Await.until("the server to record the request", () -> meters.get(NetIpcMeters.SERVER_REQUESTS)
                            .tag("service", "counter").tag("outcome", "ok").timer().count() == 1);
                    assertThat(meters.get(NetIpcMeters.SERVER_SESSIONS_ACTIVE).tag("service", "counter").gauge()
                            .value()).isEqualTo(1);
                    assertThat(meters.get(NetIpcMeters.CACHE_ITEMS).tag("cache", "cgroups").gauge().value())
                            .isEqualTo(CgroupsHandler.NAMES.length);
                    assertThat(meters.get(NetIpcMeters.CACHE_REFRESHES).tag("cache", "cgroups")
                            .tag("outcome", "success").functionCounter().count()).isPositive();
                    assertThat(meters.get(NetIpcMeters.CACHE_AGE).tag("cache", "cgroups").timeGauge()
                            .value()).isNotNaN();
                    assertThat(context.getBean(NetIpcRegistry.class).server("cgroups").status().running()).isTrue();
                });
        try (Stream<Path> left = Files.list(runDir)) {
            assertThat(left).as("sockets and regions removed with the context").isEmpty();
        }
    }

    @Test
    void callsFailFastWhileTheServiceIsAbsent() throws Exception {
        String profiles = "uds";
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class))
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.profiles=" + profiles,
                        "netipc.refresh-interval=20ms", "netipc.clients.absent.kind=increment",
                        "netipc.caches.gone.refresh-interval=20ms")
                .run(context -> {
                    IncrementClient absent = context.getBean("absent", IncrementClient.class);
                    Await.until("a refresh to find nothing", () -> absent.status().connectCount() == 0
                            && absent.status().lastError() != null);
                    assertThat(absent.ready()).isFalse();
                    assertThatThrownBy(() -> absent.call(1)).isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.error()).isEqualTo(ServiceError.NOT_READY));
                    CgroupsSnapshotCache gone = context.getBean("gone", CgroupsSnapshotCache.class);
                    Await.until("a failed cache refresh", () -> gone.status().refreshFailures() > 0);
                    assertThat(gone.ready()).isFalse();
                });
    }
}
