package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The values of the meters, read from a real registry while real clients, caches and servers work. */
class NetIpcMetersTest {
    private static final long WRONG_TOKEN = 99;
    private static final long GENERATION = 7;
    /** A call the server fails is sent again once on a new session before it fails. */
    private static final int FAILED_CALL_ATTEMPTS = 2;

    @TempDir
    Path runDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcMetricsAutoConfiguration.class,
                        NetIpcAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.refresh-interval=20ms");
    }

    private static RequiredSearch meter(AssertableApplicationContext context, String name) {
        return context.getBean(MeterRegistry.class).get(name);
    }

    private static long calls(AssertableApplicationContext context, String client, String outcome) {
        return meter(context, NetIpcMeters.CLIENT_CALLS).tag("client", client).tag("outcome", outcome).timer()
                .count();
    }

    private static double serverCount(AssertableApplicationContext context, String name, String service) {
        return meter(context, name).tag("service", service).functionCounter().count();
    }

    private static double clientCount(AssertableApplicationContext context, String name, String client) {
        return meter(context, name).tag("client", client).functionCounter().count();
    }

    private static ServiceError failure(IncrementClient client, long value) {
        try {
            client.call(value);
        } catch (ServiceException e) {
            return e.error();
        }
        throw new AssertionError("the call of " + value + " did not fail");
    }

    @Test
    void everyErrorHasItsOutcomeTagAndProtocolIsProtocolError() {
        assertThat(NetIpcMeters.outcome((ServiceError) null)).isEqualTo("ok");
        assertThat(NetIpcMeters.outcome(ServiceError.PROTOCOL)).isEqualTo("protocol_error");
        assertThat(NetIpcMeters.outcome(ServiceError.NOT_READY)).isEqualTo("not_ready");
        assertThat(NetIpcMeters.outcome(ServiceError.SERVER_ERROR)).isEqualTo("server_error");
        assertThat(NetIpcMeters.outcome(TransportStatus.INTERNAL_ERROR)).isEqualTo("internal_error");
        runner().withPropertyValues("netipc.clients.counter.kind=increment").run(context -> {
            for (ServiceError error : ServiceError.values()) {
                assertThat(calls(context, "counter", NetIpcMeters.outcome(error))).as(error.name()).isZero();
            }
        });
    }

    @Test
    void theKindTagIsTheKindInLowerCaseWithDashes() {
        assertThat(ServiceKind.CGROUPS_SNAPSHOT.label()).isEqualTo("cgroups-snapshot");
        assertThat(ServiceKind.APPS_LOOKUP.label()).isEqualTo("apps-lookup");
        runner().withBean(CgroupsHandler.class).withPropertyValues("netipc.clients.snap.kind=cgroups-snapshot",
                "netipc.clients.snap.service=cgroups").run(context -> {
                    assertThat(meter(context, NetIpcMeters.CLIENT_READY).tag("client", "snap").gauge().getId()
                            .getTag("kind")).isEqualTo("cgroups-snapshot");
                    assertThat(meter(context, NetIpcMeters.SERVER_SESSIONS_ACTIVE).tag("service", "cgroups")
                            .gauge().getId().getTag("kind")).isEqualTo("cgroups-snapshot");
                });
    }

    @Test
    void aCallWhileNotReadyIsCountedNotReady() {
        runner().withPropertyValues("netipc.clients.absent.kind=increment").run(context -> {
            assertThat(failure(context.getBean("absent", IncrementClient.class), 1))
                    .isEqualTo(ServiceError.NOT_READY);
            assertThat(calls(context, "absent", "not_ready")).isEqualTo(1);
            assertThat(calls(context, "absent", NetIpcMeters.OUTCOME_OK)).isZero();
            assertThat(clientCount(context, NetIpcMeters.CLIENT_CONNECTS, "absent")).isZero();
        });
    }

    @Test
    void aCallTheServerHoldsBeyondTheTimeoutIsCountedTimeout() {
        CounterHandler handler = new CounterHandler();
        runner().withBean(CounterHandler.class, () -> handler).withPropertyValues(
                "netipc.clients.counter.kind=increment", "netipc.clients.counter.call-timeout=100ms").run(context -> {
                    try {
                        IncrementClient client = context.getBean("counter", IncrementClient.class);
                        Await.until("connected", client::ready);
                        assertThat(failure(client, CounterHandler.HOLD)).isEqualTo(ServiceError.TIMEOUT);
                        assertThat(calls(context, "counter", "timeout")).isEqualTo(1);
                    } finally {
                        handler.release();
                    }
                });
    }

    @Test
    void connectsAndReconnectsAreCounted() {
        runner().withBean(CounterHandler.class).withPropertyValues("netipc.clients.counter.kind=increment")
                .run(context -> {
                    IncrementClient client = context.getBean("counter", IncrementClient.class);
                    Await.until("connected", client::ready);
                    assertThat(clientCount(context, NetIpcMeters.CLIENT_CONNECTS, "counter")).isEqualTo(1);
                    assertThat(clientCount(context, NetIpcMeters.CLIENT_RECONNECTS, "counter")).isZero();

                    NetIpcHandlerServers servers = context.getBean(NetIpcHandlerServers.class);
                    servers.stop();
                    servers.start();
                    assertThat(client.call(1)).as("the call reconnects to the new server").isEqualTo(2);
                    assertThat(clientCount(context, NetIpcMeters.CLIENT_RECONNECTS, "counter")).isEqualTo(1);
                    assertThat(clientCount(context, NetIpcMeters.CLIENT_CONNECTS, "counter")).isEqualTo(1);
                });
    }

    @Test
    void aFailingHandlerIsCountedAsAnErrorAndAnInternalErrorRequest() {
        runner().withBean(CounterHandler.class).withPropertyValues("netipc.clients.counter.kind=increment")
                .run(context -> {
                    IncrementClient client = context.getBean("counter", IncrementClient.class);
                    Await.until("connected", client::ready);
                    assertThat(failure(client, CounterHandler.FAIL)).isEqualTo(ServiceError.SERVER_ERROR);
                    assertThat(calls(context, "counter", "server_error")).isEqualTo(1);
                    // The call is sent twice: the specification's one retry after an ordinary failure.
                    Await.until("both errors counted", () -> serverCount(context, NetIpcMeters.SERVER_ERRORS,
                            "counter") == FAILED_CALL_ATTEMPTS);
                    // A request is observed after its answer is sent, so the client may hold the second
                    // error before the server's timer has it.
                    Await.until("both requests timed", () -> meter(context, NetIpcMeters.SERVER_REQUESTS)
                            .tag("service", "counter").tag("outcome", "internal_error").timer()
                            .count() == FAILED_CALL_ATTEMPTS);
                    assertThat(meter(context, NetIpcMeters.SERVER_REQUESTS).tag("service", "counter")
                            .tag("outcome", "ok").timer().count()).isZero();
                });
    }

    @Test
    void sessionsAcceptedRefusedAndLostAreCounted() {
        runner().withBean(CounterHandler.class).withPropertyValues("netipc.servers.max-sessions=1",
                "netipc.clients.counter.kind=increment").run(context -> {
                    NetIpcServerSettingsTest.assertASecondSessionIsRefused(context, runDir, "counter", "counter");
                    assertThat(serverCount(context, NetIpcMeters.SERVER_SESSIONS_ACCEPTED, "counter")).isEqualTo(1);
                    assertThat(serverCount(context, NetIpcMeters.SERVER_SESSIONS_REFUSED, "counter")).isEqualTo(1);
                    assertThat(serverCount(context, NetIpcMeters.SERVER_ACCEPT_FAILURES, "counter")).isZero();
                    try (IncrementClient intruder = ExtraClient.connect(runDir, "counter", WRONG_TOKEN)) {
                        assertThat(intruder.ready()).isFalse();
                        Await.until("the failed handshake counted", () ->
                                serverCount(context, NetIpcMeters.SERVER_ACCEPT_FAILURES, "counter") == 1);
                    }
                    assertThat(meter(context, NetIpcMeters.SERVER_SESSIONS_ACTIVE).tag("service", "counter")
                            .gauge().value()).isEqualTo(1);
                });
    }

    @Test
    void aCacheShowsItsGenerationItemsAndRefreshes() {
        CgroupsHandler handler = new CgroupsHandler();
        handler.generation.set(GENERATION);
        runner().withBean(CgroupsHandler.class, () -> handler)
                .withPropertyValues("netipc.caches.cgroups.refresh-interval=20ms").run(context -> {
                    CgroupsSnapshotCache cache = context.getBean("cgroups", CgroupsSnapshotCache.class);
                    Await.until("populated", cache::ready);
                    assertThat(meter(context, NetIpcMeters.CACHE_GENERATION).tag("cache", "cgroups").gauge().value())
                            .isEqualTo(GENERATION);
                    assertThat(meter(context, NetIpcMeters.CACHE_ITEMS).tag("cache", "cgroups").gauge().value())
                            .isEqualTo(CgroupsHandler.NAMES.length);
                    assertThat(meter(context, NetIpcMeters.CACHE_REFRESHES).tag("cache", "cgroups")
                            .tag("outcome", "failure").functionCounter().count()).isZero();
                });
    }

    @Test
    void aCacheThatNeverRefreshedHasNoAgeAndCountsItsFailures() {
        runner().withPropertyValues("netipc.caches.gone.refresh-interval=20ms").run(context -> {
            CgroupsSnapshotCache cache = context.getBean("gone", CgroupsSnapshotCache.class);
            Await.until("two failed refreshes", () -> cache.status().refreshFailures() >= 2);
            assertThat(meter(context, NetIpcMeters.CACHE_REFRESHES).tag("cache", "gone").tag("outcome", "failure")
                    .functionCounter().count()).isGreaterThanOrEqualTo(2);
            assertThat(meter(context, NetIpcMeters.CACHE_REFRESHES).tag("cache", "gone").tag("outcome", "success")
                    .functionCounter().count()).isZero();
            assertThat(meter(context, NetIpcMeters.CACHE_AGE).tag("cache", "gone").timeGauge()
                    .value(TimeUnit.MILLISECONDS)).isNaN();
            assertThat(meter(context, NetIpcMeters.CACHE_GENERATION).tag("cache", "gone").gauge().value()).isZero();
        });
    }

    @org.junit.jupiter.api.Test
    void generationsAboveTwoToTheSixtyThreeAreGaugedAsUnsigned() {
        assertThat(NetIpcMeters.unsignedToDouble(0)).isZero();
        assertThat(NetIpcMeters.unsignedToDouble(Long.MAX_VALUE)).isEqualTo(0x1p63);
        assertThat(NetIpcMeters.unsignedToDouble(Long.MIN_VALUE)).isEqualTo(0x1p63);
        assertThat(NetIpcMeters.unsignedToDouble(-1L)).isEqualTo(0x1p64);
        assertThat(NetIpcMeters.unsignedToDouble(Long.MIN_VALUE + 1))
                .isEqualTo(new java.math.BigInteger(Long.toUnsignedString(Long.MIN_VALUE + 1)).doubleValue());
    }
}
