package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cache.CacheStatus;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Caches against a real snapshot server: their own settings reach their
 * client, events are published only for new data and only when asked for,
 * and a refresh that throws does not end the refreshes after it.
 *
 * <p>The client's refresh task is not tested the same way: a client's
 * {@code refresh()} does not throw, its classes are final, and the observers
 * it calls cannot fail it, so nothing can make that task throw.
 */
class NetIpcCacheTest {
    @TempDir
    Path runDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NetIpcAutoConfiguration.class))
                .withPropertyValues("netipc.run-dir=" + runDir);
    }

    private static CgroupsSnapshotCache cache(AssertableApplicationContext context, String name) {
        return context.getBean(name, CgroupsSnapshotCache.class);
    }

    private long regionFiles() throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(ShmRegionFiles.SUFFIX)).count();
        }
    }

    @Test
    void aCachesOwnProfilesDecideWhetherItUsesSharedMemory() {
        runner().withBean(CgroupsHandler.class)
                .withPropertyValues("netipc.profiles=uds", "netipc.servers.profiles=uds,shm",
                        "netipc.caches.shm.service=cgroups", "netipc.caches.shm.profiles=uds,shm",
                        "netipc.caches.plain.service=cgroups")
                .run(context -> {
                    Await.until("both caches populated", () -> cache(context, "shm").ready()
                            && cache(context, "plain").ready());
                    assertThat(regionFiles()).as("one SHM session: the cache that offers it").isEqualTo(1);
                });
    }

    @Test
    void aCachesOwnCallTimeoutEndsARefreshTheServerHolds() {
        CgroupsHandler handler = new CgroupsHandler();
        handler.holding = true;
        runner().withBean(CgroupsHandler.class, () -> handler)
                .withPropertyValues("netipc.call-timeout=1h", "netipc.caches.cgroups.call-timeout=100ms")
                .run(context -> {
                    try {
                        CgroupsSnapshotCache cache = cache(context, "cgroups");
                        Await.until("a refresh timed out",
                                () -> cache.status().lastError() == ServiceError.TIMEOUT);
                        assertThat(cache.ready()).isFalse();
                    } finally {
                        handler.release();
                    }
                });
    }

    @Test
    void withoutPublishEventsNoEventIsPublished() {
        runner().withBean(CgroupsHandler.class).withBean(SnapshotEvents.class)
                .withPropertyValues("netipc.caches.cgroups.refresh-interval=20ms").run(context -> {
                    CgroupsSnapshotCache cache = cache(context, "cgroups");
                    Await.until("two refreshes, so the first one's task ended",
                            () -> cache.status().refreshSuccesses() >= 2);
                    assertThat(context.getBean(SnapshotEvents.class).received).isEmpty();
                });
    }

    @Test
    void aFailedRefreshPublishesNoEvent() {
        runner().withBean(SnapshotEvents.class).withPropertyValues("netipc.caches.gone.refresh-interval=20ms",
                "netipc.caches.gone.publish-events=true").run(context -> {
                    CgroupsSnapshotCache cache = cache(context, "gone");
                    Await.until("two failed refreshes", () -> cache.status().refreshFailures() >= 2);
                    assertThat(context.getBean(SnapshotEvents.class).received).isEmpty();
                });
    }

    /** Fails on the first event it hears, as a faulty listener of the application would. */
    static class FailingOnce extends SnapshotEvents {
        private final AtomicBoolean failed = new AtomicBoolean();

        @Override
        public void onApplicationEvent(CgroupsSnapshotChangedEvent event) {
            super.onApplicationEvent(event);
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("a listener failed");
            }
        }
    }

    @Test
    void aRefreshThatThrowsDoesNotEndTheRefreshesAfterIt() {
        runner().withBean(CgroupsHandler.class).withBean(FailingOnce.class)
                .withPropertyValues("netipc.caches.cgroups.refresh-interval=20ms",
                        "netipc.caches.cgroups.publish-events=true")
                .run(context -> {
                    FailingOnce events = context.getBean(FailingOnce.class);
                    Await.until("the first event, which throws", () -> events.received.size() == 1);
                    CgroupsSnapshotCache cache = cache(context, "cgroups");
                    long before = cache.status().refreshSuccesses();
                    context.getBean(CgroupsHandler.class).generation.set(2);
                    Await.until("the event of the next generation", () -> events.received.size() == 2);
                    CacheStatus status = cache.status();
                    assertThat(status.refreshSuccesses()).isGreaterThan(before);
                    assertThat(status.generation()).isEqualTo(2);
                });
    }
}
