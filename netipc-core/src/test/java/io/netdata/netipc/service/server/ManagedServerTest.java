package io.netdata.netipc.service.server;

import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.uds.RawPeers;
import io.netdata.netipc.transport.uds.UdsSession;
import io.netdata.netipc.nativeio.NativeFd;
import java.nio.ByteBuffer;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ClientState;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.client.StringReverseClient;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The managed server against the Level 2 clients (upstream
 * {@code level2-typed-api.md}, "Managed server" and "Testing requirements":
 * dispatch, batch order, handler failure, multi-client isolation, overflow
 * recovery end to end, the session limit, shutdown).
 */
class ManagedServerTest {
    private static final String SERVICE = "managed";
    private static final long TOKEN = 0xC0FFEEL;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long SHM_AND_BASELINE = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;

    @TempDir
    Path runDir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void closeEverything() throws Exception {
        pool.shutdownNow();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private ServerConfig.Builder server() {
        return ServerConfig.builder(runDir, SERVICE).authToken(TOKEN);
    }

    private ClientConfig.Builder client() {
        return ClientConfig.builder(runDir, SERVICE).authToken(TOKEN).callTimeout(WAIT);
    }

    private IncrementClient incrementClient(ClientConfig config) throws ServiceException {
        IncrementClient client = keep(IncrementClient.create(config));
        assertThat(client.refresh()).isTrue();
        assertThat(client.ready()).isTrue();
        return client;
    }

    @Test
    void answersSingleAndBatchIncrementsInOrder() throws Exception {
        ManagedServer server = keep(ManagedServer.increment(server().build(), value -> value + 1));
        IncrementClient client = incrementClient(client().maxRequestBatchItems(16).build());

        assertThat(client.call(41)).isEqualTo(42);
        assertThat(client.callBatch(1, 10, 100, -1L)).containsExactly(2, 11, 101, 0);
        assertThat(server.serviceKind()).isEqualTo(ServiceKind.INCREMENT);
        assertThat(server.endpoint().socketPath()).exists();
        ServerStatus status = ServerStatusWait.until(server, st -> st.requests() == 2, "both requests counted");
        assertThat(status.running()).isTrue();
        assertThat(status.activeSessions()).isEqualTo(1);
        assertThat(status.acceptedSessions()).isEqualTo(1);
        assertThat(status.requests()).isEqualTo(2);
        assertThat(status.failedRequests()).isZero();
    }

    @Test
    void servesOverSharedMemoryAndRemovesEveryFileWhenClosed() throws Exception {
        ManagedServer server = ManagedServer.increment(
                server().supportedProfiles(SHM_AND_BASELINE).preferredProfiles(SHM_AND_BASELINE).build(),
                value -> value * 2);
        try (IncrementClient client = IncrementClient.create(
                client().supportedProfiles(SHM_AND_BASELINE).preferredProfiles(SHM_AND_BASELINE)
                        .maxRequestBatchItems(8).build())) {
            assertThat(client.refresh()).isTrue();
            assertThat(client.status().sharedMemory()).isTrue();
            assertThat(client.call(21)).isEqualTo(42);
            assertThat(client.callBatch(1, 2, 3)).containsExactly(2, 4, 6);
            try (var files = Files.list(runDir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".ipcshm"))).hasSize(1);
            }
            try (IncrementClient baseline = IncrementClient.create(client().build())) {
                assertThat(baseline.refresh()).isTrue();
                assertThat(baseline.call(1)).isEqualTo(2);
                assertThat(server.status().activeSessions()).isEqualTo(2);
                assertThat(server.status().sharedMemorySessions()).as("the profile mix").isEqualTo(1);
            }
            assertThat(server.shutdown()).isTrue();
        }
        try (var files = Files.list(runDir)) {
            assertThat(files).as("socket and region files removed").isEmpty();
        }
    }

    @Test
    void reversesStringsSingleAndBatch() throws Exception {
        keep(ManagedServer.stringReverse(server().build(),
                StringReverseHandler.ofStrings(s -> new StringBuilder(s).reverse().toString())));
        StringReverseClient client = keep(StringReverseClient.create(client().maxRequestBatchItems(4).build()));
        client.refresh();

        assertThat(client.call("hello")).isEqualTo("olleh");
        assertThat(client.call("")).isEmpty();
        assertThat(client.callBatch(List.of("ab", "", "xyz"))).containsExactly("ba", "", "zyx");
    }

    @Test
    void aHandlerFailureIsAnInternalErrorThatClosesOnlyThatSession() throws Exception {
        ManagedServer server = keep(ManagedServer.increment(server().build(), value -> {
            if (value == 13) {
                throw new IllegalStateException("unlucky");
            }
            return value + 1;
        }));
        IncrementClient failing = incrementClient(client().build());
        IncrementClient healthy = incrementClient(client().build());

        assertFails(() -> failing.call(13), ServiceError.SERVER_ERROR);
        assertThat(healthy.call(1)).as("another session is untouched").isEqualTo(2);
        assertThat(healthy.status().reconnectCount()).isZero();
        assertThat(failing.refresh()).as("the failed client reconnects through refresh").isTrue();
        assertThat(failing.call(1)).isEqualTo(2);
        assertThat(server.status().failedRequests()).as("the request and its one resend").isEqualTo(2);
    }

    @Test
    void aBatchWithOneFailingItemFailsWhole() throws Exception {
        keep(ManagedServer.increment(server().build(), value -> {
            if (value < 0) {
                throw new IllegalArgumentException("negative");
            }
            return value + 1;
        }));
        IncrementClient client = incrementClient(client().maxRequestBatchItems(4).build());

        assertFails(() -> client.callBatch(1, -5, 3), ServiceError.SERVER_ERROR);
        client.refresh();
        assertThat(client.callBatch(1, 2, 3)).containsExactly(2, 3, 4);
    }

    @Test
    void aNullAnswerIsAHandlerFailure() throws Exception {
        keep(ManagedServer.stringReverse(server().build(), StringReverseHandler.ofStrings(s -> null)));
        StringReverseClient client = keep(StringReverseClient.create(client().build()));
        client.refresh();

        assertFails(() -> client.call("x"), ServiceError.SERVER_ERROR);
    }

    @Test
    void anotherMethodIsUnsupportedAndTheSameSessionGoesOn() throws Exception {
        ManagedServer server = keep(ManagedServer.increment(server().build(), value -> value + 1));
        try (UdsSession raw = UdsSession.connect(server.endpoint(),
                new ClientHandshakeConfig(0, 0, 1024, 1, 65_536, 1, TOKEN, 0), WAIT)) {
            ByteBuffer request = ByteBuffer.wrap(IncrementCodec.encode(41));
            raw.sendRequest(Wire.METHOD_STRING_REVERSE, 0, 1, 1, request, 0, request.capacity());
            ReceivedMessage refused = raw.receive(WAIT, null);
            assertThat(refused.transportStatus()).isEqualTo(TransportStatus.UNSUPPORTED.code());
            assertThat(refused.code()).isEqualTo(Wire.METHOD_STRING_REVERSE);
            assertThat(refused.payloadLength()).isZero();

            raw.sendRequest(Wire.METHOD_INCREMENT, 0, 1, 2, request, 0, request.capacity());
            ReceivedMessage answered = raw.receive(WAIT, null);
            assertThat(answered.transportStatus()).isEqualTo(TransportStatus.OK.code());
            assertThat(IncrementCodec.decode(answered.buffer(), answered.payloadOffset(), answered.payloadLength()))
                    .isEqualTo(42);
        }
        ServerStatus status = ServerStatusWait.until(server, st -> st.requests() == 1, "the answer counted");
        assertThat(status.failedRequests()).isEqualTo(1);
    }

    @Test
    void aSnapshotHandlerThatSwallowsTheBuildersOverflowIsNeverAnsweredWithATruncatedSnapshot() throws Exception {
        keep(ManagedServer.cgroupsSnapshot(server().maxResponsePayloadBytes(256).build(), (request, response) -> {
            for (int i = 0; i < 100; i++) {
                ByteString name = ByteString.utf8("cgroup-" + i);
                try {
                    response.add(SimpleHash.of(name), 0, 1, name, name);
                } catch (io.netdata.netipc.protocol.CodecException full) {
                    return;
                }
            }
        }));
        CgroupsSnapshotClient client = keep(CgroupsSnapshotClient.create(client().build()));
        client.refresh();

        assertFails(client::call, ServiceError.OVERFLOW);
    }

    @Test
    void aSnapshotItemsHintLargerThanTheRoomStillAnswers() throws Exception {
        keep(ManagedServer.cgroupsSnapshot(server().maxResponsePayloadBytes(4096).snapshotMaxItems(1_000_000)
                .build(), (request, response) -> {
                    response.setHeader(1, 3);
                    ByteString name = ByteString.utf8("only");
                    response.add(SimpleHash.of(name), 0, 1, name, ByteString.utf8("/only"));
                }));
        CgroupsSnapshotClient client = keep(CgroupsSnapshotClient.create(client().build()));
        client.refresh();

        assertThat(client.call().itemCount()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseAnswersOutgrowTheFirstBufferCallsTheHandlerOncePerItemInOrder() throws Exception {
        // 16 bytes of answer per item: the answers outgrow the session's first 64 KiB buffer twice.
        int items = 10_000;
        long ceiling = 1 << 20;
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        keep(ManagedServer.increment(server().maxRequestPayloadBytes(ceiling).maxResponsePayloadBytes(ceiling)
                .build(), value -> {
                    seen.add(value);
                    return value + 1;
                }));
        IncrementClient client = incrementClient(client().maxRequestBatchItems(items)
                .maxRequestPayloadBytes(ceiling).maxResponsePayloadBytes(ceiling).build());
        long[] values = new long[items];
        long[] expected = new long[items];
        for (int i = 0; i < items; i++) {
            values[i] = i;
            expected[i] = i + 1;
        }

        assertThat(client.callBatch(values)).containsExactly(expected);
        assertThat(seen).as("one call per item, in order").hasSize(items).isSorted();
        assertThat(client.status().reconnectCount()).as("answered in one round trip").isZero();
    }

    @Test
    void aBatchWhoseAnswersOutgrowTheResponseIsAnOverflow() throws Exception {
        keep(ManagedServer.stringReverse(server().maxResponsePayloadBytes(64).build(),
                StringReverseHandler.ofStrings(s -> s)));
        StringReverseClient client = keep(StringReverseClient.create(client().maxRequestBatchItems(4).build()));
        client.refresh();

        assertFails(() -> client.callBatch(List.of("a".repeat(30), "b".repeat(30))), ServiceError.OVERFLOW);
    }

    @Test
    void anAnswerWhoseOwnBytesFailIsAnInternalError() throws Exception {
        keep(ManagedServer.stringReverse(server().build(), request -> new io.netdata.netipc.protocol.ByteSource() {
            @Override
            public int length() {
                throw new IllegalStateException("broken answer");
            }

            @Override
            public byte byteAt(int index) {
                return 0;
            }

            @Override
            public void copyTo(ByteBuffer target, int at) {
            }
        }));
        StringReverseClient client = keep(StringReverseClient.create(client().build()));
        client.refresh();

        assertFails(() -> client.call("x"), ServiceError.SERVER_ERROR);
    }

    @Test
    void aHandlerMayCloseItsOwnServer() throws Exception {
        AtomicReference<ManagedServer> self = new AtomicReference<>();
        AtomicReference<Boolean> drained = new AtomicReference<>();
        ManagedServer server = ManagedServer.increment(server().build(), value -> {
            drained.set(self.get().shutdown());
            return value + 1;
        });
        self.set(server);
        IncrementClient client = incrementClient(client().build());

        assertThat(client.call(1)).as("the handler's answer still goes out").isEqualTo(2);
        assertThat(drained.get()).as("it did not wait for its own thread").isTrue();
        assertThat(server.endpoint().socketPath()).doesNotExist();
        awaitActiveSessions(server, 0);
    }

    @Test
    void anotherMethodIsUnsupportedAndTheServerKeepsServing() throws Exception {
        keep(ManagedServer.increment(server().build(), value -> value + 1));
        StringReverseClient wrongKind = keep(StringReverseClient.create(client().build()));
        wrongKind.refresh();

        assertFails(() -> wrongKind.call("x"), ServiceError.REJECTED);
        assertThat(incrementClient(client().build()).call(1)).isEqualTo(2);
    }

    @Test
    void aResponseBeyondAFixedCeilingFailsWithOverflowAfterTheClientsRecovery() throws Exception {
        ManagedServer server = keep(ManagedServer.stringReverse(server().maxResponsePayloadBytes(16).build(),
                StringReverseHandler.ofStrings(s -> s)));
        StringReverseClient client = keep(StringReverseClient.create(client().build()));
        client.refresh();

        assertThat(client.call("short")).isEqualTo("short");
        assertFails(() -> client.call("a string longer than sixteen bytes"), ServiceError.OVERFLOW);
        assertThat(server.status().responseCeiling()).as("a configured ceiling never grows").isEqualTo(16);
    }

    @Test
    void aRequestAboveTheProposedCeilingGrowsTheProposalAndGoesThrough() throws Exception {
        keep(ManagedServer.stringReverse(server().maxRequestPayloadBytes(1 << 16).build(),
                StringReverseHandler.ofStrings(s -> s)));
        StringReverseClient client = keep(StringReverseClient.create(client().build()));
        client.refresh();
        String large = "r".repeat(3000);

        assertThat(client.call(large)).isEqualTo(large);
        assertThat(client.status().reconnectCount()).as("reconnected with a grown request ceiling").isPositive();
    }

    @Test
    void aLearnedResponseCeilingGrowsUntilTheSnapshotFits() throws Exception {
        int items = 100;
        ManagedServer server = keep(ManagedServer.cgroupsSnapshot(server().build(), (request, response) -> {
            response.setHeader(1, 7);
            for (int i = 0; i < items; i++) {
                ByteString name = ByteString.utf8("cgroup-" + i);
                response.add(SimpleHash.of(name), 0, 1, name, ByteString.utf8("/sys/fs/cgroup/cgroup-" + i));
            }
        }));
        assertThat(server.status().responseCeiling()).isEqualTo(1024);
        CgroupsSnapshotClient client = keep(CgroupsSnapshotClient.create(client().build()));
        client.refresh();

        CgroupsSnapshotResponseView view = client.call();

        assertThat(view.itemCount()).isEqualTo(items);
        assertThat(view.generation()).isEqualTo(7);
        CgroupsSnapshotItemView last = view.item(items - 1);
        assertThat(last.name().asString()).isEqualTo("cgroup-" + (items - 1));
        assertThat(client.status().reconnectCount()).as("one reconnect per doubling").isPositive();
        assertThat(server.status().responseCeiling()).isGreaterThan(1024).isLessThanOrEqualTo(1 << 20);
        assertThat(Long.bitCount(server.status().responseCeiling())).isEqualTo(1);
    }

    @Test
    void sessionsBeyondTheMaximumAreRefusedAndTheOthersGoOn() throws Exception {
        ManagedServer server = keep(ManagedServer.increment(server().maxSessions(1).build(), value -> value + 1));
        IncrementClient first = incrementClient(client().build());
        assertThat(first.call(1)).isEqualTo(2);

        IncrementClient second = keep(IncrementClient.create(client().build()));
        second.refresh();
        assertFails(() -> second.call(1), ServiceError.TRANSPORT);
        assertThat(server.status().refusedSessions()).isPositive();
        assertThat(first.call(2)).as("the served session is untouched").isEqualTo(3);

        first.close();
        awaitActiveSessions(server, 0);
        second.refresh();
        assertThat(second.call(5)).isEqualTo(6);
    }

    @Test
    void manyClientsAtOnceEachGetTheirOwnAnswers() throws Exception {
        keep(ManagedServer.increment(server().build(), value -> value + 1));
        int clients = 8;
        int calls = 200;
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long base = c * 1_000_000L;
            results.add(pool.submit(() -> {
                try (IncrementClient client = IncrementClient.create(client().maxRequestBatchItems(2).build())) {
                    client.refresh();
                    int correct = 0;
                    for (int i = 0; i < calls; i++) {
                        if (client.call(base + i) == base + i + 1
                                && client.callBatch(base, base + i)[1] == base + i + 1) {
                            correct++;
                        }
                    }
                    return correct;
                }
            }));
        }
        for (Future<Integer> result : results) {
            assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(calls);
        }
    }

    @Test
    void startingOnALiveServersEndpointFailsWithAddressInUse() throws Exception {
        keep(ManagedServer.increment(server().build(), value -> value));

        assertThatThrownBy(() -> ManagedServer.increment(server().build(), value -> value))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.error()).isEqualTo(ServiceError.TRANSPORT);
                    assertThat(e.getCause()).isInstanceOfSatisfying(TransportException.class,
                            t -> assertThat(t.error()).isEqualTo(TransportError.ADDRESS_IN_USE));
                });
    }

    @Test
    void closingWakesIdleSessionsAndLetsABusyHandlerFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ManagedServer server = ManagedServer.increment(server().shutdownTimeout(WAIT).build(), value -> {
            if (value == 0) {
                entered.countDown();
                release.await();
            }
            return value + 1;
        });
        IncrementClient idle = incrementClient(client().build());
        IncrementClient busy = incrementClient(client().build());
        Future<Long> call = pool.submit(() -> busy.call(0));
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Future<Boolean> closing = pool.submit(server::shutdown);
        awaitSocketRemoved(server);
        assertThat(server.status().running()).isFalse();
        release.countDown();

        assertThat(closing.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(call.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the busy handler's answer was sent")
                .isEqualTo(1);
        assertFails(() -> idle.call(1), ServiceError.TRANSPORT);
        assertThat(server.status().activeSessions()).isZero();
        assertThat(server.shutdown()).as("idempotent").isTrue();
    }

    /** Interrupted or not, the closing thread waits no longer than the timeout, and keeps its interrupt. */
    @ParameterizedTest(name = "interrupted: {0}")
    @ValueSource(booleans = {false, true})
    void closingIsBoundedWhenAHandlerNeverReturns(boolean interrupted) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ManagedServer server = ManagedServer.increment(server().shutdownTimeout(Duration.ofMillis(200)).build(),
                value -> {
                    entered.countDown();
                    release.await();
                    return value;
                });
        IncrementClient client = incrementClient(client().build());
        Future<Long> call = pool.submit(() -> client.call(0));
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        boolean drained = server.shutdown();
        assertThat(Thread.interrupted()).as("the interrupt is kept").isEqualTo(interrupted);
        assertThat(drained).as("the handler's thread outlived the timeout").isFalse();
        assertThat(server.endpoint().socketPath()).doesNotExist();
        release.countDown();
        assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(
                ServiceException.class);
        awaitActiveSessions(server, 0);
    }

    @Test
    void aThreadFactoryThatMakesNoSessionThreadHangsUpOnTheClient() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ManagedServer server = keep(ManagedServer.increment(server().threadFactory(task -> {
            if (made.getAndIncrement() > 0) {
                return null;
            }
            Thread thread = new Thread(task, "only-the-acceptor");
            thread.setDaemon(true);
            return thread;
        }).build(), value -> value + 1));
        IncrementClient client = keep(IncrementClient.create(client().build()));
        client.refresh();

        assertFails(() -> client.call(1), ServiceError.TRANSPORT);
        assertThat(server.status().activeSessions()).isZero();
        assertThat(server.status().acceptedSessions()).as("never served").isZero();
        assertThat(server.status().refusedSessions()).isPositive();
    }

    @Test
    void aClientThatConnectsAndSaysNothingDelaysNoOtherClient() throws Exception {
        // The silent client holds its handshake for an hour; the other gives up on its own after the wait.
        ManagedServer server = keep(ManagedServer.increment(server().handshakeTimeout(Duration.ofHours(1)).build(),
                value -> value + 1));
        try (NativeFd silent = RawPeers.connectSilently(server.endpoint().socketPath())) {
            // Connected first, so first in the accept queue: an acceptor that handshakes takes it first.
            IncrementClient client = keep(IncrementClient.create(client().handshakeTimeout(WAIT).build()));

            assertThat(client.refresh()).isTrue();
            assertThat(client.status().state()).as("handshaken beside the silent client").isEqualTo(
                    ClientState.READY);
            assertThat(client.call(1)).isEqualTo(2);
            assertThat(server.status().acceptedSessions()).as("the silent one is not admitted").isOne();

            assertThat(server.shutdown()).as("closing wakes the silent client's handshake and joins it").isTrue();
            RawPeers.awaitHangUp(silent);
            assertThat(server.status().acceptFailures()).as("lost to the closing, not counted").isZero();
        }
    }

    @Test
    void aClientThatFailsItsHandshakeLeavesTheServerServing() throws Exception {
        keep(ManagedServer.increment(server().build(), value -> value + 1));
        IncrementClient wrongToken = keep(IncrementClient.create(client().authToken(TOKEN + 1).build()));
        wrongToken.refresh();
        assertThat(wrongToken.status().state()).isEqualTo(ClientState.AUTH_FAILED);

        assertThat(incrementClient(client().build()).call(7)).isEqualTo(8);
    }

    @Test
    void aClientWithNoProfileInCommonIsIncompatibleAndTheServerGoesOn() throws Exception {
        keep(ManagedServer.increment(server().build(), value -> value + 1));
        IncrementClient shmOnly = keep(IncrementClient.create(client().supportedProfiles(Wire.PROFILE_SHM_HYBRID)
                .preferredProfiles(Wire.PROFILE_SHM_HYBRID).build()));

        assertThat(shmOnly.refresh()).as("the state changed").isTrue();
        assertThat(shmOnly.status().state()).isEqualTo(ClientState.INCOMPATIBLE);
        assertThat(shmOnly.refresh()).as("left alone until reconfigured").isFalse();
        assertFails(() -> shmOnly.call(1), ServiceError.NOT_READY);
        assertThat(incrementClient(client().build()).call(7)).isEqualTo(8);
    }

    private static void awaitActiveSessions(ManagedServer server, int sessions) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.status().activeSessions() != sessions) {
            assertThat(System.nanoTime()).as("sessions drop to " + sessions).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitSocketRemoved(ManagedServer server) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Files.exists(server.endpoint().socketPath())) {
            assertThat(System.nanoTime()).as("the socket goes: no new clients").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
