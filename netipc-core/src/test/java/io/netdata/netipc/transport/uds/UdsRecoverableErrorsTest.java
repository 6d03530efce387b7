package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.await;
import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.InFlightIds;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failures that leave a session usable (upstream {@code level1-posix-uds.md},
 * "Receive timeout and abort"; {@code level1-transport.md}, duplicate ids and
 * outbound limits): a timeout or abort before any packet of a message, and a
 * send refused before anything went out. After each the session keeps
 * receiving steadily, with its in-flight requests intact.
 */
class UdsRecoverableErrorsTest {
    private static final int CODE = Packets.CODE;
    private static final int OK = Packets.OK;
    private static final ServerHandshakeConfig SERVER = UdsTestSupport.serverConfig(4096, 4096, 512);
    private static final ClientHandshakeConfig CLIENT = UdsTestSupport.clientConfig(4096, 4, 4096, 0);

    @TempDir
    Path runDir;

    private static void echo(UdsSession server) throws TransportException {
        ReceivedMessage request = server.receive(WAIT, null);
        server.sendResponse(request.code(), 0, OK, 1, request.messageId(), request.buffer(), request.payloadOffset(),
                request.payloadLength());
    }

    private static void send(UdsSession client, long id, int length) throws TransportException {
        client.sendRequest(CODE, 0, 1, id, pattern(length, (int) id), 0, length);
    }

