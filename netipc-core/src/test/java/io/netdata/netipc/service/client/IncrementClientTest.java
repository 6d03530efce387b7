package io.netdata.netipc.service.client;

import static org.assertj.core.api.Assertions.assertThat;
import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.client.IncrementTestServer.Behaviour;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Level 2 client engine through the INCREMENT client, against a Level 1
 * server that misbehaves on cue: lifecycle and states, at-least-once retry,
 * timeout, abort and close from another thread, batches, overflow growth.
 */
class IncrementClientTest {
    private static final String SERVICE = "increment";
    private static final long BASELINE = Wire.PROFILE_BASELINE;
    private static final long SHM = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    private static final long SERVER_PAYLOAD = 4096;
    private static final long WAIT_SECONDS = 30;
    private static final long POLL_MILLIS = 5;
    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 300;
    private static final long THREAD_STRIDE = 1_000_000;
    /** Long enough for the test, short enough that a recovery ignoring the call would run ~20 s. */
    private static final Duration SHORT_HANDSHAKE = Duration.ofSeconds(1);

    @TempDir
    Path runDir;

    private IncrementTestServer server;
    private IncrementClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ServiceEndpoint endpoint() {
        return new ServiceEndpoint(runDir, SERVICE);
    }

    private void startServer(long profiles, long maxRequestPayload) throws Exception {
        server = IncrementTestServer.start(endpoint(),
                IncrementTestServer.config(profiles, maxRequestPayload, SERVER_PAYLOAD));
    }

    private IncrementClient client(Consumer<ClientConfig.Builder> settings) throws ServiceException {
        ClientConfig.Builder builder = ClientConfig.builder(runDir, SERVICE).authToken(IncrementTestServer.TOKEN);
        settings.accept(builder);
        client = IncrementClient.create(builder.build());
        return client;
    }

