package io.netdata.netipc.service.server;

import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The managed server where the system or a peer misbehaves: answer buffers that
 * grow only as answers need (and a heap that refuses), a stop signal or an
 * accept that fails, a client admitted while the server stops, an interrupted
 * close, undecodable requests of every kind, and handlers that throw, break
 * their builder or answer too much.
 */
class ManagedServerEdgeTest {
    private static final String SERVICE = "edges";
    private static final long TOKEN = 0xED6E5L;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long LARGE_CEILING = 16L << 20;
    private static final List<LookupLabel> NO_LABELS = List.of();

    @TempDir
    Path runDir;

    private ServerConfig.Builder server() {
        return ServerConfig.builder(runDir, SERVICE).authToken(TOKEN);
    }

    private ClientConfig.Builder client() {
        return ClientConfig.builder(runDir, SERVICE).authToken(TOKEN).callTimeout(WAIT)
                .maxResponsePayloadBytes(LARGE_CEILING);
    }

    private static ServerSeams withAllocator(IntFunction<ByteBuffer> allocator) {
        return new ServerSeams(ServerSeams.SYSTEM.stopSignals(), ServerSeams.SYSTEM.acceptor(),
                ServerSeams.SYSTEM.handshaker(), allocator);
    }

    private static ServerSeams withAcceptor(ServerSeams.Acceptor acceptor) {
        return new ServerSeams(ServerSeams.SYSTEM.stopSignals(), acceptor, ServerSeams.SYSTEM.handshaker(),
                ServerSeams.SYSTEM.allocator());
    }

    private static ServerSeams withHandshaker(ServerSeams.Handshaker handshaker) {
        return new ServerSeams(ServerSeams.SYSTEM.stopSignals(), ServerSeams.SYSTEM.acceptor(), handshaker,
                ServerSeams.SYSTEM.allocator());
    }

    private static Supplier<RequestDispatcher> increments() {
        return () -> new IncrementDispatcher(value -> value + 1);
    }

    /** A snapshot of {@code items} cgroups with paths of about 200 bytes each. */
    private static CgroupsSnapshotHandler snapshotOf(AtomicInteger items, AtomicInteger calls) {
        String padding = "p".repeat(200);
        return (request, response) -> {
            calls.incrementAndGet();
            response.setHeader(1, 9);
            for (int i = 0; i < items.get(); i++) {
                ByteString name = ByteString.utf8("cg-" + i);
                response.add(SimpleHash.of(name), 0, 1, name, ByteString.utf8("/" + i + padding));
            }
        };
    }

    // ---- answer buffers ----

    @Test
    void aLargeCeilingIsAllocatedOnlyAsFarAsTheAnswersNeed() throws Exception {
        Queue<Integer> allocations = new ConcurrentLinkedQueue<>();
        AtomicInteger items = new AtomicInteger(1);
        AtomicInteger calls = new AtomicInteger();
        try (ManagedServer server = ManagedServer.start(ServiceKind.CGROUPS_SNAPSHOT,
                server().maxResponsePayloadBytes(LARGE_CEILING).build(), withAllocator(size -> {
                    allocations.add(size);
                    return ByteBuffer.allocate(size);
                }), () -> new CgroupsSnapshotDispatcher(snapshotOf(items, calls), 0));
                CgroupsSnapshotClient client = CgroupsSnapshotClient.create(client().build())) {
            client.refresh();

            assertThat(client.call().itemCount()).isEqualTo(1);
            assertThat(allocations).containsExactly(SessionBuffer.INITIAL_BYTES);
            assertThat(calls.get()).isEqualTo(1);

            items.set(1000);
            calls.set(0);
            CgroupsSnapshotResponseView view = client.call();

            assertThat(view.itemCount()).isEqualTo(1000);
            assertThat(view.item(999).name().asString()).isEqualTo("cg-999");
            List<Integer> sizes = new ArrayList<>(allocations);
            assertThat(sizes.get(0)).isEqualTo(SessionBuffer.INITIAL_BYTES);
            for (int i = 1; i < sizes.size(); i++) {
                assertThat(sizes.get(i)).as("doubled").isEqualTo(sizes.get(i - 1) * 2);
            }
            assertThat(sizes.get(sizes.size() - 1)).as("about 250 KB needed, far from the 16 MiB ceiling")
                    .isBetween(256 * 1024, 1024 * 1024);
            assertThat(calls.get()).as("asked again after each growth").isEqualTo(sizes.size());
            assertThat(client.status().reconnectCount()).as("no overflow seen by the client").isZero();
        }
    }

