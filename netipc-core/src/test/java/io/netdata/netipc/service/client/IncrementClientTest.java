package io.netdata.netipc.service.client;

import static org.assertj.core.api.Assertions.assertThat;
import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.client.IncrementTestServer.Behaviour;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
}
