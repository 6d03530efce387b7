package io.netdata.netipc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ClientState;
import io.netdata.netipc.service.client.RespondingTestServer;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Level 3 cache: built from the first successful refresh, rebuilt on each
 * later one, kept through every kind of failure, read without locks or
 * allocation, and never invalidated under a reader.
 */
class CgroupsSnapshotCacheTest {
    private static final String SERVICE = "cgroups-snapshot";
    private static final long TOKEN = 5;
    private static final long MAX_PAYLOAD = 1 << 22;
    private static final long SYSTEMD = 1;
    private static final int LOOKUPS = 10_000;
    /** Bytes the runtime itself may allocate on the measuring thread, as in the transport's allocation tests. */
    private static final long ALLOCATION_NOISE = 4096;
    private static final long WAIT_SECONDS = 30;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The concurrent test: snapshots of 1 to this many items, read by several threads during many refreshes. */
    private static final int MAX_CHANGING_ITEMS = 8;
    private static final int READERS = 3;
    private static final int REFRESHES = 200;
    /** Every this many refreshes the refresher waits until each reader has seen the latest one. */
    private static final int RENDEZVOUS_EVERY = 50;

    @TempDir
    Path runDir;

    /** Items the server serves next; negative for a malformed answer. */
    private final AtomicInteger items = new AtomicInteger(3);
    private final AtomicLong generation = new AtomicLong(1);
    /** Requests the server has received, answered or not. */
    private final AtomicInteger requests = new AtomicInteger();
    /** While set, the server reads requests and never answers them. */
    private volatile boolean silent;
    /** A permit for each request the silent server left unanswered. */
    private final Semaphore unanswered = new Semaphore(0);
    /** The copy of the first refresh of {@link #populatedCache}, and its items as they were then. */
    private CgroupsSnapshot kept;
    private List<CachedCgroup> keptItems;
    private RespondingTestServer server;
    private CgroupsSnapshotCache cache;