    @Test
    void aServerSessionThatTimedOutManyTimesBeforeAnyPacketReceivesSteadily() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            for (int round = 0; round < 50; round++) {
                Duration timeout = round % 2 == 0 ? Duration.ZERO : Duration.ofMillis(1);
                assertThat(failure(() -> p.server().receive(timeout, null)).error()).isEqualTo(TransportError.TIMEOUT);
                send(p.client(), round, 1 + round * 37);
                echo(p.server());
                assertThat(p.client().receive(WAIT, null).payloadBytes()).isEqualTo(
                        pattern(1 + round * 37, round).array());
            }
            assertThat(p.server().isBroken()).isFalse();
            assertThat(p.client().isBroken()).isFalse();
        }
    }

    @Test
    void aClientThatTimesOutKeepsItsRequestsInFlightAndGetsEveryResponseLater() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            for (long id = 1; id <= 3; id++) {
                send(p.client(), id, 1000);
            }
            TransportException e = failure(() -> p.client().receive(Duration.ofMillis(20), null));
            assertThat(e.error()).isEqualTo(TransportError.TIMEOUT);
            assertThat(e.failedMessageIds()).as("a clean timeout fails nothing").isEmpty();
            assertThat(p.client().inFlightCount()).isEqualTo(3);
            assertThat(p.client().isBroken()).isFalse();
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                echo(p.server());
                answered.add(p.client().receive(WAIT, null).messageId());
            }
            assertThat(answered).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(p.client().inFlightCount()).isZero();
        }
    }

    @Test
    void anAbortBeforeAnyPacketLeavesTheClientUsableWithItsRequestsInFlight() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT);
                AbortSignal abort = AbortSignal.create()) {
            send(p.client(), 5, 8);
            abort.signal();
            TransportException e = failure(() -> p.client().receive(WAIT, abort));
            assertThat(e.error()).isEqualTo(TransportError.ABORTED);
            assertThat(e.failedMessageIds()).isEmpty();
            assertThat(p.client().isInFlight(5)).isTrue();
            abort.clear();
            echo(p.server());
            assertThat(p.client().receive(WAIT, abort).messageId()).isEqualTo(5);
        }
    }

    @Test
    void anAbortWinsOverAMessageAlreadyWaitingAndTheMessageIsStillThereAfter() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT);
                AbortSignal abort = AbortSignal.create()) {
            send(p.client(), 6, 2000);
            abort.signal();
            assertThat(failure(() -> p.server().receive(WAIT, abort)).error()).isEqualTo(TransportError.ABORTED);
            abort.clear();
            assertThat(p.server().receive(WAIT, abort).payloadBytes()).isEqualTo(pattern(2000, 6).array());
        }
    }

    @Test
    void anAbortFromAnotherThreadEndsABlockedReceiveCleanly() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT);
                AbortSignal abort = AbortSignal.create()) {
            Future<TransportException> receiving = inBackground(() -> failure(() -> p.server().receive(null, abort)));
            abort.signal();
            assertThat(await(receiving).error()).isEqualTo(TransportError.ABORTED);
            assertThat(p.server().isBroken()).isFalse();
            abort.clear();
            send(p.client(), 7, 8);
            assertThat(p.server().receive(WAIT, abort).messageId()).isEqualTo(7);
        }
    }

    @Test
    void aZeroTimeoutTakesAMessageThatIsAlreadyWaiting() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            send(p.client(), 8, 100);
            assertThat(new ReadinessWait().await(p.server().fd(), NativeFd.CLOSED,
                    System.nanoTime() + WAIT.toNanos())).isEqualTo(WaitResult.READY);
            assertThat(p.server().receive(Duration.ZERO, null).messageId()).isEqualTo(8);
        }
    }

    @Test
    void sendsRefusedBeforeAnythingWentOutLeaveBothSidesReceivingSteadily() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            ByteBuffer big = ByteBuffer.allocate(5000);
            send(p.client(), 1, 8);
            assertThat(failure(() -> p.client().sendRequest(CODE, 0, 1, 2, big, 0, 4097)).error())
                    .isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(failure(() -> p.client().sendRequest(CODE, Wire.FLAG_BATCH, 5, 2, big, 0, 64)).error())
                    .isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(failure(() -> send(p.client(), 1, 8)).error()).isEqualTo(TransportError.DUPLICATE_MESSAGE_ID);
            assertThatThrownBy(() -> p.client().sendRequest(CODE, 0x1_0000, 1, 2, big, 0, 8))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(p.client().inFlightCount()).isEqualTo(1);
            assertThat(UdsTestSupport.nothingPending(p.server().fd())).isFalse();
            ReceivedMessage request = p.server().receive(WAIT, null);
            assertThat(request.messageId()).isEqualTo(1);
            assertThat(UdsTestSupport.nothingPending(p.server().fd())).as("only the accepted request arrived")
                    .isTrue();
            assertThat(failure(() -> p.server().sendResponse(CODE, 0, OK, 1, 1, big, 0, 4097)).error())
                    .isEqualTo(TransportError.LIMIT_EXCEEDED);
            p.server().sendResponse(CODE, 0, OK, 1, 1, big, 0, 4096);
            assertThat(p.client().receive(WAIT, null).payloadLength()).isEqualTo(4096);
            for (long id = 2; id < 20; id++) {
                send(p.client(), id, (int) id * 100);
                echo(p.server());
                assertThat(p.client().receive(WAIT, null).messageId()).isEqualTo(id);
            }
            assertThat(p.client().isBroken()).isFalse();
            assertThat(p.server().isBroken()).isFalse();
        }
    }

    /**
     * Reads and counts {@code count} packets off {@code fd} on another thread, so a client can
     * send more requests than the socket buffers hold; ends early when the connection does.
     */
    private static Future<Integer> drain(NativeFd fd, int count) {
        return inBackground(() -> {
            ByteBuffer packet = ByteBuffer.allocateDirect(Packets.CONTROL_CAPACITY);
            long address = Native.address(packet);
            int drained = 0;
            while (drained < count
                    && Native.libc().recv(fd.fd(), address, Packets.CONTROL_CAPACITY, 0) > 0) {
                drained++;
            }
            return drained;
        });
    }

    @Test
    void aRequestBeyondTheInFlightCapIsRefusedAndTheSessionCarriesOn() throws Exception {
        int cap = InFlightIds.MAX_IN_FLIGHT;
        ByteBuffer empty = ByteBuffer.allocateDirect(0);
        try (UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE), SERVER);
                HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener, CLIENT,
                        Packets.baselineAck(4096, 4, 4096, 512, 1))) {
            UdsSession client = peer.client();
            Future<Integer> drained = drain(peer.raw(), cap);
            for (long id = 0; id < cap; id++) {
                client.sendRequest(CODE, 0, 1, id, empty, 0, 0);
            }
            assertThat(await(drained)).isEqualTo(cap);
            TransportException refused = failure(() -> client.sendRequest(CODE, 0, 1, cap, empty, 0, 0));
            assertThat(refused.error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(refused.failedMessageIds()).isEmpty();
            assertThat(client.isBroken()).isFalse();
            assertThat(client.inFlightCount()).isEqualTo(cap);
            UdsTestSupport.sendPacket(peer.raw().fd(), Packets.message(Wire.KIND_RESPONSE, 0, new byte[0]));
            assertThat(client.receive(WAIT, null).messageId()).isZero();
            client.sendRequest(CODE, 0, 1, cap, empty, 0, 0);
            assertThat(UdsTestSupport.receivePacketWithin(peer.raw().fd(), Packets.CONTROL_CAPACITY))
                    .hasSize(Packets.HEADER);
            assertThat(client.isInFlight(cap)).isTrue();
        }
    }
}
