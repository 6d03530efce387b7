package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.UdsTestSupport.bytes;
import static io.netdata.netipc.transport.uds.UdsTestSupport.clientConfig;
import static io.netdata.netipc.transport.uds.UdsTestSupport.direct;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pair;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static io.netdata.netipc.transport.uds.UdsTestSupport.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UDS sessions end to end on real sockets: sending, chunking, batching, pipelining and failures. */
class UdsSessionTest {
    private static final int OK = TransportStatus.OK.code();
    private static final int CODE = Wire.METHOD_INCREMENT;
    private static final ServerHandshakeConfig SERVER = serverConfig(1 << 22, 1 << 22, 0);
    private static final ClientHandshakeConfig CLIENT = clientConfig(1 << 22, 16, 1 << 22, 0);

    @TempDir
    Path runDir;

    /** Echoes the next request back as its response. */
    private static ReceivedMessage echo(UdsSession server) throws TransportException {
        ReceivedMessage request = server.receive();
        server.sendResponse(request.code(), request.flags(), OK, request.itemCount(), request.messageId(),
                request.buffer(), request.payloadOffset(), request.payloadLength());
        return request;
    }

    @Test
    void oneRequestAndItsResponseRoundTripWithTheNegotiatedParameters() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            assertThat(p.client().role()).isEqualTo(SessionRole.CLIENT);
            assertThat(p.server().role()).isEqualTo(SessionRole.SERVER);
            assertThat(p.client().parameters()).isEqualTo(p.server().parameters());
            assertThat(p.client().sessionId()).isEqualTo(1);
            assertThat(p.client().parameters().packetSize()).isGreaterThan(Wire.HEADER_LEN);
            ByteBuffer payload = pattern(256, 1);
            p.client().sendRequest(CODE, 0, 1, 12345, payload, 0, 256);
            assertThat(p.client().isInFlight(12345)).isTrue();
            ReceivedMessage request = echo(p.server());
            assertThat(request.kind()).isEqualTo(Wire.KIND_REQUEST);
            assertThat(request.messageId()).isEqualTo(12345);
            ReceivedMessage response = p.client().receive();
            assertThat(response.kind()).isEqualTo(Wire.KIND_RESPONSE);
            assertThat(response.code()).isEqualTo(CODE);
            assertThat(response.transportStatus()).isEqualTo(OK);
            assertThat(response.itemCount()).isEqualTo(1);
            assertThat(response.payloadBytes()).isEqualTo(bytes(payload));
            assertThat(p.client().inFlightCount()).isZero();
        }
    }

    /** Echoes requests on another thread, for messages too large for the socket buffers to hold. */
    private static java.util.concurrent.Future<?> echoInBackground(UdsSession server, int count) {
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return executor.submit(() -> {
                for (int i = 0; i < count; i++) {
                    echo(server);
                }
                return null;
            });
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void sessionIdsCountUpFromOnePerAcceptedConnection() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            assertThat(p.listener().nextSessionId()).isEqualTo(2);
            try (UdsSession second = connectWhileAccepting(p.listener())) {
                assertThat(second.sessionId()).isEqualTo(2);
            }
        }
    }

    private static UdsSession connectWhileAccepting(UdsListener listener) throws Exception {
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var accepted = executor.submit((java.util.concurrent.Callable<UdsSession>) listener::accept);
            UdsSession client = UdsSession.connect(listener.endpoint(), CLIENT, UdsTestSupport.WAIT);
            accepted.get().close();
            return client;
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest(name = "payload {0} bytes, packet 96")
    @ValueSource(ints = {0, 1, 63, 64, 65, 127, 128, 129, 1000, 4096, 65_536})
    void messagesOfEverySizeAreChunkedAndReassembledExactly(int size) throws Exception {
        ServerHandshakeConfig server = serverConfig(1 << 22, 1 << 22, 96);
        try (UdsTestSupport.Pair p = pair(runDir, server, CLIENT)) {
            assertThat(p.client().parameters().packetSize()).isEqualTo(96);
            var echoes = echoInBackground(p.server(), 2);
            for (ByteBuffer payload : List.of(pattern(size, 7), direct(pattern(size, 9)))) {
                p.client().sendRequest(CODE, 0, 1, 1, payload, 0, size);
                assertThat(p.client().receive().payloadBytes()).isEqualTo(bytes(payload));
            }
            echoes.get();
        }
    }

    @Test
    void aMessageLargerThanTheKernelDatagramLimitOfTheDefaultPacketSizeStillGoesThrough() throws Exception {
        // The default packet size is SO_SNDBUF, and Linux refuses datagrams above SO_SNDBUF - 32:
        // full-size packets only work because the session raises its send buffer.
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            long packet = p.client().parameters().packetSize();
            long[] sizes = {packet - Wire.HEADER_LEN, packet, 3 * packet + 5};
            var echoes = echoInBackground(p.server(), sizes.length);
            for (long size : sizes) {
                ByteBuffer payload = direct(pattern((int) size, 3));
                p.client().sendRequest(CODE, 0, 1, size, payload, 0, (int) size);
                assertThat(p.client().receive().payloadBytes()).isEqualTo(bytes(payload));
            }
            echoes.get();
        }
    }

    @Test
    void payloadRegionsAreSentFromTheirOffset() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer buffer = pattern(100, 5);
            p.client().sendRequest(CODE, 0, 1, 1, buffer, 10, 20);
            ReceivedMessage request = p.server().receive();
            byte[] expected = new byte[20];
            buffer.get(10, expected);
            assertThat(request.payloadBytes()).isEqualTo(expected);
        }
    }

    @Test
    void pipelinedRequestsAcceptResponsesInAnyOrder() throws Exception {
        int count = 200;
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer payload = ByteBuffer.allocate(Long.BYTES);
            for (long id = 1; id <= count; id++) {
                payload.putLong(0, id);
                p.client().sendRequest(CODE, 0, 1, id, payload, 0, Long.BYTES);
            }
            assertThat(p.client().inFlightCount()).isEqualTo(count);
            List<byte[]> requests = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ReceivedMessage request = p.server().receive();
                ids.add(request.messageId());
                requests.add(request.payloadBytes());
            }
            for (int i = count - 1; i >= 0; i--) {
                p.server().sendResponse(CODE, 0, OK, 1, ids.get(i), ByteBuffer.wrap(requests.get(i)), 0, Long.BYTES);
            }
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < count; i++) {
                ReceivedMessage response = p.client().receive();
                assertThat(response.buffer().order(java.nio.ByteOrder.BIG_ENDIAN).getLong(response.payloadOffset()))
                        .isEqualTo(response.messageId());
                answered.add(response.messageId());
            }
            assertThat(answered).hasSize(count);
            assertThat(p.client().inFlightCount()).isZero();
        }
    }

    @Test
    void aDuplicateSubmissionIsRefusedAndTheSessionCarriesOn() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer payload = pattern(8, 1);
            p.client().sendRequest(CODE, 0, 1, 7, payload, 0, 8);
            assertThatThrownBy(() -> p.client().sendRequest(CODE, 0, 1, 7, payload, 0, 8))
                    .isInstanceOf(TransportException.class)
                    .extracting(e -> ((TransportException) e).error()).isEqualTo(TransportError.DUPLICATE_MESSAGE_ID);
            assertThat(p.client().isBroken()).isFalse();
            echo(p.server());
            assertThat(p.client().receive().messageId()).isEqualTo(7);
            p.client().sendRequest(CODE, 0, 1, 7, payload, 0, 8);
            assertThat(p.client().inFlightCount()).isEqualTo(1);
        }
    }

    @Test
    void aResponseToAnUnknownIdBreaksTheSessionAndFailsEveryInFlightId() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer payload = pattern(8, 1);
            p.client().sendRequest(CODE, 0, 1, 1, payload, 0, 8);
            p.client().sendRequest(CODE, 0, 1, 2, payload, 0, 8);
            p.server().sendResponse(CODE, 0, OK, 1, 99, payload, 0, 8);
            TransportException e = receiveFailure(p.client());
            assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
            assertThat(e.failedMessageIds()).containsExactlyInAnyOrder(1, 2);
            assertThat(p.client().isBroken()).isTrue();
            assertThat(p.client().inFlightCount()).isZero();
            assertThat(receiveFailure(p.client()).error()).isEqualTo(TransportError.CLOSED);
            assertThatThrownBy(() -> p.client().sendRequest(CODE, 0, 1, 3, payload, 0, 8))
                    .extracting(t -> ((TransportException) t).error()).isEqualTo(TransportError.CLOSED);
            // The broken session shut its connection down: the server reads what was sent, then sees it gone.
            p.server().receive();
            p.server().receive();
            assertThat(receiveFailure(p.server()).error()).isEqualTo(TransportError.PEER_CLOSED);
        }
    }

    @Test
    void aRepeatedResponseIdIsAProtocolViolation() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer payload = pattern(8, 1);
            p.client().sendRequest(CODE, 0, 1, 5, payload, 0, 8);
            p.server().sendResponse(CODE, 0, OK, 1, 5, payload, 0, 8);
            p.server().sendResponse(CODE, 0, OK, 1, 5, payload, 0, 8);
            assertThat(p.client().receive().messageId()).isEqualTo(5);
            assertThat(receiveFailure(p.client()).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }
    }

    private static TransportException receiveFailure(UdsSession session) {
        try {
            session.receive(UdsTestSupport.WAIT, null);
        } catch (TransportException e) {
            return e;
        }
        throw new AssertionError("receive succeeded");
    }

    @Test
    void outboundLimitsAreCheckedBeforeSendingAndLeaveTheSessionUsable() throws Exception {
        ServerHandshakeConfig server = serverConfig(100, 50, 0);
        ClientHandshakeConfig client = clientConfig(100, 2, 100, 0);
        try (UdsTestSupport.Pair p = pair(runDir, server, client)) {
            ByteBuffer payload = pattern(101, 1);
            assertError(() -> p.client().sendRequest(CODE, 0, 1, 1, payload, 0, 101), TransportError.LIMIT_EXCEEDED);
            assertError(() -> p.client().sendRequest(CODE, Wire.FLAG_BATCH, 3, 1, payload, 0, 100),
                    TransportError.LIMIT_EXCEEDED);
            assertThat(p.client().inFlightCount()).isZero();
            p.client().sendRequest(CODE, 0, 1, 1, payload, 0, 100);
            ReceivedMessage request = p.server().receive();
            assertThat(request.payloadLength()).isEqualTo(100);
            assertError(() -> p.server().sendResponse(CODE, 0, OK, 1, 1, payload, 0, 51),
                    TransportError.LIMIT_EXCEEDED);
            assertError(() -> p.server().sendResponse(CODE, 0, OK, 3, 1, payload, 0, 8),
                    TransportError.LIMIT_EXCEEDED);
            p.server().sendResponse(CODE, 0, OK, 2, 1, payload, 0, 50);
            assertThat(p.client().receive().payloadLength()).isEqualTo(50);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertError(Action action, TransportError error) {
        assertThatThrownBy(action::run).isInstanceOf(TransportException.class)
                .extracting(e -> ((TransportException) e).error()).isEqualTo(error);
    }

    @ParameterizedTest(name = "{0} items")
    @ValueSource(ints = {1, 2, 16})
    void batchesRoundTripItemByItem(int items) throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer batch = ByteBuffer.allocateDirect(4096);
            BatchBuilder builder = new BatchBuilder().reset(batch, 0, 4096, items);
            for (int i = 0; i < items; i++) {
                builder.add(bytes(pattern(i * 3 + 1, i)));
            }
            int length = builder.finish();
            p.client().sendRequest(CODE, Wire.FLAG_BATCH, items, 1, batch, 0, length);
            ReceivedMessage request = echo(p.server());
            BatchView view = request.batch(new BatchView());
            assertThat(view.itemCount()).isEqualTo(items);
            ReceivedMessage response = p.client().receive();
            BatchView echoed = response.batch(new BatchView());
            for (int i = 0; i < items; i++) {
                assertThat(echoed.item(i).toByteArray()).isEqualTo(bytes(pattern(i * 3 + 1, i)));
            }
        }
    }

    @Test
    void aBatchWithItemsFillingTheWholeRequestLimitIsAccepted() throws Exception {
        int limit = 4096;
        ServerHandshakeConfig server = serverConfig(limit, limit, 200);
        ClientHandshakeConfig client = clientConfig(limit, 4, limit, 0);
        try (UdsTestSupport.Pair p = pair(runDir, server, client)) {
            ByteBuffer batch = ByteBuffer.allocate(limit);
            BatchBuilder builder = new BatchBuilder().reset(batch, 0, limit, 4);
            int itemSize = (limit - 4 * Wire.BATCH_ENTRY_SIZE) / 4;
            for (int i = 0; i < 4; i++) {
                builder.add(bytes(pattern(itemSize, i)));
            }
            int length = builder.finish();
            assertThat(length).isEqualTo(limit);
            p.client().sendRequest(CODE, Wire.FLAG_BATCH, 4, 1, batch, 0, length);
            BatchView view = p.server().receive().batch(new BatchView());
            assertThat(view.item(3).toByteArray()).isEqualTo(bytes(pattern(itemSize, 3)));
        }
    }

    @Test
    void aReceiveTimesOutOrAbortsWithoutHarmingTheSession() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT); AbortSignal abort = AbortSignal.create()) {
            assertError(() -> p.server().receive(Duration.ofMillis(30), null), TransportError.TIMEOUT);
            assertError(() -> p.server().receive(Duration.ZERO, abort), TransportError.TIMEOUT);
            abort.signal();
            assertError(() -> p.server().receive(null, abort), TransportError.ABORTED);
            abort.clear();
            ByteBuffer payload = pattern(8, 2);
            p.client().sendRequest(CODE, 0, 1, 1, payload, 0, 8);
            assertThat(p.server().receive(UdsTestSupport.WAIT, abort).messageId()).isEqualTo(1);
            assertThat(p.server().isBroken()).isFalse();
        }
    }

    @Test
    void theSessionDescriptorSignalsAWaitingMessage() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ReadinessWait wait = new ReadinessWait();
            assertThat(wait.await(p.server().fd(), NativeFd.CLOSED, ReadinessWait.NOW)).isEqualTo(WaitResult.TIMEOUT);
            p.client().sendRequest(CODE, 0, 1, 1, pattern(8, 1), 0, 8);
            assertThat(wait.await(p.server().fd(), NativeFd.CLOSED, ReadinessWait.NOW)).isEqualTo(WaitResult.READY);
            assertThat(wait.await(p.listener().fd(), NativeFd.CLOSED, ReadinessWait.NOW))
                    .isEqualTo(WaitResult.TIMEOUT);
        }
    }

    @Test
    void aPeerThatClosesIsReportedAsPeerClosedWithItsInFlightIds() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            p.client().sendRequest(CODE, 0, 1, 41, pattern(8, 1), 0, 8);
            p.server().close();
            TransportException e = receiveFailure(p.client());
            assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
            assertThat(e.failedMessageIds()).containsExactly(41);
            assertThat(p.client().isBroken()).isTrue();
        }
    }

    @Test
    void sendingToAClosedPeerIsPeerClosed() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            p.server().close();
            assertError(() -> p.client().sendRequest(CODE, 0, 1, 1, pattern(8, 1), 0, 8), TransportError.PEER_CLOSED);
            assertThat(p.client().isBroken()).isTrue();
        }
    }

    @Test
    void eachRoleSendsOnlyItsOwnKind() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer payload = pattern(8, 1);
            assertThatThrownBy(() -> p.client().sendResponse(CODE, 0, OK, 1, 1, payload, 0, 8))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.server().sendRequest(CODE, 0, 1, 1, payload, 0, 8))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.client().sendRequest(CODE, 0, 1L << 32, 1, payload, 0, 8))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.client().sendRequest(CODE, 0, 1, 1, payload, 4, 8))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(p.client().inFlightCount()).isZero();
        }
    }

    @Test
    void aClosedSessionRefusesWork() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            p.client().close();
            p.client().close();
            assertThat(p.client().isOpen()).isFalse();
            assertThat(p.client().fd()).isEqualTo(NativeFd.CLOSED);
            assertError(() -> p.client().receive(), TransportError.CLOSED);
            assertError(() -> p.client().sendRequest(CODE, 0, 1, 1, pattern(8, 1), 0, 8), TransportError.CLOSED);
        }
    }

    @Test
    void connectingWhereNoServerListensIsNotFound() {
        assertError(() -> UdsSession.connect(new ServiceEndpoint(runDir, "absent"), CLIENT), TransportError.NOT_FOUND);
    }

    @Test
    void onlyTheBaselineProfileCanBeOfferedOverThisTransport() {
        ServerHandshakeConfig shmServer = new ServerHandshakeConfig(Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID,
                0, 0, 0, UdsTestSupport.TOKEN, 0);
        ClientHandshakeConfig shmClient = new ClientHandshakeConfig(Wire.PROFILE_SHM_HYBRID, 0, 0, 0, 0, 0,
                UdsTestSupport.TOKEN, 0);
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, "shm");
        assertThatThrownBy(() -> UdsListener.open(endpoint, shmServer)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UdsSession.connect(endpoint, shmClient)).isInstanceOf(IllegalArgumentException.class);
        assertThat(endpoint.socketPath()).doesNotExist();
    }

    @Test
    void theDefaultPacketSizeIsTheLargestDatagramTheKernelCarries() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            assertThat(p.client().parameters().packetSize())
                    .isEqualTo(Math.min(UdsSocket.detectPacketSize(p.client().fd()),
                            UdsSocket.detectPacketSize(p.server().fd())));
            assertThat(UdsSocket.detectPacketSize(p.client().fd()))
                    .isEqualTo(UdsSocket.sendBufferSize(p.client().fd()) - UdsSocket.KERNEL_DATAGRAM_RESERVE);
        }
    }

    @Test
    void callersCannotUpsetTheSessionThroughTheBuffersTheyAreGiven() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer payload = pattern(64, 4);
            for (int id = 1; id <= 2; id++) {
                p.client().sendRequest(CODE, 0, 1, id, payload, 0, 64);
                ReceivedMessage request = p.server().receive();
                assertThat(request.buffer().isReadOnly()).isTrue();
                assertThat(request.payloadBytes()).isEqualTo(bytes(payload));
                request.buffer().limit(0);
            }
        }
    }

    @Test
    void aMessageLargerThanTheEagerReassemblySizeGrowsItsBufferAsChunksArrive() throws Exception {
        int size = UdsMessageReceiver.EAGER_REASSEMBLY * 2 + 12_345;
        ServerHandshakeConfig server = serverConfig(size, size, 65_536);
        ClientHandshakeConfig client = clientConfig(size, 1, size, 0);
        try (UdsTestSupport.Pair p = pair(runDir, server, client)) {
            var echoes = echoInBackground(p.server(), 1);
            ByteBuffer payload = direct(pattern(size, 11));
            p.client().sendRequest(CODE, 0, 1, 1, payload, 0, size);
            assertThat(p.client().receive().payloadBytes()).isEqualTo(bytes(payload));
            echoes.get();
        }
    }
}