    @AfterEach
    void tearDown() throws Exception {
        if (cache != null) {
            cache.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startServer() throws Exception {
        startServer((request, answer, capacity) -> {
            requests.incrementAndGet();
            if (silent) {
                unanswered.release();
                return RespondingTestServer.NO_ANSWER;
            }
            int count = items.get();
            if (count < 0) {
                // A layout version no reader accepts: a malformed answer.
                answer.putLong(0, -1L);
                answer.putLong(Long.BYTES, -1L);
                answer.putLong(2 * Long.BYTES, -1L);
                return 3 * Long.BYTES;
            }
            CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder().reset(answer, 0,
                    capacity, count, SYSTEMD, generation.get());
            for (int i = 0; i < count; i++) {
                ByteString name = name(i);
                builder.add(SimpleHash.of(name), i, 1, name, ByteString.utf8("/sys/fs/cgroup/" + i));
            }
            return builder.finish();
        });
    }

    private void startServer(RespondingTestServer.Responder responder) throws Exception {
        server = RespondingTestServer.start(new ServiceEndpoint(runDir, SERVICE), new ServerHandshakeConfig(
                Wire.PROFILE_BASELINE, 0, 0, MAX_PAYLOAD, TOKEN, 0), responder);
    }

    private static ByteString name(int i) {
        return ByteString.utf8("system.slice/service-" + i + ".service");
    }

    /** The path of item {@code i} in the snapshot of generation {@code generation}. */
    private static String path(int i, long generation) {
        return "/sys/fs/cgroup/" + i + "/g" + generation;
    }

    /** Items of the snapshot of {@code generation}: 1 to {@link #MAX_CHANGING_ITEMS}, changing with it. */
    private static int itemCount(long generation) {
        return (int) (generation % MAX_CHANGING_ITEMS) + 1;
    }

    private CgroupsSnapshotCache cache() throws Exception {
        return cache(CALL_TIMEOUT);
    }

    private CgroupsSnapshotCache cache(Duration callTimeout) throws Exception {
        cache = CgroupsSnapshotCache.create(ClientConfig.builder(runDir, SERVICE).authToken(TOKEN)
                .callTimeout(callTimeout).build());
        return cache;
    }

    /** A cache built from the server's first answer, 3 items of generation 1: {@link #kept}. */
    private CgroupsSnapshotCache populatedCache(Duration callTimeout) throws Exception {
        startServer();
        CgroupsSnapshotCache c = cache(callTimeout);
        assertThat(c.refresh()).isTrue();
        assertThat(c.status().connection()).isEqualTo(ClientState.READY);
        kept = c.snapshot();
        keptItems = List.copyOf(kept.items());
        return c;
    }

    /** A refresh on another thread, once the silent server holds its request. */
    private Future<Boolean> refreshBlockedOnASilentServer(CgroupsSnapshotCache c) throws InterruptedException {
        silent = true;
        Future<Boolean> refresh = CompletableFuture.supplyAsync(c::refresh);
        assertThat(unanswered.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("the request reached the server")
                .isTrue();
        return refresh;
    }

    /** The cache still publishes {@link #kept}, unchanged, and counts the failures. */
    private void assertKept(CgroupsSnapshotCache c, ServiceError error, long failures) {
        assertThat(c.snapshot()).isSameAs(kept);
        assertThat(kept.generation()).isEqualTo(1);
        assertThat(kept.items()).containsExactlyElementsOf(keptItems);
        assertThat(c.get(name(1).asString())).isSameAs(keptItems.get(1));
        assertThat(c.ready()).isTrue();
        CacheStatus status = c.status();
        assertThat(status.populated()).isTrue();
        assertThat(status.generation()).isEqualTo(1);
        assertThat(status.itemCount()).isEqualTo(3);
        assertThat(status.lastError()).isEqualTo(error);
        assertThat(status.refreshFailures()).isEqualTo(failures);
        assertThat(status.refreshSuccesses()).isOne();
    }

    @Test
    void anEmptyCacheNeedsNoProviderAndFindsNothing() throws Exception {
        CgroupsSnapshotCache c = cache();

        assertThat(c.ready()).isFalse();
        assertThat(c.get("anything")).isNull();
        assertThat(c.refresh()).isFalse();
        CacheStatus status = c.status();
        assertThat(status.populated()).isFalse();
        assertThat(status.refreshFailures()).isOne();
        assertThat(status.lastError()).isEqualTo(ServiceError.NOT_READY);
        assertThat(status.connection()).isEqualTo(ClientState.NOT_FOUND);
    }

    @Test
    void aRefreshBuildsTheCacheAndLookupsFindByHashAndName() throws Exception {
        startServer();
        CgroupsSnapshotCache c = cache();

        assertThat(c.refresh()).isTrue();

        assertThat(c.ready()).isTrue();
        CgroupsSnapshot snapshot = c.snapshot();
        assertThat(snapshot.itemCount()).isEqualTo(3);
        assertThat(snapshot.systemdEnabled()).isEqualTo(SYSTEMD);
        CachedCgroup found = c.get(SimpleHash.of(name(1)), name(1));
        assertThat(found).isNotNull();
        assertThat(found.path().asString()).isEqualTo("/sys/fs/cgroup/1");
        assertThat(c.get(name(2).asString())).isEqualTo(snapshot.items().get(2));
        assertThat(c.get(SimpleHash.of(name(1)), name(2))).as("hash of one, name of another").isNull();
        assertThat(c.get("system.slice/missing.service")).isNull();
        assertThat(found.toItem().name()).isEqualTo(name(1));
        assertThat(c.status().lastSuccess()).isNotNull();
    }

    @Test
    void everyKindOfFailureKeepsThePreviousCache() throws Exception {
        startServer();
        CgroupsSnapshotCache c = cache();
        assertThat(c.refresh()).isTrue();
        CgroupsSnapshot good = c.snapshot();

        items.set(-1);
        assertThat(c.refresh()).as("malformed").isFalse();
        assertThat(c.status().lastError()).isEqualTo(ServiceError.PROTOCOL);
        assertThat(c.status().connection()).as("a protocol error drops the session").isNotEqualTo(ClientState.READY);
        assertThat(c.snapshot()).isSameAs(good);

        server.close();
        server = null;
        assertThat(c.refresh()).as("no provider").isFalse();
        assertThat(c.snapshot()).isSameAs(good);
        assertThat(c.ready()).as("has data, though disconnected").isTrue();

        c.abort();
        items.set(4);
        startServer();
        assertThat(c.refresh()).as("aborted").isFalse();
        assertThat(c.status().lastError()).isEqualTo(ServiceError.ABORTED);
        assertThat(c.snapshot()).isSameAs(good);
        c.clearAbort();

        generation.set(2);
        assertThat(c.refresh()).as("the restarted provider").isTrue();
        assertThat(c.snapshot().itemCount()).isEqualTo(4);
        assertThat(c.snapshot().generation()).isEqualTo(2);
        assertThat(good.itemCount()).as("a copy held by a reader never changes").isEqualTo(3);
        CacheStatus status = c.status();
        assertThat(status.refreshSuccesses()).isEqualTo(2);
        assertThat(status.refreshFailures()).isEqualTo(3);
        assertThat(status.lastError()).isNull();
    }

    @Test
    void aTenThousandItemSnapshotIsIndexedAndLookupsAllocateNothing() throws Exception {
        items.set(LOOKUPS);
        startServer();
        CgroupsSnapshotCache c = cache();
        assertThat(c.refresh()).isTrue();
        String[] names = new String[LOOKUPS];
        long[] hashes = new long[LOOKUPS];
        ByteString[] bytes = new ByteString[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            bytes[i] = name(i);
            names[i] = bytes[i].asString();
            hashes[i] = SimpleHash.of(bytes[i]);
        }
        // Warm-up of both forms: the first calls may load classes and (under JaCoCo) allocate probes.
        for (int i = 0; i < LOOKUPS; i++) {
            assertThat(c.get(names[i])).as("item %d", i).isNotNull();
            assertThat(c.get(hashes[i], bytes[i])).as("item %d", i).isNotNull();
        }

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int found = 0;
        for (int i = 0; i < LOOKUPS; i++) {
            found += c.get(names[i]) != null ? 1 : 0;
            found += c.get(hashes[i], bytes[i]) != null ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(found).isEqualTo(2 * LOOKUPS);
        // The JIT and coverage agent may allocate a few bytes of their own while the loop runs; one
        // object per lookup would be at least 16 bytes times 20,000.
        assertThat(allocated).as("bytes allocated by %d lookups", 2 * LOOKUPS).isLessThan(ALLOCATION_NOISE);
    }

    @Test
    void readersKeepTheirCopyWhileRefreshesPublishNewOnes() throws Exception {
        startServer();
        CgroupsSnapshotCache c = cache();
        assertThat(c.refresh()).isTrue();
        CountDownLatch readerHolds = new CountDownLatch(1);
        CountDownLatch refreshed = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        Thread reader = new Thread(() -> {
            CgroupsSnapshot held = c.snapshot();
            readerHolds.countDown();
            try {
                refreshed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.set(held.get(name(0).asString()) != null && held.generation() == 1 ? held.itemCount() : -1);
        });
        reader.start();
        readerHolds.await();

        items.set(0);
        generation.set(9);
        assertThat(c.refresh()).isTrue();
        refreshed.countDown();
        reader.join();

        assertThat(seen.get()).as("the reader's copy, untouched by the refresh").isEqualTo(3);
        assertThat(c.snapshot().itemCount()).isZero();
        assertThat(c.snapshot().generation()).isEqualTo(9);
    }

    @Test
    void aProviderThatStopsAnsweringTimesOutAndTheCacheKeepsItsCopy() throws Exception {
        CgroupsSnapshotCache c = populatedCache(Duration.ofMillis(500));
        silent = true;

        assertThat(c.refresh()).isFalse();

        assertKept(c, ServiceError.TIMEOUT, 1);
        assertThat(c.status().connection()).as("a timeout drops the session").isEqualTo(ClientState.BROKEN);
        assertThat(requests.get()).as("a timed-out request is not resent").isEqualTo(2);
        silent = false;
        generation.set(2);
        assertThat(c.refresh()).as("answering again").isTrue();
        assertThat(c.snapshot().generation()).isEqualTo(2);
        assertThat(kept.items()).containsExactlyElementsOf(keptItems);
    }

    @Test
    void aProviderGoneUnderALiveSessionIsATransportErrorAndTheCacheKeepsItsCopy() throws Exception {
        CgroupsSnapshotCache c = populatedCache(CALL_TIMEOUT);

        server.close();
        server = null;
        assertThat(c.status().connection()).as("the cache does not know yet").isEqualTo(ClientState.READY);
        assertThat(c.refresh()).isFalse();

        assertKept(c, ServiceError.TRANSPORT, 1);
        assertThat(c.status().connection()).isEqualTo(ClientState.NOT_FOUND);
        assertThat(c.refresh()).as("still no provider").isFalse();
        assertKept(c, ServiceError.NOT_READY, 2);
    }

    @Test
    void aProviderRestartedUnderARefreshKeepsTheCopyAndTheNextRefreshRebuildsWithItsData() throws Exception {
        CgroupsSnapshotCache c = populatedCache(CALL_TIMEOUT);
        Future<Boolean> refresh = refreshBlockedOnASilentServer(c);

        // The provider goes down while the refresh waits for its answer, and comes back only after
        // the refresh gave up (its one reconnect found nobody).
        server.close();
        server = null;
        assertThat(refresh.get(WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        assertKept(c, ServiceError.TRANSPORT, 1);
        silent = false;
        items.set(5);
        generation.set(2);
        startServer();

        assertThat(c.refresh()).isTrue();

        CgroupsSnapshot rebuilt = c.snapshot();
        assertThat(rebuilt).isNotSameAs(kept);
        assertThat(rebuilt.generation()).isEqualTo(2);
        assertThat(rebuilt.itemCount()).isEqualTo(5);
        assertThat(c.get(name(4).asString())).isNotNull();
        assertThat(kept.get(name(4).asString())).as("the old copy never gains the new items").isNull();
        assertThat(kept.items()).containsExactlyElementsOf(keptItems);
        CacheStatus status = c.status();
        assertThat(status.connection()).isEqualTo(ClientState.READY);
        assertThat(status.refreshSuccesses()).isEqualTo(2);
        assertThat(status.refreshFailures()).isOne();
        assertThat(status.lastError()).isNull();
    }

    @Test
    void anAbortFromAnotherThreadEndsABlockedRefreshAndTheCacheKeepsItsCopy() throws Exception {
        CgroupsSnapshotCache c = populatedCache(CALL_TIMEOUT);
        Future<Boolean> refresh = refreshBlockedOnASilentServer(c);

        c.abort();

        assertThat(refresh.get(WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        assertKept(c, ServiceError.ABORTED, 1);
        assertThat(c.status().connection()).as("an abort drops the session").isEqualTo(ClientState.BROKEN);
        assertThat(requests.get()).as("an aborted request is not resent").isEqualTo(2);
        silent = false;
        generation.set(2);
        assertThat(c.refresh()).as("the abort is sticky").isFalse();
        assertKept(c, ServiceError.ABORTED, 2);
        c.clearAbort();
        assertThat(c.refresh()).isTrue();
        assertThat(c.snapshot().generation()).isEqualTo(2);
    }

    @Test
    void readersLookingUpDuringManyRefreshesAlwaysSeeOneConsistentSnapshot() throws Exception {
        // Each answer is a new generation whose item count and paths depend on it.
        startServer((request, answer, capacity) -> {
            long g = generation.incrementAndGet();
            int count = itemCount(g);
            CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder().reset(answer, 0, capacity,
                    count, SYSTEMD, g);
            for (int i = 0; i < count; i++) {
                ByteString name = name(i);
                builder.add(SimpleHash.of(name), i, 1, name, ByteString.utf8(path(i, g)));
            }
            return builder.finish();
        });
        CgroupsSnapshotCache c = cache();
        assertThat(c.refresh()).isTrue();
        String[] names = new String[MAX_CHANGING_ITEMS + 1];
        ByteString[] bytes = new ByteString[names.length];
        long[] hashes = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = name(i);
            names[i] = bytes[i].asString();
            hashes[i] = SimpleHash.of(bytes[i]);
        }
        AtomicLongArray lastSeen = new AtomicLongArray(READERS);
        AtomicLongArray generationsSeen = new AtomicLongArray(READERS);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch stop = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            readers.add(new Thread(() -> {
                try {
                    long previous = 0;
                    while (stop.getCount() > 0) {
                        CgroupsSnapshot held = c.snapshot();
                        long g = held.generation();
                        assertThat(g).as("generations only move forward").isGreaterThanOrEqualTo(previous);
                        if (g != previous) {
                            generationsSeen.incrementAndGet(reader);
                            previous = g;
                        }
                        // The held copy, read several times over while refreshes publish others.
                        for (int pass = 0; pass < 4; pass++) {
                            assertThat(held.itemCount()).isEqualTo(itemCount(g));
                            for (int i = 0; i < names.length; i++) {
                                CachedCgroup byName = held.get(names[i]);
                                CachedCgroup byHash = held.get(hashes[i], bytes[i]);
                                assertThat(byHash).isSameAs(byName);
                                if (i < itemCount(g)) {
                                    assertThat(byName).as("item %d of generation %d", i, g).isNotNull();
                                    assertThat(byName.path().asString()).isEqualTo(path(i, g));
                                    assertThat(byName).isSameAs(held.items().get(i));
                                } else {
                                    assertThat(byName).as("item %d of generation %d", i, g).isNull();
                                }
                            }
                        }
                        // A lookup through the cache: whatever copy it used, its item is consistent.
                        CachedCgroup latest = c.get(hashes[0], bytes[0]);
                        assertThat(latest).isNotNull();
                        long itemGeneration = Long.parseLong(latest.path().asString()
                                .substring(path(0, 0).length() - 1));
                        assertThat(itemGeneration).isGreaterThanOrEqualTo(g);
                        lastSeen.set(reader, g);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "cache-reader-" + r));
        }
        readers.forEach(Thread::start);
        try {
            for (int n = 1; n <= REFRESHES && failures.isEmpty(); n++) {
                assertThat(c.refresh()).as("refresh %d: %s", n, c.status()).isTrue();
                if (n % RENDEZVOUS_EVERY == 0) {
                    awaitEveryReaderAt(c.snapshot().generation(), lastSeen, failures);
                }
            }
        } finally {
            stop.countDown();
            for (Thread reader : readers) {
                reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
        }

        assertThat(readers).noneMatch(Thread::isAlive);
        assertThat(failures).isEmpty();
        for (int r = 0; r < READERS; r++) {
            assertThat(generationsSeen.get(r)).as("generations reader %d saw", r)
                    .isGreaterThanOrEqualTo(REFRESHES / RENDEZVOUS_EVERY);
        }
        assertThat(c.status().refreshSuccesses()).isEqualTo(REFRESHES + 1);
        assertThat(c.status().refreshFailures()).isZero();
    }

    private static void awaitEveryReaderAt(long generation, AtomicLongArray lastSeen,
            ConcurrentLinkedQueue<Throwable> failures) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (int r = 0; r < lastSeen.length(); r++) {
            while (lastSeen.get(r) < generation && failures.isEmpty()) {
                assertThat(System.nanoTime() - deadline).as("reader %d never saw generation %d", r, generation)
                        .isNegative();
                Thread.sleep(1);
            }
        }
    }
}