    private IncrementClient readyClient(Consumer<ClientConfig.Builder> settings) throws ServiceException {
        IncrementClient c = client(settings);
        assertThat(c.refresh()).isTrue();
        assertThat(c.ready()).as("%s", c.status()).isTrue();
        return c;
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (server.requests.get() < count) {
            assertThat(System.nanoTime() - deadline).as("server never saw %d requests", count).isNegative();
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** A call on another thread, once the server has its request and will never answer. */
    private Future<Long> callBlockedOnASilentServer(IncrementClient c) throws InterruptedException {
        server.behaviour.set(Behaviour.SILENT);
        Future<Long> call = CompletableFuture.supplyAsync(() -> {
            try {
                return c.call(1);
            } catch (ServiceException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitRequests(1);
        return call;
    }

    private static void awaitState(IncrementClient c, ClientState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (c.status().state() != state) {
            assertThat(System.nanoTime() - deadline).as("client never %s: %s", state, c.status()).isNegative();
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** A call on another thread, once its first request failed and it is recovering. */
    private Future<Long> callRecoveringFromAHangUp(IncrementClient c) throws InterruptedException {
        server.behaviour.set(Behaviour.HANG_UP_AND_STOP_ACCEPTING);
        Future<Long> call = CompletableFuture.supplyAsync(() -> {
            try {
                return c.call(1);
            } catch (ServiceException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (c.status().state() == ClientState.READY) {
            assertThat(System.nanoTime() - deadline).as("the call never left READY").isNegative();
            Thread.sleep(POLL_MILLIS);
        }
        return call;
    }

    private static void assertEndedWith(Future<Long> call, ServiceError error) {
        assertThatThrownBy(() -> call.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().cause().isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void aClientNeedsNoServerUntilItRefreshes() throws Exception {
        IncrementClient c = client(b -> { });

        assertThat(c.status().state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(c.ready()).isFalse();
        assertFails(() -> c.call(1), ServiceError.NOT_READY);
        assertThat(c.refresh()).isTrue();
        assertThat(c.status().state()).isEqualTo(ClientState.NOT_FOUND);
        assertThat(c.refresh()).as("still not found: no change").isFalse();
        assertThat(c.status().errorCount()).isOne();
    }

    @Test
    void refreshConnectsOnceTheServerAppearsAndCallsSucceed() throws Exception {
        IncrementClient c = client(b -> { });
        c.refresh();
        startServer(BASELINE, SERVER_PAYLOAD);

        assertThat(c.refresh()).isTrue();
        assertThat(c.call(41)).isEqualTo(42);
        assertThat(c.call(-1)).isZero();
        assertThat(c.refresh()).as("READY stays READY").isFalse();
        ClientStatus status = c.status();
        assertThat(status.state()).isEqualTo(ClientState.READY);
        assertThat(status.connectCount()).isOne();
        assertThat(status.callCount()).isEqualTo(2);
        assertThat(status.sharedMemory()).isFalse();
    }

    @Test
    void anotherThreadSeesConnectingWhileARefreshWaitsForTheHandshake() throws Exception {
        CountDownLatch accepting = new CountDownLatch(1);
        server = IncrementTestServer.startHeld(endpoint(), IncrementTestServer.config(BASELINE, SERVER_PAYLOAD,
                SERVER_PAYLOAD), accepting);
        IncrementClient c = client(b -> b.handshakeTimeout(Duration.ofSeconds(WAIT_SECONDS)));
        // The socket takes the connection and the hello, but nobody answers until the gate opens.
        Future<Boolean> refresh = CompletableFuture.supplyAsync(c::refresh);

        awaitState(c, ClientState.CONNECTING);
        assertThat(c.ready()).isFalse();
        assertThat(c.status().connectCount()).isZero();
        assertThat(c.status().sharedMemory()).isFalse();
        assertThat(refresh).as("the handshake is still waiting for the server").isNotDone();
        assertThat(server.sessions.get()).isZero();

        accepting.countDown();

        assertThat(refresh.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(c.status().state()).isEqualTo(ClientState.READY);
        assertThat(c.status().connectCount()).isOne();
        assertThat(c.call(41)).isEqualTo(42);
    }

    @Test
    void callsFailAtOnceWhileARefreshIsConnecting() throws Exception {
        CountDownLatch accepting = new CountDownLatch(1);
        server = IncrementTestServer.startHeld(endpoint(), IncrementTestServer.config(BASELINE, SERVER_PAYLOAD,
                SERVER_PAYLOAD), accepting);
        java.util.List<ServiceError> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
        IncrementClient c = client(b -> b.handshakeTimeout(Duration.ofSeconds(WAIT_SECONDS))
                .callObserver((kind, error, nanos) -> observed.add(error)));
        Future<Boolean> refresh = CompletableFuture.supplyAsync(c::refresh);
        awaitState(c, ClientState.CONNECTING);

        // Without the fast path this call would wait for the handshake, up to its timeout.
        assertFails(() -> c.call(1), ServiceError.NOT_READY);
        assertFails(() -> c.callBatch(1, 2), ServiceError.NOT_READY);
        assertThat(refresh).as("the refresh still waits for the server").isNotDone();
        assertThat(c.status().errorCount()).isEqualTo(2);
        assertThat(observed).containsExactly(ServiceError.NOT_READY, ServiceError.NOT_READY);

        accepting.countDown();
        assertThat(refresh.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(c.call(1)).isEqualTo(2);
    }

    @Test
    void aHandshakeThatTimesOutIsRecordedAsATimeout() throws Exception {
        CountDownLatch accepting = new CountDownLatch(1);
        server = IncrementTestServer.startHeld(endpoint(), IncrementTestServer.config(BASELINE, SERVER_PAYLOAD,
                SERVER_PAYLOAD), accepting);
        IncrementClient c = client(b -> b.handshakeTimeout(Duration.ofMillis(50)));

        c.refresh();
        assertThat(c.ready()).isFalse();
        assertThat(c.status().state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(c.status().lastError()).as("distinct from a transport failure").isEqualTo(ServiceError.TIMEOUT);
        accepting.countDown();
    }

    @Test
    void disconnectDropsTheSessionUntilTheNextRefresh() throws Exception {
        IncrementClient c = client(b -> { });
        c.disconnect();
        assertThat(c.status().state()).as("no session: nothing to drop").isEqualTo(ClientState.DISCONNECTED);
        startServer(BASELINE, SERVER_PAYLOAD);
        assertThat(c.refresh()).isTrue();

        c.disconnect();

        assertThat(c.status().state()).isEqualTo(ClientState.DISCONNECTED);
        assertFails(() -> c.call(1), ServiceError.NOT_READY);
        assertThat(c.refresh()).isTrue();
        assertThat(c.call(1)).isEqualTo(2);
        assertThat(c.status().connectCount()).isEqualTo(2);
        assertThat(server.sessions.get()).isEqualTo(2);
        c.close();
        c.disconnect();
        assertThat(c.status().state()).as("closed stays closed").isEqualTo(ClientState.DISCONNECTED);
    }

    @Test
    void aCallWhenNotReadyDoesNoIo() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = client(b -> { });

        assertFails(() -> c.call(1), ServiceError.NOT_READY);
        assertThat(server.sessions.get()).isZero();
    }

    @Test
    void aCallAfterTheServerRestartedReconnectsAndResendsOnce() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> { });
        assertThat(c.call(1)).isEqualTo(2);
        server.close();
        startServer(BASELINE, SERVER_PAYLOAD);

        assertThat(c.call(10)).isEqualTo(11);
        assertThat(c.status().reconnectCount()).isOne();
        assertThat(server.sessions.get()).isOne();
    }

    @Test
    void aFailedRetryReportsTheFailureAndTheClientIsNotReady() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> { });
        server.close();
        server = null;

        assertFails(() -> c.call(1), ServiceError.TRANSPORT);
        assertThat(c.ready()).isFalse();
        assertThat(c.status().state()).isEqualTo(ClientState.NOT_FOUND);
    }

    @Test
    void aServerThatHangsUpOnEveryRequestFailsAfterOneResend() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> { });
        server.behaviour.set(Behaviour.HANG_UP);

        assertFails(() -> c.call(1), ServiceError.TRANSPORT);
        assertThat(server.requests.get()).isEqualTo(2);
        assertThat(c.status().state()).isEqualTo(ClientState.BROKEN);
        server.behaviour.set(Behaviour.ANSWER);
        assertThat(c.refresh()).isTrue();
        assertThat(c.call(1)).isEqualTo(2);
        assertThat(c.status().reconnectCount()).isEqualTo(2);
    }

    @Test
    void aTimeoutIsTerminalAndDistinct() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.callTimeout(Duration.ofMillis(200)));
        server.behaviour.set(Behaviour.SILENT);

        assertFails(() -> c.call(1), ServiceError.TIMEOUT);
        assertThat(server.requests.get()).as("not resent").isOne();
        assertThat(c.status().state()).isEqualTo(ClientState.BROKEN);
        assertThat(c.status().lastError()).isEqualTo(ServiceError.TIMEOUT);
    }

    @Test
    void abortFromAnotherThreadEndsABlockedCallAndStaysUntilCleared() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> { });
        Future<Long> call = callBlockedOnASilentServer(c);

        c.abort();

        assertEndedWith(call, ServiceError.ABORTED);
        assertThat(server.requests.get()).as("not resent").isOne();
        server.behaviour.set(Behaviour.ANSWER);
        assertThat(c.refresh()).isTrue();
        assertFails(() -> c.call(1), ServiceError.ABORTED);
        c.refresh();
        c.clearAbort();
        assertThat(c.call(1)).isEqualTo(2);
    }

    @Test
    void closeFromAnotherThreadEndsABlockedCall() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> { });
        Future<Long> call = callBlockedOnASilentServer(c);

        c.close();

        assertEndedWith(call, ServiceError.CLOSED);
        assertFails(() -> c.call(1), ServiceError.CLOSED);
        assertFails(c::clearAbort, ServiceError.CLOSED);
        assertThat(c.refresh()).isFalse();
        c.abort();
        c.close();
    }

    @Test
    void serverStatusesMapToDistinctErrors() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> { });

        server.behaviour.set(Behaviour.INTERNAL_ERROR);
        assertFails(() -> c.call(1), ServiceError.SERVER_ERROR);
        assertThat(server.requests.get()).as("resent once").isEqualTo(2);

        server.behaviour.set(Behaviour.WRONG_CODE);
        c.refresh();
        assertFails(() -> c.call(1), ServiceError.PROTOCOL);
    }

    @Test
    void batchesAreOneMessageAnsweredInOrder() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.maxRequestBatchItems(100).maxRequestPayloadBytes(SERVER_PAYLOAD));
        long[] values = LongStream.range(0, 100).map(i -> i * 1000).toArray();