    @Test
    void aLookupAnswersEveryItemInOneResponseOnceTheBufferGrew() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String longName = "n".repeat(2000);
        // Requests of 64 KiB carry the 100 paths at once.
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().maxResponsePayloadBytes(1 << 20)
                .maxRequestPayloadBytes(65_536).build(), (request, response) -> {
                    calls.incrementAndGet();
                    for (int i = 0; i < request.itemCount(); i++) {
                        response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, 1,
                                ByteString.utf8(longName), NO_LABELS);
                    }
                }); CgroupsLookupClient client = CgroupsLookupClient.create(client().maxRequestPayloadBytes(65_536)
                        .build())) {
            client.refresh();
            List<ByteString> paths = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                paths.add(ByteString.utf8("/cg/" + i));
            }

            CgroupsLookupResponseView view = client.call(paths);

            assertThat(view.itemCount()).isEqualTo(100);
            CgroupsLookupItemView item = new CgroupsLookupItemView();
            for (int i = 0; i < 100; i++) {
                assertThat(view.item(i, item).status()).isEqualTo(CgroupLookupStatus.KNOWN);
            }
            ServerStatus status = ServerStatusWait.until(server, st -> st.requests() == 1, "one round trip");
            assertThat(status.requests()).isEqualTo(1);
            assertThat(calls.get()).as("64 KiB, 128 KiB, then 256 KiB held all 200 KB").isEqualTo(3);
        }
    }

    @Test
    void anItemIsOversizedOnlyWhenItDoesNotFitTheWholeCeiling() throws Exception {
        int ceiling = 256 * 1024;
        String fitsOnlyGrown = "m".repeat(100 * 1024);
        String neverFits = "x".repeat(300 * 1024);
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().maxResponsePayloadBytes(ceiling).build(),
                (request, response) -> {
                    BytesView path = new BytesView();
                    for (int i = 0; i < request.itemCount(); i++) {
                        String name = switch (request.path(i, path).asString()) {
                            case "/medium" -> fitsOnlyGrown;
                            case "/huge" -> neverFits;
                            default -> "small";
                        };
                        response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, 1, ByteString.utf8(name),
                                NO_LABELS);
                    }
                }); CgroupsLookupClient client = CgroupsLookupClient.create(client().build())) {
            client.refresh();

            CgroupsLookupResponseView view = client.call(List.of(ByteString.utf8("/medium"),
                    ByteString.utf8("/huge"), ByteString.utf8("/small")));

            CgroupsLookupItemView item = new CgroupsLookupItemView();
            assertThat(view.item(0, item).status()).isEqualTo(CgroupLookupStatus.KNOWN);
            assertThat(item.name().length()).isEqualTo(fitsOnlyGrown.length());
            assertThat(view.item(1, item).status()).as("final, not retried").isEqualTo(
                    CgroupLookupStatus.OVERSIZED_ITEM);
            assertThat(view.item(2, item).status()).isEqualTo(CgroupLookupStatus.KNOWN);
            assertThat(item.name().asString()).isEqualTo("small");
        }
    }

    @Test
    void anAppsItemIsOversizedOnlyWhenItDoesNotFitTheWholeCeiling() throws Exception {
        int ceiling = 256 * 1024;
        try (ManagedServer server = ManagedServer.appsLookup(server().maxResponsePayloadBytes(ceiling).build(),
                (request, response) -> {
                    for (int i = 0; i < request.itemCount(); i++) {
                        long pid = request.pid(i);
                        int nameLength = pid == 1 ? 100 * 1024 : pid == 2 ? 300 * 1024 : 5;
                        response.add(PidLookupStatus.KNOWN, 0, 0, pid, 1, 0, 42, ByteString.utf8("comm"),
                                ByteString.utf8("/cg"), ByteString.utf8("a".repeat(nameLength)), NO_LABELS);
                    }
                }); AppsLookupClient client = AppsLookupClient.create(client().build())) {
            client.refresh();

            AppsLookupResponseView view = client.call(1, 2, 3);

            AppsLookupItemView item = new AppsLookupItemView();
            assertThat(view.item(0, item).status()).isEqualTo(PidLookupStatus.KNOWN);
            assertThat(item.cgroupName().length()).isEqualTo(100 * 1024);
            assertThat(view.item(1, item).status()).isEqualTo(PidLookupStatus.OVERSIZED_ITEM);
            assertThat(view.item(2, item).status()).isEqualTo(PidLookupStatus.KNOWN);
        }
    }

    @Test
    void aLookupWhoseBufferCannotGrowStillAnswersInPartsTheClientStitches() throws Exception {
        String longName = "n".repeat(2000);
        try (ManagedServer server = ManagedServer.start(ServiceKind.CGROUPS_LOOKUP,
                server().maxResponsePayloadBytes(1 << 20).build(), withAllocator(size -> {
                    if (size > SessionBuffer.INITIAL_BYTES) {
                        throw new OutOfMemoryError("test heap");
                    }
                    return ByteBuffer.allocate(size);
                }), () -> LookupDispatcher.cgroups((request, response) -> {
                    for (int i = 0; i < request.itemCount(); i++) {
                        response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, 1,
                                ByteString.utf8(longName), NO_LABELS);
                    }
                })); CgroupsLookupClient client = CgroupsLookupClient.create(client().build())) {
            client.refresh();
            List<ByteString> paths = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                paths.add(ByteString.utf8("/cg/" + i));
            }

            assertThat(client.call(paths).itemCount()).isEqualTo(100);
            ServerStatusWait.until(server, st -> st.requests() >= 4, "a round trip per 64 KiB");
            assertThat(server.status().failedRequests()).isZero();
        }
    }

    @Test
    void aSnapshotTheHeapCannotHoldIsAServerError() throws Exception {
        AtomicInteger items = new AtomicInteger(1000);
        try (ManagedServer server = ManagedServer.start(ServiceKind.CGROUPS_SNAPSHOT,
                server().maxResponsePayloadBytes(LARGE_CEILING).build(), withAllocator(size -> {
                    if (size > SessionBuffer.INITIAL_BYTES) {
                        throw new OutOfMemoryError("test heap");
                    }
                    return ByteBuffer.allocate(size);
                }), () -> new CgroupsSnapshotDispatcher(snapshotOf(items, new AtomicInteger()), 0));
                CgroupsSnapshotClient client = CgroupsSnapshotClient.create(client().build())) {
            client.refresh();

            assertFails(client::call, ServiceError.SERVER_ERROR);
            items.set(1);
            client.refresh();
            assertThat(client.call().itemCount()).as("the server goes on").isEqualTo(1);
        }
    }

    // ---- starting, accepting, stopping ----

    @Test
    void aStopSignalThatCannotBeCreatedFailsTheStartAndLeavesNoFile() throws Exception {
        ServerSeams seams = new ServerSeams(() -> {
            throw new NativeException("eventfd", 24);
        }, ServerSeams.SYSTEM.acceptor(), ServerSeams.SYSTEM.handshaker(), ServerSeams.SYSTEM.allocator());

        assertThatThrownBy(() -> ManagedServer.start(ServiceKind.INCREMENT, server().build(), seams, increments()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.error()).isEqualTo(ServiceError.TRANSPORT);
                    assertThat(e).hasCauseInstanceOf(NativeException.class);
                });
        try (var files = Files.list(runDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void failingAcceptsAreCountedAndTheServerGoesOnAccepting() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ServerSeams seams = withAcceptor((listener, stop) -> {
            int attempt = attempts.incrementAndGet();
            if (attempt == 1) {
                // An interrupt must neither end the pause early for good nor stop the server.
                Thread.currentThread().interrupt();
            }
            if (attempt <= 3) {
                throw new TransportException(TransportError.IO, "accept: too many open files");
            }
            if (attempt == 4) {
                throw new IllegalStateException("a bug in one admission");
            }
            return listener.acceptPending(null, stop);
        });
        try (ManagedServer server = ManagedServer.start(ServiceKind.INCREMENT, server().build(), seams, increments());
                IncrementClient client = IncrementClient.create(client().build())) {
            assertThat(client.refresh()).isTrue();

            assertThat(client.call(1)).isEqualTo(2);
            assertThat(server.status().acceptFailures()).isEqualTo(4);
            assertThat(server.status().acceptedSessions()).isEqualTo(1);
        }
    }

    @Test
    void aHandshakeThatFailsInsideTheServerIsCountedAndHangsUpOnThatClientOnly() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ServerSeams seams = withHandshaker((connection, stop, config) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in one handshake");
            }
            return connection.handshake(stop, config);
        });
        try (ManagedServer server = ManagedServer.start(ServiceKind.INCREMENT, server().build(), seams, increments());
                IncrementClient client = IncrementClient.create(client().build())) {
            client.refresh();
            assertThat(client.ready()).as("hung up on during its handshake").isFalse();

            client.refresh();
            assertThat(client.call(1)).isEqualTo(2);
            assertThat(server.status().acceptFailures()).isOne();
            assertThat(server.status().acceptedSessions()).isOne();
        }
    }

    @Test
    void aClientAcceptedWhileTheServerStopsIsHungUpOn() throws Exception {
        AtomicReference<ManagedServer> self = new AtomicReference<>();
        CountDownLatch stopping = new CountDownLatch(1);
        ServerSeams seams = withHandshaker((connection, stop, config) -> {
            UdsSession session = connection.handshake(stop, config);
            Thread closer = new Thread(() -> self.get().shutdown());
            closer.setDaemon(true);
            closer.start();
            while (self.get().isRunning()) {
                Thread.onSpinWait();
            }
            stopping.countDown();
            return session;
        });
        ManagedServer server = ManagedServer.start(ServiceKind.INCREMENT, server().build(), seams, increments());
        self.set(server);
        try (IncrementClient client = IncrementClient.create(client().build())) {
            client.refresh();

            assertThat(stopping.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(server.shutdown()).isTrue();
            assertThat(server.status().refusedSessions()).isEqualTo(1);
            assertThat(server.status().acceptedSessions()).isZero();
            assertThatThrownBy(() -> client.call(1)).isInstanceOf(ServiceException.class);
        }
    }

    @Test
    void anAcceptorThatOutlivesTheTimeoutMakesCloseReportIt() throws Exception {
        CountDownLatch inAccept = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerSeams seams = withAcceptor((listener, stop) -> {
            inAccept.countDown();
            // Deaf to the stop signal and to interrupts, as a stuck system call would be.
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // Stays stuck.
                }
            }
            throw new TransportException(TransportError.ABORTED, "released");
        });
        ManagedServer server = ManagedServer.start(ServiceKind.INCREMENT,
                server().shutdownTimeout(Duration.ofMillis(200)).build(), seams, increments());
        try {
            assertThat(inAccept.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(server.shutdown()).isFalse();
            assertThat(server.endpoint().socketPath()).doesNotExist();
        } finally {
            release.countDown();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!server.shutdown()) {
            assertThat(System.nanoTime()).as("a later close sees the acceptor gone").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, Long.MAX_VALUE / 1_000_000_000L + 1})
    void aShutdownTimeoutBeyondNanosecondArithmeticIsClampedAndCloseReturns(long seconds) throws Exception {
        // Long.MAX_VALUE / 10^9 + 1 seconds is the first whole second whose nanoseconds overflow a long.
        ServerConfig config = server().shutdownTimeout(Duration.ofSeconds(seconds)).build();
        assertThat(config.shutdownTimeout()).isEqualTo(ServerConfig.MAX_SHUTDOWN_TIMEOUT);
        ManagedServer server = ManagedServer.increment(config, value -> value + 1);
        try (IncrementClient client = IncrementClient.create(client().build())) {
            client.refresh();
            assertThat(client.call(1)).isEqualTo(2);
        }

        assertThat(server.shutdown()).as("every thread ended").isTrue();
        assertThat(server.shutdown()).as("a second close waits as the first did, and returns").isTrue();
        assertThat(server.status().running()).isFalse();
    }

    @Test
    void aShutdownTimeoutOfTheLargestNanosecondCountDoesNotOverflowTheDeadline() throws Exception {
        ManagedServer server = ManagedServer.increment(server().shutdownTimeout(Duration.ofNanos(Long.MAX_VALUE))
                .build(), value -> value + 1);

        assertThat(server.shutdown()).isTrue();
        assertThat(server.shutdown()).isTrue();
    }

    @Test
    void aThreadFactoryWithNoAcceptorThreadFailsTheStartAndLeavesNoFile() {
        assertThatThrownBy(() -> ManagedServer.increment(server().threadFactory(task -> null).build(),
                value -> value)).isInstanceOf(NullPointerException.class).hasMessageContaining("thread factory");
        try (var files = Files.list(runDir)) {
            assertThat(files).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSessionThreadThatCannotStartHangsUpOnThatSessionOnly() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Thread spent = new Thread(() -> { });
        spent.start();
        spent.join();
        try (ManagedServer server = ManagedServer.increment(server().threadFactory(task -> {
            // The second thread (the first session's) is one that ran already: start() refuses it.
            Thread thread = made.incrementAndGet() == 2 ? spent : new Thread(task);
            thread.setDaemon(true);
            return thread;
        }).build(), value -> value + 1)) {
            try (IncrementClient client = IncrementClient.create(client().build())) {
                client.refresh();
                assertThat(client.call(1)).as("answered on the session its retry opened").isEqualTo(2);
                assertThat(client.status().reconnectCount()).isEqualTo(1);
            }
            assertThat(server.status().refusedSessions()).isEqualTo(1);
            assertThat(server.status().acceptedSessions()).isEqualTo(1);
        }
    }

    // ---- what a peer or a handler sends ----

    @Test
    void answersBelowTheirOwnHeaderAreOverflowsForEveryKind() throws Exception {
        try (ManagedServer server = ManagedServer.increment(server().maxResponsePayloadBytes(4).build(),
                value -> value); IncrementClient client = IncrementClient.create(client().build())) {
            client.refresh();
            assertFails(() -> client.call(1), ServiceError.OVERFLOW);
        }
        try (ManagedServer server = ManagedServer.cgroupsSnapshot(server().maxResponsePayloadBytes(8).build(),
                (request, response) -> { }); CgroupsSnapshotClient client = CgroupsSnapshotClient.create(
                        client().build())) {
            client.refresh();
            assertFails(client::call, ServiceError.OVERFLOW);
        }
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().maxResponsePayloadBytes(8).build(),
                (request, response) -> { }); CgroupsLookupClient client = CgroupsLookupClient.create(
                        client().build())) {
            client.refresh();
            assertFails(() -> client.call(List.of()), ServiceError.OVERFLOW);
        }
    }

    @Test
    void aBatchOfLargeAnswersGrowsItsBuffersInsteadOfFailing() throws Exception {
        String large = "L".repeat(100 * 1024);
        String medium = "m".repeat(40 * 1024);
        try (ManagedServer server = ManagedServer.stringReverse(server().maxRequestPayloadBytes(1 << 20)
                .maxResponsePayloadBytes(1 << 20).build(), StringReverseHandler.ofStrings(text -> text));
                io.netdata.netipc.service.client.StringReverseClient client =
                        io.netdata.netipc.service.client.StringReverseClient.create(client()
                                .maxRequestPayloadBytes(1 << 20).maxRequestBatchItems(4).build())) {
            client.refresh();

            assertThat(client.callBatch(List.of(medium, medium))).containsExactly(medium, medium);
            assertThat(client.callBatch(List.of("a", large, "b"))).containsExactly("a", large, "b");
            assertThat(server.status().failedRequests()).isZero();
        }
    }



    /** Requests of each kind that no codec accepts: wrong size, bad offset, bad layout version. */
    @Test
    void anUndecodableRequestOfEveryKindIsABadEnvelope() throws Exception {
        assertBadEnvelope(ManagedServer.increment(server().build(), value -> value), Wire.METHOD_INCREMENT,
                new byte[3]);
        assertBadEnvelope(ManagedServer.stringReverse(server().build(), request -> request),
                Wire.METHOD_STRING_REVERSE, new byte[16]);
        assertBadEnvelope(ManagedServer.cgroupsSnapshot(server().build(), (request, response) -> { }),
                Wire.METHOD_CGROUPS_SNAPSHOT, new byte[] {9, 0, 0, 0});
    }

    private static void assertBadEnvelope(ManagedServer managed, int method, byte[] payload) throws Exception {
        assertAnsweredThenClosed(managed, method, payload, TransportStatus.BAD_ENVELOPE);
    }

    /** Sends one request; the answer is {@code status} with no payload, the session is then closed, the server goes on. */
    private static void assertAnsweredThenClosed(ManagedServer managed, int method, byte[] payload,
            TransportStatus status) throws Exception {
        try (ManagedServer server = managed;
                UdsSession raw = UdsSession.connect(server.endpoint(), rawClient(), WAIT)) {
            raw.sendRequest(method, 0, 1, 1, ByteBuffer.wrap(payload), 0, payload.length);

            ReceivedMessage answer = raw.receive(WAIT, null);
            assertThat(answer.transportStatus()).isEqualTo(status.code());
            assertThat(answer.payloadLength()).isZero();
            assertThat(answer.itemCount()).isOne();
            assertThatThrownBy(() -> raw.receive(WAIT, null)).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED));
            assertThat(server.status().failedRequests()).isEqualTo(1);
            UdsSession.connect(server.endpoint(), rawClient(), WAIT).close();
        }
    }

    @Test
    void aBatchOfOneWithABrokenDirectoryIsABadEnvelope() throws Exception {
        try (ManagedServer server = ManagedServer.increment(server().build(), value -> value + 1);
                UdsSession raw = UdsSession.connect(server.endpoint(), rawClient(), WAIT)) {
            // Level 1 checks directories of two or more items only; this one points past the payload.
            ByteBuffer batch = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            batch.putInt(0, 0).putInt(4, 64).putLong(8, 41);
            raw.sendRequest(Wire.METHOD_INCREMENT, Wire.FLAG_BATCH, 1, 1, batch, 0, batch.capacity());

            ReceivedMessage answer = raw.receive(WAIT, null);
            assertThat(answer.transportStatus()).isEqualTo(TransportStatus.BAD_ENVELOPE.code());
            assertThat(answer.flags()).as("an error answer is never a batch").isZero();
        }
    }

    @Test
    void aThrowingSnapshotHandlerIsAServerError() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsSnapshot(server().build(), (request, response) -> {
            throw new IllegalStateException("no cgroups today");
        }); CgroupsSnapshotClient client = CgroupsSnapshotClient.create(client().build())) {
            client.refresh();
            assertFails(client::call, ServiceError.SERVER_ERROR);
        }
    }

    /** An {@link Error} from a handler of any kind is answered as any failure of it: INTERNAL_ERROR, then close. */
    @Test
    void aHandlerThrowingAnErrorIsAnsweredInternalErrorForEveryKind() throws Exception {
        assertAnsweredThenClosed(ManagedServer.increment(server().build(), value -> {
            throw new AssertionError("increment invariant");
        }), Wire.METHOD_INCREMENT, new byte[Long.BYTES], TransportStatus.INTERNAL_ERROR);
        assertAnsweredThenClosed(ManagedServer.stringReverse(server().build(), request -> {
            throw new StackOverflowError("reverse recursed");
        }), Wire.METHOD_STRING_REVERSE, stringReverseRequest(), TransportStatus.INTERNAL_ERROR);
        try (ManagedServer server = ManagedServer.cgroupsSnapshot(server().build(), (request, response) -> {
            throw new AssertionError("snapshot invariant");
        }); CgroupsSnapshotClient client = CgroupsSnapshotClient.create(client().build())) {
            client.refresh();
            assertFails(client::call, ServiceError.SERVER_ERROR);
        }
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().build(), (request, response) -> {
            throw new AssertionError("cgroups lookup invariant");
        }); CgroupsLookupClient client = CgroupsLookupClient.create(client().build())) {
            client.refresh();
            assertFails(() -> client.call(List.of(ByteString.utf8("/a"))), ServiceError.SERVER_ERROR);
        }
        try (ManagedServer server = ManagedServer.appsLookup(server().build(), (request, response) -> {
            throw new OutOfMemoryError("apps lookup table");
        }); AppsLookupClient client = AppsLookupClient.create(client().build())) {
            client.refresh();
            assertFails(() -> client.call(1), ServiceError.SERVER_ERROR);
        }
    }

    /** A STRING_REVERSE request payload for "x". */
    private static byte[] stringReverseRequest() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int length = io.netdata.netipc.protocol.StringReverseEncoder.encode(ByteString.utf8("x"), buffer, 0,
                buffer.capacity());
        byte[] payload = new byte[length];
        buffer.get(0, payload);
        return payload;
    }

    @Test
    void aBuilderRefusingAnItemForItsContentIsAServerErrorNotAnOverflow() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().build(),
                (request, response) -> response.add(CgroupLookupStatus.KNOWN, 1, ByteString.EMPTY,
                        ByteString.utf8("a path is required"))); CgroupsLookupClient client = CgroupsLookupClient.create(
                                client().build())) {
            client.refresh();

            assertFails(() -> client.call(List.of(ByteString.utf8("/a"))), ServiceError.SERVER_ERROR);
            assertThat(server.status().responseCeiling()).as("no overflow learned").isEqualTo(1024);
        }
    }

    @Test
    void aThrowingLookupHandlerIsAServerError() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().build(), (request, response) -> {
            throw new IllegalStateException("lookup table gone");
        }); CgroupsLookupClient client = CgroupsLookupClient.create(client().build())) {
            client.refresh();
            assertFails(() -> client.call(List.of(ByteString.utf8("/a"))), ServiceError.SERVER_ERROR);
        }
    }

    @Test
    void aLookupHandlerAnsweringMoreThanAskedIsAServerErrorWhetherItThrowsOrSwallows() throws Exception {
        for (boolean swallow : new boolean[] {false, true}) {
            AtomicInteger calls = new AtomicInteger();
            try (ManagedServer server = ManagedServer.cgroupsLookup(server().build(), (request, response) -> {
                calls.incrementAndGet();
                try {
                    for (int i = 0; i <= request.itemCount(); i++) {
                        response.addRequestItem(request, 0, CgroupLookupStatus.UNKNOWN_PERMANENT, 0, ByteString.EMPTY,
                                NO_LABELS);
                    }
                } catch (io.netdata.netipc.protocol.CodecException oneTooMany) {
                    if (!swallow) {
                        throw oneTooMany;
                    }
                }
            }); CgroupsLookupClient client = CgroupsLookupClient.create(client().build())) {
                client.refresh();

                assertFails(() -> client.call(List.of(ByteString.utf8("/a"))), ServiceError.SERVER_ERROR);
                assertThat(calls.get()).as("no growth retried for it (swallowed: " + swallow + ")")
                        .isEqualTo(2);
                assertThat(server.status().responseCeiling()).isEqualTo(1024);
            }
        }
    }

    private static ClientHandshakeConfig rawClient() {
        return new ClientHandshakeConfig(0, 0, 1024, 4, 65_536, 4, TOKEN, 0);
    }
}
