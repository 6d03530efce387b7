package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.await;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.bytes;
import static io.netdata.netipc.transport.uds.UdsTestSupport.clientConfig;
import static io.netdata.netipc.transport.uds.UdsTestSupport.direct;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pair;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static io.netdata.netipc.transport.uds.UdsTestSupport.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
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

    /** A span no timeout of this transport is meant to reach. */
    private static final Duration CENTURY = Duration.ofDays(36_525);

    @TempDir
    Path runDir;

    /** Echoes the next request back as its response. */
    private static ReceivedMessage echo(UdsSession server) throws TransportException {
        ReceivedMessage request = server.receive(WAIT, null);
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
            ReceivedMessage response = p.client().receive(WAIT, null);
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
            UdsSession client = UdsSession.connect(listener.endpoint(), CLIENT, WAIT);
            await(accepted).close();
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
                assertThat(p.client().receive(WAIT, null).payloadBytes()).isEqualTo(bytes(payload));
            }
            await(echoes);
        }
    }

    @Test
    void fullPacketsOfTheDefaultPacketSizeGoThrough() throws Exception {
        // Linux refuses datagrams above SO_SNDBUF - 32 (EMSGSIZE), and the default packet size is
        // SO_SNDBUF - 32, the largest datagram the socket carries as it is: full packets fit without
        // any raise of the send buffer (configured packet sizes that need one are tested below).
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            long packet = p.client().parameters().packetSize();
            long[] sizes = {packet - Wire.HEADER_LEN, packet, 3 * packet + 5};
            var echoes = echoInBackground(p.server(), sizes.length);
            for (long size : sizes) {
                ByteBuffer payload = direct(pattern((int) size, 3));
                p.client().sendRequest(CODE, 0, 1, size, payload, 0, (int) size);
                assertThat(p.client().receive(WAIT, null).payloadBytes()).isEqualTo(bytes(payload));
            }
            await(echoes);
        }
    }

    /**
     * A packet no bigger than this is a datagram Linux can always allocate: one above about
     * 4 MiB fails with ENOBUFS whatever the send buffer (the kernel cannot allocate its head),
     * so packet sizes that could run into that are not what these tests are about.
     */
    private static final long LARGEST_SAFE_DATAGRAM = 2 << 20;
    private static final Path WMEM_MAX = Path.of("/proc/sys/net/core/wmem_max");

    /** {@code net.core.wmem_max}: the most {@code SO_SNDBUF} a socket may ask for, which Linux then doubles. */
    private static long wmemMax() throws IOException {
        assumeTrue(Files.isReadable(WMEM_MAX), "net.core.wmem_max is not readable");
        // Read as a stream: /proc reports a size of 0, and Files.readString on JDK 17 then returns one byte.
        try (BufferedReader reader = Files.newBufferedReader(WMEM_MAX)) {
            return Long.parseLong(reader.readLine().trim());
        }
    }

    /** The send buffer of a fresh socket: the default the session starts from. */
    private static long defaultSendBuffer() throws NativeException {
        try (NativeFd socket = new NativeFd(Native.check(UdsSocket.open(), "socket"))) {
            return UdsSocket.sendBufferSize(socket.fd());
        }
    }

    /** Both ends configured to the same packet size, with payload limits that fit it. */
    private UdsTestSupport.Pair pairWithPacket(long packet) throws Exception {
        return pair(runDir, serverConfig(packet, packet, packet), clientConfig(packet, 1, packet, packet));
    }

    /**
     * A configured packet size above the default send buffer only works because each session
     * raises its {@code SO_SNDBUF}: Linux caps the request at {@code wmem_max} and doubles it,
     * so up to twice {@code wmem_max} a full packet still fits.
     */
    @Test
    void aConfiguredPacketAboveTheDefaultSendBufferRaisesItSoFullPacketsGoThrough() throws Exception {
        long packet = Math.min(wmemMax() * 3 / 2, LARGEST_SAFE_DATAGRAM);
        assumeTrue(packet > defaultSendBuffer() - UdsSocket.KERNEL_DATAGRAM_RESERVE,
                "the default send buffer already carries " + packet + "-byte packets");
        try (UdsTestSupport.Pair p = pairWithPacket(packet)) {
            assertThat(p.client().parameters().packetSize()).isEqualTo(packet);
            for (UdsSession session : List.of(p.client(), p.server())) {
                assertThat((long) UdsSocket.sendBufferSize(session.fd()) - UdsSocket.KERNEL_DATAGRAM_RESERVE)
                        .as("raised send buffer").isGreaterThanOrEqualTo(packet);
            }
            int full = (int) packet - Wire.HEADER_LEN;
            ByteBuffer payload = direct(pattern(full, 13));
            p.client().sendRequest(CODE, 0, 1, 1, payload, 0, full);
            echo(p.server());
            assertThat(p.client().receive(WAIT, null).payloadBytes()).isEqualTo(bytes(payload));
        }
    }

    /**
     * Twice {@code wmem_max} is 32 bytes more than the raised send buffer carries: the kernel
     * refuses the full packet (EMSGSIZE), an I/O failure that breaks the session.
     */
    @Test
    void aPacketTheSendBufferCannotBeRaisedToCarryFailsWithIoAndBreaksTheSession() throws Exception {
        long packet = 2 * wmemMax();
        assumeTrue(packet <= UdsHandshakeExchange.MAX_PACKET_SIZE, "wmem_max is beyond any Java packet");
        try (UdsTestSupport.Pair p = pairWithPacket(packet)) {
            int full = (int) packet - Wire.HEADER_LEN;
            ByteBuffer payload = ByteBuffer.allocateDirect(full);
            TransportException e = HandMadePeers.failure(() -> p.client().sendRequest(CODE, 0, 1, 1, payload, 0,
                    full));
            assertThat(e.error()).isEqualTo(TransportError.IO);
            assertThat(e.getCause()).isInstanceOfSatisfying(NativeException.class,
                    cause -> assertThat(cause.errnoName()).isEqualTo("EMSGSIZE"));
            assertThat(e.failedMessageIds()).containsExactly(1);
            assertThat(p.client().isBroken()).isTrue();
        }
    }

    @Test
    void payloadRegionsAreSentFromTheirOffset() throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, SERVER, CLIENT)) {
            ByteBuffer buffer = pattern(100, 5);
            p.client().sendRequest(CODE, 0, 1, 1, buffer, 10, 20);
            ReceivedMessage request = p.server().receive(WAIT, null);
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
                ReceivedMessage request = p.server().receive(WAIT, null);
                ids.add(request.messageId());
                requests.add(request.payloadBytes());
            }
            for (int i = count - 1; i >= 0; i--) {
                p.server().sendResponse(CODE, 0, OK, 1, ids.get(i), ByteBuffer.wrap(requests.get(i)), 0, Long.BYTES);
            }
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < count; i++) {
                ReceivedMessage response = p.client().receive(WAIT, null);
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
            assertThat(p.client().receive(WAIT, null).messageId()).isEqualTo(7);
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
            p.server().receive(WAIT, null);
            p.server().receive(WAIT, null);
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
            assertThat(p.client().receive(WAIT, null).messageId()).isEqualTo(5);
            assertThat(receiveFailure(p.client()).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }
    }

    private static TransportException receiveFailure(UdsSession session) {
        try {
            session.receive(WAIT, null);
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
            ReceivedMessage request = p.server().receive(WAIT, null);
            assertThat(request.payloadLength()).isEqualTo(100);
            assertError(() -> p.server().sendResponse(CODE, 0, OK, 1, 1, payload, 0, 51),
                    TransportError.LIMIT_EXCEEDED);
            assertError(() -> p.server().sendResponse(CODE, 0, OK, 3, 1, payload, 0, 8),
                    TransportError.LIMIT_EXCEEDED);
            p.server().sendResponse(CODE, 0, OK, 2, 1, payload, 0, 50);
            assertThat(p.client().receive(WAIT, null).payloadLength()).isEqualTo(50);
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
            ReceivedMessage response = p.client().receive(WAIT, null);
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
            BatchView view = p.server().receive(WAIT, null).batch(new BatchView());
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
            assertThat(p.server().receive(WAIT, abort).messageId()).isEqualTo(1);
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
            // The no-argument receive, which blocks without a deadline, refuses a closed session at once.
            assertError(() -> p.client().receive(), TransportError.CLOSED);
            assertError(() -> p.client().sendRequest(CODE, 0, 1, 1, pattern(8, 1), 0, 8), TransportError.CLOSED);
        }
    }

    @Test
    void connectingWhereNoServerListensIsNotFound() {
        assertError(() -> UdsSession.connect(new ServiceEndpoint(runDir, "absent"), CLIENT), TransportError.NOT_FOUND);
    }

    @Test
    void connectingThroughARunDirectoryThatIsARegularFileIsAnIoFailure() throws Exception {
        Path notADirectory = Files.writeString(runDir.resolve("file"), "not a directory");
        TransportException e = HandMadePeers.failure(() -> UdsSession.connect(
                new ServiceEndpoint(notADirectory, "svc"), CLIENT, WAIT));
        assertThat(e.error()).isEqualTo(TransportError.IO);
        assertThat(e.getCause()).isInstanceOfSatisfying(NativeException.class,
                cause -> assertThat(cause.errnoName()).isEqualTo("ENOTDIR"));
    }

    @Test
    void connectWithoutAHandshakeDeadlineHandshakesAsUsual() throws Exception {
        try (UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE), SERVER)) {
            Future<UdsSession> accepting = HandMadePeers.inBackground(listener::accept);
            // No deadline of its own: it runs on a thread of its own, under the hang guard of await.
            Future<UdsSession> connecting = HandMadePeers.inBackground(() -> UdsSession.connect(listener.endpoint(),
                    CLIENT));
            try (UdsSession client = await(connecting); UdsSession server = await(accepting)) {
                assertThat(client.sessionId()).isEqualTo(server.sessionId());
                client.sendRequest(CODE, 0, 1, 1, pattern(8, 1), 0, 8);
                echo(server);
                assertThat(client.receive(WAIT, null).messageId()).isEqualTo(1);
            }
        }
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        assertThatThrownBy(() -> UdsSession.deadlineAfter(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimeoutBeyondTheNanosecondRangeMeansNoDeadline() {
        assertThat(UdsSession.deadlineAfter(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(ReadinessWait.NO_DEADLINE);
        assertThat(UdsSession.deadlineAfter(null)).isEqualTo(ReadinessWait.NO_DEADLINE);
    }

    /**
     * The longest timeout in nanoseconds gives a deadline that lies centuries ahead: however it
     * is represented, a wait on it never ends by itself.
     */
    @Test
    void theLongestNanosecondTimeoutNeverEndsAWait() {
        long deadline = UdsSession.deadlineAfter(Duration.ofNanos(Long.MAX_VALUE));
        long remaining = deadline - System.nanoTime();
        assertThat(deadline == ReadinessWait.NO_DEADLINE || remaining > CENTURY.toNanos())
                .as("deadline %d, %d ns from now", deadline, remaining).isTrue();
    }

    /**
     * An overflowing deadline saturates to NO_DEADLINE rather than wrapping: a wrapped value
     * could land on the NOW marker ({@code Long.MIN_VALUE}) and end the wait at once. (HotSpot's
     * {@code nanoTime} on Linux is the positive monotonic clock, so this sum wraps.)
     */
    @Test
    void theLongestNanosecondTimeoutSaturatesToNoDeadline() {
        assertThat(UdsSession.deadlineAfter(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo(ReadinessWait.NO_DEADLINE);
    }

    @Test
    void profilesWithoutADataPlaneHereCannotBeOffered() {
        ServerHandshakeConfig shmServer = new ServerHandshakeConfig(Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_FUTEX,
                0, 0, 0, UdsTestSupport.TOKEN, 0);
        ClientHandshakeConfig shmClient = new ClientHandshakeConfig(Wire.PROFILE_SHM_HYBRID | Wire.PROFILE_SHM_FUTEX,
                0, 0, 0, 0, 0,
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
                ReceivedMessage request = p.server().receive(WAIT, null);
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
            assertThat(p.client().receive(WAIT, null).payloadBytes()).isEqualTo(bytes(payload));
            await(echoes);
        }
    }
}
