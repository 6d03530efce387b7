package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.server.ServerStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

/**
 * The lifecycle beans: phases around the web server's graceful shutdown,
 * stopping and starting again, counts kept across a server's restart.
 */
class NetIpcLifecycleTest {
    /** Spring Boot's graceful web shutdown and web server phases, which must stop before ours. */
    private static final int WEB_GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    private static final int WEB_SERVER_PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    @TempDir
    Path runDir;

    @Test
    void serversAndRefresherStopAfterTheWebServerAndServersAfterTheRefresher() {
        assertThat(NetIpcHandlerServers.PHASE).isLessThan(WEB_SERVER_PHASE).isLessThan(WEB_GRACEFUL_SHUTDOWN_PHASE);
        assertThat(NetIpcRefresher.PHASE).isGreaterThan(NetIpcHandlerServers.PHASE).isLessThan(WEB_SERVER_PHASE);
    }

    @Test
    void stoppingAndStartingAgainKeepsClientsUsableAndCountsMonotonic() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class))
                .withBean(CounterHandler.class)
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.refresh-interval=20ms",
                        "netipc.clients.counter.kind=increment")
                .run(context -> {
                    IncrementClient client = context.getBean("counter", IncrementClient.class);
                    Await.until("connected", client::ready);
                    assertThat(client.call(1)).isEqualTo(2);
                    NetIpcRegistry registry = context.getBean(NetIpcRegistry.class);
                    Await.until("the request counted", () -> registry.serverTotal("counter",
                            ServerStatus::requests) == 1);

                    context.stop();
                    assertThat(registry.server("counter")).isNull();
                    assertThat(registry.serverTotal("counter", ServerStatus::requests))
                            .as("a stopped server's counts are kept").isEqualTo(1);
                    assertThat(context.getBean(NetIpcRefresher.class).isRunning()).isFalse();

                    context.start();
                    Await.until("reconnected", () -> {
                        client.refresh();
                        return client.ready();
                    });
                    assertThat(client.call(2)).as("no abort left behind").isEqualTo(3);
                    Await.until("counted on top", () -> registry.serverTotal("counter",
                            ServerStatus::requests) == 2);
                    assertThat(registry.servers()).extracting(NetIpcRegistry.ServerEntry::kind)
                            .containsExactly(ServiceKind.INCREMENT);
                });
    }

    @Test
    void stoppingAbortsOnlyARefreshStillRunningNotTheClientsInUse() {
        CgroupsHandler cgroups = new CgroupsHandler();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class))
                .withBean(CounterHandler.class).withBean(CgroupsHandler.class, () -> cgroups)
                .withPropertyValues("netipc.run-dir=" + runDir, "netipc.refresh-interval=20ms",
                        "netipc.clients.counter.kind=increment", "netipc.caches.cache.service=cgroups",
                        "netipc.caches.cache.refresh-interval=20ms")
                .run(context -> {
                    IncrementClient client = context.getBean("counter", IncrementClient.class);
                    io.netdata.netipc.cache.CgroupsSnapshotCache cache =
                            context.getBean("cache", io.netdata.netipc.cache.CgroupsSnapshotCache.class);
                    Await.until("connected", client::ready);
                    Await.until("populated", cache::ready);
                    long refreshes = cache.status().refreshSuccesses();
                    cgroups.holding = true;
                    Await.until("a refresh held by the server", () -> cgroups.held() > 0);

                    context.getBean(NetIpcRefresher.class).stop();

                    assertThat(cache.status().lastError()).as("the held refresh was ended")
                            .isEqualTo(io.netdata.netipc.service.client.ServiceError.ABORTED);
                    assertThat(cache.status().refreshSuccesses()).isEqualTo(refreshes);
                    assertThat(client.status().lastError()).as("the idle client was never aborted").isNull();
                    assertThat(client.call(1)).isEqualTo(2);
                    cgroups.release();
                });
    }

    @Test
    void startingTwiceAndStoppingBeforeStartingAreHarmless() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class))
                .withBean(CounterHandler.class)
                .withPropertyValues("netipc.run-dir=" + runDir)
                .run(context -> {
                    NetIpcHandlerServers servers = context.getBean(NetIpcHandlerServers.class);
                    NetIpcRefresher refresher = context.getBean(NetIpcRefresher.class);
                    servers.start();
                    refresher.start();
                    assertThat(servers.isRunning()).isTrue();
                    refresher.stop();
                    refresher.stop();
                    servers.stop();
                    assertThat(servers.isRunning()).isFalse();
                    assertThat(refresher.isRunning()).isFalse();
                });
    }
}