        assertThat(c.callBatch(values)).containsExactly(LongStream.of(values).map(v -> v + 1).toArray());
        assertThat(c.callBatch(7)).containsExactly(8);
        assertThat(c.callBatch()).isEmpty();
        assertThat(server.requests.get()).isEqualTo(2);
        assertFails(() -> c.callBatch(new long[101]), ServiceError.LIMIT);
        server.behaviour.set(Behaviour.SHORT_BATCH);
        assertFails(() -> c.callBatch(1, 2, 3), ServiceError.PROTOCOL);
    }

    @Test
    void aRequestTooBigForTheSessionGrowsTheProposalAndSucceeds() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.maxRequestBatchItems(100).maxRequestPayloadBytes(64));
        long[] values = LongStream.range(0, 100).toArray();

        assertThat(c.callBatch(values)).hasSize(100);
        assertThat(server.requestPayloadCeilings).containsExactly(64L, 2048L);
        assertThat(c.status().reconnectCount()).isOne();
    }

    @Test
    void growthTheServerRefusesIsTakenBackAndReportedAsOverflow() throws Exception {
        startServer(BASELINE, 1024);
        IncrementClient c = readyClient(b -> b.maxRequestBatchItems(100).maxRequestPayloadBytes(64));

        assertFails(() -> c.callBatch(LongStream.range(0, 100).toArray()), ServiceError.OVERFLOW);
        assertThat(c.status().state()).isEqualTo(ClientState.BROKEN);
        assertThat(c.refresh()).as("the refused proposal was taken back").isTrue();
        assertThat(c.call(1)).isEqualTo(2);
    }

    @Test
    void aServerThatNeverFitsItsResponseEndsInOverflow() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.maxResponsePayloadBytes(64));
        server.behaviour.set(Behaviour.LIMIT_EXCEEDED);

        assertFails(() -> c.call(1), ServiceError.OVERFLOW);
        assertThat(c.status().reconnectCount()).isBetween(1L, 8L);
    }

    @Test
    void aWrongTokenIsAuthFailedAndRefreshDoesNotRetryIt() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = client(b -> b.authToken(IncrementTestServer.TOKEN + 1));

        assertThat(c.refresh()).isTrue();
        assertThat(c.status().state()).isEqualTo(ClientState.AUTH_FAILED);
        assertThat(c.refresh()).isFalse();
        assertThat(server.sessions.get()).isZero();
    }

    @Test
    void noCommonProfileIsIncompatible() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = client(b -> b.supportedProfiles(Wire.PROFILE_SHM_HYBRID));

        c.refresh();

        assertThat(c.status().state()).isEqualTo(ClientState.INCOMPATIBLE);
    }

    @Test
    void sharedMemorySessionsCarryCallsAndBatches() throws Exception {
        startServer(SHM, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.supportedProfiles(SHM).preferredProfiles(SHM)
                .maxRequestBatchItems(10).maxRequestPayloadBytes(SERVER_PAYLOAD));

        assertThat(c.status().sharedMemory()).isTrue();
        assertThat(c.call(5)).isEqualTo(6);
        assertThat(c.callBatch(1, 2, 3)).containsExactly(2, 3, 4);
        server.close();
        startServer(SHM, SERVER_PAYLOAD);
        assertThat(c.call(7)).as("reconnected over SHM").isEqualTo(8);
        assertThat(c.status().sharedMemory()).isTrue();
    }

    @Test
    void aClientWhoseShmAttachFailsDropsShmForGoodAndCallsGoOverTheBaseline() throws Exception {
        startServer(SHM, SERVER_PAYLOAD);
        // The client reaches the server's socket through a link in a run directory of its own, so the
        // region file it looks for is not the one the server made: a directory there cannot be attached
        // (the first session of a listener is number 1).
        Path clientRunDir = Files.createDirectory(runDir.resolve("client"));
        ServiceEndpoint clientEndpoint = new ServiceEndpoint(clientRunDir, SERVICE);
        Files.createSymbolicLink(clientEndpoint.socketPath(), endpoint().socketPath());
        Path unattachable = Files.createDirectory(ShmRegionFiles.path(clientEndpoint, 1));
        try {
            client = IncrementClient.create(ClientConfig.builder(clientRunDir, SERVICE)
                    .authToken(IncrementTestServer.TOKEN).supportedProfiles(SHM).preferredProfiles(SHM)
                    .maxRequestBatchItems(10).maxRequestPayloadBytes(SERVER_PAYLOAD).build());
            IncrementClient c = client;

            assertThat(c.refresh()).isTrue();

            ClientStatus status = c.status();
            assertThat(status.state()).isEqualTo(ClientState.READY);
            assertThat(status.sharedMemory()).as("reconnected over the baseline").isFalse();
            assertThat(status.connectCount()).as("one refresh, one connection counted").isOne();
            assertThat(status.lastError()).isEqualTo(ServiceError.TRANSPORT);
            assertThat(status.lastErrorMessage()).contains("cannot attach to the SHM region of session 1");
            assertThat(c.call(41)).isEqualTo(42);
            assertThat(c.callBatch(1, 2, 3)).containsExactly(2, 3, 4);
            assertThat(server.sessions.get()).as("the SHM session it left, then the baseline one").isEqualTo(2);

            // Now make the region reachable: a link to where the restarted server's session 1 keeps it.
            // A client proposing SHM again would attach and use it; this one dropped SHM for good.
            Files.delete(unattachable);
            Files.createSymbolicLink(unattachable, ShmRegionFiles.path(endpoint(), 1));
            server.close();
            startServer(SHM, SERVER_PAYLOAD);
            assertThat(c.call(7)).isEqualTo(8);
            assertThat(c.status().reconnectCount()).isOne();
            assertThat(c.status().sharedMemory()).isFalse();
        } finally {
            // Region files in a run directory are checked after every test: the test removes its own.
            Files.deleteIfExists(unattachable);
        }
    }

    @Test
    void aRequestNoBufferCanHoldIsALimitAndKeepsTheSession() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> { });
        Exchange<Void> huge = new SingleItemExchange<>() {
            @Override
            public long requestSize() {
                return ClientConnection.MAX_REQUEST_BYTES + 1;
            }

            @Override
            public void write(ByteBuffer buffer) {
                throw new AssertionError("nothing may be written");
            }

            @Override
            public Void read(ReceivedMessage response) {
                throw new AssertionError("nothing may be read");
            }
        };

        assertFails(() -> c.connection.call(huge), ServiceError.LIMIT);
        assertThat(server.requests.get()).isZero();
        assertThat(c.ready()).isTrue();
        assertThat(c.call(1)).isEqualTo(2);
    }

    @Test
    void threadsSharingOneClientEachGetTheirOwnAnswers() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.maxRequestBatchItems(2).maxRequestPayloadBytes(SERVER_PAYLOAD));

        // Single and batch calls of values only this worker sends, each answer checked.
        ConcurrentWorkers.runTogether(THREADS, worker -> {
            long base = (worker + 1) * THREAD_STRIDE;
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                long value = base + i;
                if (i % 2 == 0) {
                    assertThat(c.call(value)).isEqualTo(value + 1);
                } else {
                    assertThat(c.callBatch(value, -value)).containsExactly(value + 1, 1 - value);
                }
            }
        });

        assertThat(c.status().callCount()).isEqualTo((long) THREADS * CALLS_PER_THREAD);
    }

    @Test
    void theObserverIsToldWhileTheCallStillHoldsTheClient() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        List<Boolean> heldWhenTold = new ArrayList<>();
        IncrementClient c = readyClient(b -> b.maxRequestBatchItems(2).maxRequestPayloadBytes(SERVER_PAYLOAD)
                .callObserver((kind, error, nanos) -> heldWhenTold.add(client.connection.heldByCurrentThread())));

        c.call(1);
        c.callBatch(1, 2);
        assertFails(() -> c.callBatch(1, 2, 3), ServiceError.LIMIT);

        assertThat(heldWhenTold).containsExactly(true, true, true);
    }

    @Test
    void aRetryIsNotSentOnceTheDeadlinePassed() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        // The deadline passes during the pause before reconnecting.
        IncrementClient c = readyClient(b -> b.callTimeout(ClientConnection.RECONNECT_DRAIN.dividedBy(2)));
        server.behaviour.set(Behaviour.HANG_UP);

        assertFails(() -> c.call(1), ServiceError.TIMEOUT);
        awaitRequests(1);
        assertThat(server.requests.get()).as("not resent").isOne();
        assertThat(server.sessions.get()).as("not reconnected").isOne();
        assertThat(c.status().state()).isEqualTo(ClientState.BROKEN);
        assertThat(c.status().lastError()).isEqualTo(ServiceError.TIMEOUT);
    }

    @Test
    void theDeadlineBoundsTheReconnectAttemptsOfARetry() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        // Each attempt waits for a handshake that never comes; 20 of them would take 20 s.
        IncrementClient c = readyClient(b -> b.callTimeout(ClientConnection.RECONNECT_DRAIN.multipliedBy(2))
                .handshakeTimeout(SHORT_HANDSHAKE));
        server.behaviour.set(Behaviour.HANG_UP_AND_STOP_ACCEPTING);

        assertFails(() -> c.call(1), ServiceError.TIMEOUT);
        assertThat(server.requests.get()).isOne();
        assertThat(c.status().state()).isEqualTo(ClientState.BROKEN);
    }

    @Test
    void abortEndsACallWhileItReconnects() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.handshakeTimeout(SHORT_HANDSHAKE));
        Future<Long> call = callRecoveringFromAHangUp(c);

        c.abort();

        assertEndedWith(call, ServiceError.ABORTED);
        assertThat(server.requests.get()).as("not resent").isOne();
        assertThat(c.status().state()).isEqualTo(ClientState.BROKEN);
    }

    @Test
    void anotherCallFailsAtOnceWhileACallRecovers() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.handshakeTimeout(SHORT_HANDSHAKE));
        Future<Long> recovering = callRecoveringFromAHangUp(c);

        // The recovering call holds the context and its state is not READY: no waiting for it.
        assertFails(() -> c.call(2), ServiceError.NOT_READY);

        c.abort();
        assertEndedWith(recovering, ServiceError.ABORTED);
    }

    @Test
    void closeEndsACallWhileItReconnects() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.handshakeTimeout(SHORT_HANDSHAKE));
        Future<Long> call = callRecoveringFromAHangUp(c);

        c.close();

        assertEndedWith(call, ServiceError.CLOSED);
        assertThat(server.requests.get()).as("not resent").isOne();
        assertThat(c.status().state()).isEqualTo(ClientState.DISCONNECTED);
    }

    @Test
    void aTimeoutTooLongForNanosecondsMeansNoPracticalDeadline() throws Exception {
        startServer(BASELINE, SERVER_PAYLOAD);
        IncrementClient c = readyClient(b -> b.callTimeout(Duration.ofSeconds(Long.MAX_VALUE)));

        // A deadline wrapped past Long.MAX_VALUE would leave no time at all for the response.
        assertThat(c.call(1)).isEqualTo(2);
    }
}
