package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.acceptWithin;
import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.failureOf;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.bytes;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pair;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static io.netdata.netipc.transport.uds.UdsTestSupport.receivePacketWithin;
import static io.netdata.netipc.transport.uds.UdsTestSupport.sendPacket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.testsupport.NativeThreads;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Java client and Java server over the SHM_HYBRID data plane (upstream
 * {@code level1-posix-shm.md}): negotiation, round trips, limits, batches, the
 * server's fallback when it cannot create a region, the client's attach failure,
 * waking a blocked reader, and that no region file or mapping outlives a test.
 */
class UdsShmSessionTest {
    /** The name of a receiving thread the tests wait to see asleep (at most 15 characters). */
    private static final String BLOCKED_READER = "shm-blocked-rx";
    private static final long SHM_AND_BASELINE = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    private static final long MAX_REQUEST = 4096;
    private static final long MAX_RESPONSE = 16384;
    private static final long ITEMS = 8;
    private static final int CHAIN = 1000;
    private static final int CODE = Packets.CODE;
    private static final int OK = Packets.OK;
    private static final Duration SHORT = Duration.ofMillis(50);

    @TempDir
    Path runDir;

    private static ServerHandshakeConfig server(long profiles) {
        return new ServerHandshakeConfig(profiles, profiles, MAX_REQUEST, MAX_RESPONSE, TOKEN, 0);
    }

    private static ClientHandshakeConfig client(long profiles) {
        return new ClientHandshakeConfig(profiles, profiles, MAX_REQUEST, ITEMS, MAX_RESPONSE, ITEMS, TOKEN, 0);
    }

    private UdsTestSupport.Pair shmPair() throws Exception {
        return pair(runDir, server(SHM_AND_BASELINE), client(SHM_AND_BASELINE));
    }

