package io.netdata.netipc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.internal.Directory;
import io.netdata.netipc.protocol.internal.NativeBytes;
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
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
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
    /** A name long enough that three copies of it exceed a three-item payload. */
    private static final int LONG_NAME_BYTES = 2000;

    @TempDir
    Path runDir;

    /** Items the server serves next; negative for a malformed answer. */
    private final AtomicInteger items = new AtomicInteger(3);
    private final AtomicLong generation = new AtomicLong(1);
    /** Requests the server has received, answered or not. */
    private final AtomicInteger requests = new AtomicInteger();
    /** While set, the server reads requests and never answers them. */
    private volatile boolean silent;
    /** While set, every directory entry of the server's answer points at its first item. */
    private volatile boolean overlapping;
    /** A permit for each request the silent server left unanswered. */
    private final Semaphore unanswered = new Semaphore(0);
    /** The copy of the first refresh of {@link #populatedCache}, and its items as they were then. */
    private CgroupsSnapshot kept;
    private List<CachedCgroup> keptItems;
    /** The name of the server's item {@code i}, and the hash it sends for a name. */
    private volatile IntFunction<ByteString> nameOf = CgroupsSnapshotCacheTest::name;
    private volatile ToLongFunction<ByteString> hashOf = SimpleHash::of;
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
                ByteString name = nameOf.apply(i);
                builder.add(hashOf.applyAsLong(name), i, 1, name, ByteString.utf8("/sys/fs/cgroup/" + i));
            }
            int length = builder.finish();
            if (overlapping) {
                pointEveryEntryAtTheFirstItem(answer, count);
            }
            return length;
        });
    }

    /** Legal on the wire (entries may overlap), but every item's strings are then those of item 0. */
    private static void pointEveryEntryAtTheFirstItem(java.nio.ByteBuffer answer, int count) {
        int first = CgroupsSnapshotResponseView.HEADER_SIZE;
        for (int i = 1; i < count; i++) {
            int entry = first + i * Directory.ENTRY_SIZE;
            NativeBytes.putU32(answer, entry + Directory.OFF_ENTRY_OFFSET,
                    NativeBytes.u32(answer, first + Directory.OFF_ENTRY_OFFSET));
            NativeBytes.putU32(answer, entry + Directory.OFF_ENTRY_LENGTH,
                    NativeBytes.u32(answer, first + Directory.OFF_ENTRY_LENGTH));
        }
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
    void aSnapshotThatCannotBeCopiedIsAFailedRefreshThatKeepsTheCacheAndDropsTheSession() throws Exception {
        startServer();
        AtomicInteger copies = new AtomicInteger();
        cache = CgroupsSnapshotCache.create(ClientConfig.builder(runDir, SERVICE).authToken(TOKEN)
                .callTimeout(Duration.ofSeconds(5)).build(), view -> switch (copies.incrementAndGet()) {
                    case 2 -> throw new IllegalStateException("a defect while indexing");
                    case 3 -> throw new OutOfMemoryError("no heap for the copy");
                    default -> CgroupsSnapshot.copyOf(view);
                });
        assertThat(cache.refresh()).isTrue();
        CgroupsSnapshot good = cache.snapshot();

        for (String failure : new String[] {"a runtime exception", "an OutOfMemoryError"}) {
            assertThat(cache.refresh()).as(failure).isFalse();

            CacheStatus status = cache.status();
            assertThat(status.lastError()).as(failure).isEqualTo(ServiceError.CLIENT_ERROR);
            assertThat(status.connection()).as("the session is dropped").isEqualTo(ClientState.DISCONNECTED);
            assertThat(cache.snapshot()).as("the previous copy stays").isSameAs(good);
            assertThat(cache.ready()).isTrue();
        }

        generation.set(2);
        assertThat(cache.refresh()).as("the next refresh reconnects").isTrue();
        CacheStatus status = cache.status();
        assertThat(status.connection()).isEqualTo(ClientState.READY);
        assertThat(status.generation()).isEqualTo(2);
        assertThat(status.refreshSuccesses()).isEqualTo(2);
        assertThat(status.refreshFailures()).isEqualTo(2);
        assertThat(status.lastError()).isNull();
    }

    @Test
    void overlappingItemsWhoseCopiesWouldOutgrowThePayloadAreAProtocolFailureThatKeepsTheCache()
            throws Exception {
        CgroupsSnapshotCache c = populatedCache(CALL_TIMEOUT);
        // Three entries on one item with a long name: copying each would cost three times its bytes,
        // more than the whole payload; honest producers never share bytes between items.
        nameOf = i -> i == 0 ? ByteString.utf8("x".repeat(LONG_NAME_BYTES)) : name(i);
        overlapping = true;

        assertThat(c.refresh()).isFalse();
        assertKept(c, ServiceError.PROTOCOL, 1);
        assertThat(c.status().connection()).as("the session is dropped").isEqualTo(ClientState.DISCONNECTED);

        overlapping = false;
        nameOf = CgroupsSnapshotCacheTest::name;
        generation.set(2);
        assertThat(c.refresh()).as("the next refresh reconnects").isTrue();
        assertThat(c.status().generation()).isEqualTo(2);
    }

    @Test
    void overlappingItemsThatFitThePayloadAreCopied() throws Exception {
        startServer();
        overlapping = true;
        CgroupsSnapshotCache c = cache();

        assertThat(c.refresh()).isTrue();
        assertThat(c.snapshot().items()).hasSize(3).allSatisfy(item -> assertThat(item.name()).isEqualTo(name(0)));
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

    /** Rounds of lookups measured: one allocation per lookup would be far above the noise. */
    private static final int LOOKUP_ROUNDS = 1000;
    /** Names beyond ASCII: two- and three-byte characters, and a surrogate pair (a four-byte character). */
    private static final String[] NON_ASCII = {"system.slice/café.service", "machine.slice/vm-€-1.scope",
        "user.slice/\uD83D\uDE00-session.scope", "ünïcödé"};

    @Test
    void nonAsciiNamesAreFoundByStringWithoutAllocating() throws Exception {
        nameOf = i -> ByteString.utf8(NON_ASCII[i]);
        items.set(NON_ASCII.length);
        startServer();
        CgroupsSnapshotCache c = cache();
        assertThat(c.refresh()).isTrue();
        CgroupsSnapshot snapshot = c.snapshot();
        // Absent names: one character changed, one byte short, one character more, a lone surrogate (encoded
        // as '?'), and another supplementary character.
        String[] absent = {"system.slice/cafè.service", "machine.slice/vm-€-1.scop", "ünïcödé!",
            "user.slice/\uD83D-session.scope", "user.slice/\uD83D\uDE01-session.scope"};
        CharSequence[] builders = new CharSequence[NON_ASCII.length];
        for (int i = 0; i < NON_ASCII.length; i++) {
            builders[i] = new StringBuilder(NON_ASCII[i]);
        }
        CachedCgroup[] found = new CachedCgroup[2 * NON_ASCII.length + absent.length];

        // The first round warms up (class loading, and JaCoCo's probes, allocate); the second is measured.
        allocatedBy(() -> lookUp(snapshot, builders, absent, found));
        long allocated = allocatedBy(() -> lookUp(snapshot, builders, absent, found));

        for (int i = 0; i < NON_ASCII.length; i++) {
            assertThat(found[2 * i]).as(NON_ASCII[i]).isSameAs(snapshot.items().get(i));
            assertThat(found[2 * i + 1]).as("any CharSequence").isSameAs(snapshot.items().get(i));
        }
        assertThat(found).as("nothing found for an absent name").endsWith(new CachedCgroup[absent.length]);
        assertThat(allocated).as("bytes allocated by the lookups").isLessThan(ALLOCATION_NOISE);
    }

    /** Looks every name up {@link #LOOKUP_ROUNDS} times, noting what the last round found. */
    private static void lookUp(CgroupsSnapshot snapshot, CharSequence[] builders, String[] absent,
            CachedCgroup[] found) {
        for (int round = 0; round < LOOKUP_ROUNDS; round++) {
            int at = 0;
            for (int i = 0; i < NON_ASCII.length; i++) {
                found[at++] = snapshot.get(NON_ASCII[i]);
                found[at++] = snapshot.get(builders[i]);
            }
            for (String name : absent) {
                found[at++] = snapshot.get(name);
            }
        }
    }

    private static long allocatedBy(Runnable lookups) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        lookups.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * Reads of a looked-up name's length one lookup may make in a snapshot of {@link #LOOKUPS} items
     * sharing one hash: a bisection's comparisons and the final one, at most two reads each; a linear
     * search would make thousands.
     */
    private static final int BOUNDED_COMPARISONS = 2 * (Integer.SIZE - Integer.numberOfLeadingZeros(LOOKUPS) + 2);

    @Test
    void aProducerSendingOneHashForEveryNameCannotMakeLookupsLinear() throws Exception {
        long sharedHash = 42;
        hashOf = name -> sharedHash;
        items.set(LOOKUPS);
        startServer();
        CgroupsSnapshotCache c = cache();

        assertThat(c.refresh()).isTrue();

        CgroupsSnapshot snapshot = c.snapshot();
        assertThat(snapshot.index().isSorted()).as("the probing bounds do not hold: searched in order").isTrue();
        for (int i = 0; i < LOOKUPS; i++) {
            CountingName bytes = new CountingName(name(i));
            CountingText text = new CountingText(name(i).asString());
            assertThat(snapshot.get(sharedHash, bytes)).as("item %d", i).isSameAs(snapshot.items().get(i));
            assertThat(c.get(name(i).asString())).as("item %d by String, under its own hash", i).isNull();
            assertThat(snapshot.index().get(sharedHash, text)).as("item %d by text", i)
                    .isSameAs(snapshot.items().get(i));
            assertThat(bytes.comparisons).as("comparisons for item %d", i).isLessThanOrEqualTo(BOUNDED_COMPARISONS);
            assertThat(text.comparisons).as("comparisons for item %d", i).isLessThanOrEqualTo(BOUNDED_COMPARISONS);
        }
        CountingName absent = new CountingName(ByteString.utf8("system.slice/service-x.service"));
        assertThat(snapshot.get(sharedHash, absent)).isNull();
        assertThat(absent.comparisons).isLessThanOrEqualTo(BOUNDED_COMPARISONS);
        assertThat(snapshot.get(sharedHash + 1, name(0))).as("another hash").isNull();
    }

    @Test
    void hashesDifferingOnlyInTheirHighBitsAreSpreadOverTheTable() throws Exception {
        // Every hash a multiple of 2^16: a table indexed by the low bits would put them all in one slot.
        hashOf = name -> (long) (name.hashCode() & 0xFFFF) << Short.SIZE;
        items.set(LOOKUPS);
        startServer();
        CgroupsSnapshotCache c = cache();

        assertThat(c.refresh()).isTrue();

        CgroupsSnapshot snapshot = c.snapshot();
        assertThat(snapshot.index().isSorted()).as("the probing bounds hold").isFalse();
        for (int i = 0; i < LOOKUPS; i++) {
            assertThat(snapshot.get(hashOf.applyAsLong(name(i)), name(i))).isSameAs(snapshot.items().get(i));
        }
    }

    @Test
    void ofItemsWithEqualHashAndNameTheProducersFirstIsFound() throws Exception {
        nameOf = i -> name(0);
        items.set(2 * CgroupsIndex.MAX_EQUAL_HASHES + 1);
        startServer();
        CgroupsSnapshotCache c = cache();

        assertThat(c.refresh()).isTrue();

        CgroupsSnapshot snapshot = c.snapshot();
        assertThat(snapshot.index().isSorted()).isTrue();
        assertThat(snapshot.itemCount()).isEqualTo(items.get());
        assertThat(c.get(name(0).asString())).isSameAs(snapshot.items().get(0));
        assertThat(c.get(SimpleHash.of(name(0)), name(0))).isSameAs(snapshot.items().get(0));
    }

    /** A name that counts how often a lookup compares with it (each comparison reads its length). */
    private static final class CountingName implements io.netdata.netipc.protocol.ByteSource {
        private final ByteString bytes;
        private int comparisons;

        CountingName(ByteString bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            comparisons++;
            return bytes.length();
        }

        @Override
        public byte byteAt(int index) {
            return bytes.byteAt(index);
        }

        @Override
        public void copyTo(java.nio.ByteBuffer target, int at) {
            bytes.copyTo(target, at);
        }
    }

    /** Text that counts how often a lookup compares with it (each comparison reads its length). */
    private static final class CountingText implements CharSequence {
        private final String text;
        private int comparisons;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            comparisons++;
            return text.length();
        }

        @Override
        public char charAt(int index) {
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
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