    @AfterEach
    void noRegionFileOrMappingRemains() throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            assertThat(files.filter(f -> f.toString().endsWith(ShmRegionFiles.SUFFIX)).toList()).isEmpty();
        }
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        assertThat(maps.stream().filter(line -> line.contains(runDir.toString())).toList()).isEmpty();
    }

    private static void echo(UdsTestSupport.Pair p, long id, int length) throws Exception {
        ByteBuffer payload = pattern(length, (int) id);
        p.client().sendRequest(CODE, 0, 1, id, payload, 0, length);
        ReceivedMessage request = p.server().receive(WAIT, null);
        assertThat(request.messageId()).isEqualTo(id);
        assertThat(request.payloadBytes()).isEqualTo(bytes(payload));
        p.server().sendResponse(CODE, 0, OK, 1, id, request.buffer(), request.payloadOffset(),
                request.payloadLength());
        ReceivedMessage response = p.client().receive(WAIT, null);
        assertThat(response.messageId()).isEqualTo(id);
        assertThat(response.payloadBytes()).isEqualTo(bytes(payload));
    }

    @Test
    void bothSidesOfferingShmSelectItAndARoundTripGoesThroughTheRegion() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            assertThat(p.client().parameters().selectedProfile()).isEqualTo(Wire.PROFILE_SHM_HYBRID);
            assertThat(p.server().parameters().selectedProfile()).isEqualTo(Wire.PROFILE_SHM_HYBRID);
            assertThat(p.client().usesSharedMemory()).isTrue();
            assertThat(p.server().usesSharedMemory()).isTrue();
            Path region = ShmRegionFiles.path(p.listener().endpoint(), p.server().sessionId());
            assertThat(region).exists();
            echo(p, 1, 100);
            // Nothing crossed the socket after the handshake: the region carried both messages.
            assertThat(UdsTestSupport.nothingPending(p.server().fd())).isTrue();
            assertThat(UdsTestSupport.nothingPending(p.client().fd())).isTrue();
        }
    }

    @Test
    void aCounterChainOfAThousandRoundTripsArrivesIntact() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            Future<Long> server = inBackground(() -> {
                ByteBuffer answer = SessionExchanges.incrementAnswerBuffer();
                long served = 0;
                for (int i = 0; i < CHAIN; i++) {
                    SessionExchanges.answerIncrement(p.server(), p.server().receive(WAIT, null), answer);
                    served++;
                }
                return served;
            });
            assertThat(SessionExchanges.incrementChain(p.client(), CHAIN)).isEqualTo(CHAIN);
            assertThat(HandMadePeers.await(server)).isEqualTo(CHAIN);
        }
    }

    @Test
    void messagesAtTheNegotiatedLimitsCrossAndOneByteMoreIsRefusedWithoutHarm() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            ByteBuffer tooLong = pattern((int) MAX_REQUEST + 1, 3);
            TransportException refused = failure(() -> p.client().sendRequest(CODE, 0, 1, 9, tooLong, 0,
                    (int) MAX_REQUEST + 1));
            assertThat(refused.error()).isEqualTo(TransportError.LIMIT_EXCEEDED);

            ByteBuffer request = pattern((int) MAX_REQUEST, 1);
            p.client().sendRequest(CODE, 0, 1, 1, request, 0, (int) MAX_REQUEST);
            ReceivedMessage received = p.server().receive(WAIT, null);
            assertThat(received.payloadBytes()).isEqualTo(bytes(request));

            ByteBuffer longResponse = pattern((int) MAX_RESPONSE + 1, 4);
            refused = failure(() -> p.server().sendResponse(CODE, 0, OK, 1, 1, longResponse, 0,
                    (int) MAX_RESPONSE + 1));
            assertThat(refused.error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
            ByteBuffer response = pattern((int) MAX_RESPONSE, 2);
            p.server().sendResponse(CODE, 0, OK, 1, 1, response, 0, (int) MAX_RESPONSE);
            assertThat(p.client().receive(WAIT, null).payloadBytes()).isEqualTo(bytes(response));
        }
    }

    @Test
    void aBatchCrossesInOnePublicationBothWays() throws Exception {
        int[] sizes = {1, 17, 300, 0, 64};
        byte[] payload = SessionExchanges.batch((int) MAX_REQUEST, sizes);
        try (UdsTestSupport.Pair p = shmPair()) {
            p.client().sendRequest(CODE, Wire.FLAG_BATCH, sizes.length, 5, ByteBuffer.wrap(payload), 0,
                    payload.length);
            SessionExchanges.assertBatch(p.server().receive(WAIT, null), sizes);
            p.server().sendResponse(CODE, Wire.FLAG_BATCH, OK, sizes.length, 5, ByteBuffer.wrap(payload), 0,
                    payload.length);
            SessionExchanges.assertBatch(p.client().receive(WAIT, null), sizes);
        }
    }

    @Test
    void aSecondRequestWhileOneIsInFlightIsRefusedAndTheSessionGoesOn() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            ByteBuffer payload = pattern(10, 1);
            p.client().sendRequest(CODE, 0, 1, 1, payload, 0, 10);
            TransportException second = failure(() -> p.client().sendRequest(CODE, 0, 1, 2, payload, 0, 10));
            assertThat(second.error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(p.client().isBroken()).isFalse();
            ReceivedMessage request = p.server().receive(WAIT, null);
            p.server().sendResponse(CODE, 0, OK, 1, request.messageId(), payload, 0, 10);
            assertThat(p.client().receive(WAIT, null).messageId()).isEqualTo(1);
            echo(p, 3, 20);
        }
    }

    @Test
    void aTimeoutOrAnAbortLeavesTheSessionUsable() throws Exception {
        try (UdsTestSupport.Pair p = shmPair(); AbortSignal abort = AbortSignal.create()) {
            assertThat(failure(() -> p.server().receive(SHORT, null)).error()).isEqualTo(TransportError.TIMEOUT);
            abort.signal();
            assertThat(failure(() -> p.server().receive(WAIT, abort)).error()).isEqualTo(TransportError.ABORTED);
            assertThat(p.server().isBroken()).isFalse();
            echo(p, 1, 8);
        }
    }

    @Test
    void closingFromAnotherThreadWakesABlockedReceiveWithClosed() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            FutureTask<ReceivedMessage> blocked = new FutureTask<>(() -> p.server().receive(null, null));
            new Thread(blocked, BLOCKED_READER).start();
            // Really asleep on the signal word: the close must wake it, not find it before it waits.
            NativeThreads.awaitInFutex(BLOCKED_READER, WAIT);
            p.server().close();
            assertThat(failureOf(blocked).error()).isEqualTo(TransportError.CLOSED);
            assertThat(ShmRegionFiles.path(p.listener().endpoint(), p.server().sessionId())).doesNotExist();
        }
    }

    @Test
    void thePeerClosingIsSeenByABlockedReceiveThroughTheSocket() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            Future<ReceivedMessage> blocked = inBackground(() -> p.server().receive(null, null));
            p.client().close();
            assertThat(failureOf(blocked).error()).isEqualTo(TransportError.PEER_CLOSED);
            assertThat(p.server().isBroken()).isTrue();
        }
    }

    @Test
    void eitherSideBaselineOnlyNegotiatesTheSocketAndCreatesNoRegion() throws Exception {
        long[][] matrix = {
            {Wire.PROFILE_BASELINE, SHM_AND_BASELINE},
            {SHM_AND_BASELINE, Wire.PROFILE_BASELINE},
            {Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE},
        };
        for (long[] row : matrix) {
            try (UdsTestSupport.Pair p = pair(runDir, server(row[0]), client(row[1]))) {
                assertThat(p.client().parameters().selectedProfile()).isEqualTo(Wire.PROFILE_BASELINE);
                assertThat(p.client().usesSharedMemory()).isFalse();
                assertThat(p.server().usesSharedMemory()).isFalse();
                echo(p, 1, 100);
                noRegionFileOrMappingRemains();
            }
        }
    }

    @Test
    void aServerThatCannotCreateTheRegionNegotiatesTheSessionWithoutShm() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        try (UdsListener listener = UdsListener.open(endpoint, server(SHM_AND_BASELINE));
                // A live region (this process, non-zero generation) already holds the next session's path.
                ShmRegion squatter = ShmRegion.create(endpoint, listener.nextSessionId(),
                        ShmRegionLayout.forPayloadLimits(1, 1))) {
            Future<UdsSession> accepted = inBackground(listener::accept);
            try (UdsSession clientSession = UdsSession.connect(endpoint, client(SHM_AND_BASELINE), WAIT);
                    UdsSession serverSession = HandMadePeers.await(accepted)) {
                assertThat(clientSession.parameters().selectedProfile()).isEqualTo(Wire.PROFILE_BASELINE);
                assertThat(serverSession.usesSharedMemory()).isFalse();
                assertThat(squatter.path()).exists();
            }
        }
    }

    @Test
    void aRegionLargerThanAJavaBufferIsNotOfferedAndTheSessionRunsOverTheSocket() throws Exception {
        ServerHandshakeConfig huge = new ServerHandshakeConfig(SHM_AND_BASELINE, SHM_AND_BASELINE, 0xFFFF_FFFFL,
                0xFFFF_FFFFL, TOKEN, 0);
        try (UdsTestSupport.Pair p = pair(runDir, huge, client(SHM_AND_BASELINE))) {
            assertThat(p.server().usesSharedMemory()).isFalse();
            echo(p, 1, 100);
        }
    }

    @Test
    void aServerOfferingOnlyShmThatCannotCreateTheRegionFailsTheAccept() throws Exception {
        ServerHandshakeConfig huge = new ServerHandshakeConfig(Wire.PROFILE_SHM_HYBRID, 0, 0xFFFF_FFFFL,
                0xFFFF_FFFFL, TOKEN, 0);
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        try (UdsListener listener = UdsListener.open(endpoint, huge)) {
            Future<UdsSession> connecting = inBackground(
                    () -> UdsSession.connect(endpoint, client(SHM_AND_BASELINE), WAIT));
            assertThat(failure(listener::accept).error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(failureOf(connecting).error()).isEqualTo(TransportError.PEER_CLOSED);
        }
    }

    @Test
    void aClientThatCannotAttachClosesTheSessionWithATypedErrorAndReconnectsWithoutShm() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        long sessionId = 42;
        Path region = ShmRegionFiles.path(endpoint, sessionId);
        try (UdsListener listener = UdsListener.open(endpoint, server(SHM_AND_BASELINE))) {
            // A region of another version: attach fails at once, with no retry that could help.
            ByteBuffer header = ByteBuffer.allocate(ShmRegionLayout.HEADER_LEN * 2).order(ByteOrder.nativeOrder());
            header.putInt(ShmRegionLayout.OFF_MAGIC, (int) ShmRegionLayout.MAGIC);
            header.putShort(ShmRegionLayout.OFF_VERSION, (short) (ShmRegionLayout.VERSION + 1));
            Files.write(region, header.array());
            try {
                Future<UdsSession> connecting = inBackground(
                        () -> UdsSession.connect(endpoint, client(SHM_AND_BASELINE), WAIT));
                try (NativeFd raw = acceptWithin(listener, connecting)) {
                    receivePacketWithin(raw.fd(), Packets.CONTROL_CAPACITY);
                    HelloAck ack = new HelloAck(Wire.LAYOUT_VERSION, 0, SHM_AND_BASELINE, SHM_AND_BASELINE,
                            Wire.PROFILE_SHM_HYBRID, MAX_REQUEST, ITEMS, MAX_RESPONSE, ITEMS, 4096, sessionId);
                    sendPacket(raw.fd(), Packets.ackPacket(TransportStatus.OK, ack));
                    TransportException e = failureOf(connecting);
                    assertThat(e.error()).isEqualTo(TransportError.SHM_ATTACH_FAILED);
                    assertThat(UdsTestSupport.drainUntilPeerCloses(raw.fd())).as("session closed").isZero();
                }
            } finally {
                Files.deleteIfExists(region);
            }
            Future<UdsSession> accepted = inBackground(listener::accept);
            try (UdsSession clientSession = UdsSession.connect(endpoint, client(Wire.PROFILE_BASELINE), WAIT);
                    UdsSession serverSession = HandMadePeers.await(accepted)) {
                assertThat(clientSession.usesSharedMemory()).isFalse();
                assertThat(serverSession.usesSharedMemory()).isFalse();
            }
        }
    }

    @Test
    void theListenerTracksLiveRegionsAndItsCloseUnlinksThemWithoutStoppingTheSessions() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            Path region = ShmRegionFiles.path(p.listener().endpoint(), p.server().sessionId());
            assertThat(p.listener().liveShmRegions()).isEqualTo(1);
            p.listener().close();
            assertThat(region).doesNotExist();
            echo(p, 1, 64);
            p.server().close();
            assertThat(p.listener().liveShmRegions()).isZero();
        }
    }

    @Test
    void aSessionCloseForgetsItsRegionOnTheListener() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            p.server().close();
            assertThat(p.listener().liveShmRegions()).isZero();
            assertThat(ShmRegionFiles.path(p.listener().endpoint(), p.server().sessionId())).doesNotExist();
        }
    }

    @ParameterizedTest(name = "profiles {0}")
    @ValueSource(longs = {Wire.PROFILE_BASELINE, SHM_AND_BASELINE})
    void everyListenerReclaimsStaleRegionsOfItsServiceAtStartup(long profiles) throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        Path junk = ShmRegionFiles.path(endpoint, 7);
        Files.write(junk, new byte[ShmRegionLayout.HEADER_LEN]);
        Path otherService = ShmRegionFiles.path(new ServiceEndpoint(runDir, "other"), 7);
        Files.write(otherService, new byte[ShmRegionLayout.HEADER_LEN]);
        try (UdsListener listener = UdsListener.open(endpoint, server(profiles))) {
            assertThat(junk).doesNotExist();
            assertThat(otherService).exists();
        } finally {
            Files.delete(otherService);
        }
    }

    @Test
    void aServerSendsExactlyOneResponsePerRequestOverShm() throws Exception {
        try (UdsTestSupport.Pair p = shmPair()) {
            ByteBuffer payload = pattern(8, 1);
            assertThatThrownBy(() -> p.server().sendResponse(CODE, 0, OK, 1, 1, payload, 0, 8))
                    .as("nothing was asked").isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.LIMIT_EXCEEDED));
            assertThat(p.server().isBroken()).isFalse();

            echo(p, 1, 8);
            assertThatThrownBy(() -> p.server().sendResponse(CODE, 0, OK, 1, 1, payload, 0, 8))
                    .as("a second answer to the same request").isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.LIMIT_EXCEEDED));
            echo(p, 2, 8);
        }
    }
}
