package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.await;
import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.receivePacketWithin;
import static io.netdata.netipc.transport.uds.UdsTestSupport.sendPackets;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that disappears in the middle of a chunked message (upstream
 * {@code level1-transport.md}, "Mid-stream failure"): the partial message is
 * discarded, the session breaks with PEER_CLOSED and reports every request
 * in flight, and the listener and other sessions carry on. The peer is a raw
 * socket in this process, and once a real separate process killed with
 * SIGKILL half way through a request.
 */
class UdsMidStreamDisconnectTest {
    private static final int PACKET = 4096;
    private static final int LARGE = 1 << 20;

    @TempDir
    Path runDir;

    private UdsListener listen() throws TransportException {
        return UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE),
                UdsTestSupport.serverConfig(LARGE, LARGE, PACKET));
    }

    private static ClientHandshakeConfig client() {
        return UdsTestSupport.clientConfig(LARGE, 1, LARGE, 0);
    }

    @Test
    void aServerClosingAfterTheFirstChunkOfAResponseFailsEveryRequestInFlight() throws Exception {
        try (UdsListener listener = listen(); HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener,
                client(), Packets.baselineAck(LARGE, 1, LARGE, PACKET, 1))) {
            for (long id = 1; id <= 3; id++) {
                peer.client().sendRequest(Packets.CODE, 0, 1, id, ByteBuffer.allocate(8), 0, 8);
            }
            byte[][] response = Packets.chunked(Wire.KIND_RESPONSE, 2, new byte[3 * PACKET], PACKET);
            sendPackets(peer.raw().fd(), response[0]);
            peer.raw().close();
            TransportException e = failure(() -> peer.client().receive(WAIT, null));
            assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
            assertThat(e.failedMessageIds()).as("the half-received response's id fails too")
                    .containsExactlyInAnyOrder(1, 2, 3);
            assertThat(peer.client().isBroken()).isTrue();
            assertThat(peer.client().inFlightCount()).isZero();
            HandMadePeers.assertEchoWorks(listener, client());
        }
    }

    @Test
    void aServerClosingAfterAllButTheLastChunkIsPeerClosed() throws Exception {
        try (UdsListener listener = listen(); HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener,
                client(), Packets.baselineAck(LARGE, 1, LARGE, PACKET, 1))) {
            peer.client().sendRequest(Packets.CODE, 0, 1, 9, ByteBuffer.allocate(8), 0, 8);
            byte[][] response = Packets.chunked(Wire.KIND_RESPONSE, 9, new byte[3 * PACKET], PACKET);
            for (int i = 0; i < response.length - 1; i++) {
                sendPackets(peer.raw().fd(), response[i]);
            }
            peer.raw().close();
            TransportException e = failure(() -> peer.client().receive(WAIT, null));
            assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
            assertThat(e.failedMessageIds()).containsExactly(9);
        }
    }

    @Test
    void aServerClosingWhileAChunkedRequestIsBeingSentFailsThatRequestToo() throws Exception {
        try (UdsListener listener = listen(); HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener,
                client(), Packets.baselineAck(LARGE, 1, LARGE, PACKET, 1))) {
            peer.client().sendRequest(Packets.CODE, 0, 1, 1, ByteBuffer.allocate(8), 0, 8);
            ByteBuffer large = ByteBuffer.allocateDirect(LARGE);
            Future<TransportException> sending = inBackground(() -> failure(() -> peer.client().sendRequest(
                    Packets.CODE, 0, 1, 2, large, 0, LARGE)));
            receivePacketWithin(peer.raw().fd(), PACKET);
            // The megabyte cannot fit the socket buffers: the sender is still at it when the peer goes.
            assertThat(receivePacketWithin(peer.raw().fd(), 2 * PACKET)).hasSize(PACKET);
            peer.raw().close();
            TransportException e = await(sending);
            assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
            assertThat(e.failedMessageIds()).containsExactlyInAnyOrder(1, 2);
            assertThat(peer.client().isBroken()).isTrue();
        }
    }

    @Test
    void aClientClosingWhileAChunkedResponseIsBeingSentIsPeerClosedAtTheServer() throws Exception {
        try (UdsListener listener = listen(); HandMadePeers.RawClient peer = HandMadePeers.rawClient(listener,
                Packets.hello(1, 0, 1024, 1, LARGE, 1, UdsTestSupport.TOKEN, PACKET))) {
            ByteBuffer large = ByteBuffer.allocateDirect(LARGE);
            Future<TransportException> sending = inBackground(() -> failure(() -> peer.server().sendResponse(
                    Packets.CODE, 0, Packets.OK, 1, 1, large, 0, LARGE)));
            assertThat(receivePacketWithin(peer.raw().fd(), 2 * PACKET)).hasSize(PACKET);
            peer.raw().close();
            TransportException e = await(sending);
            assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
            assertThat(peer.server().isBroken()).isTrue();
            HandMadePeers.assertEchoWorks(listener, client());
        }
    }

    @Test
    void killingAClientProcessHalfWayThroughAChunkedRequestIsPeerClosedAtTheServer() throws Exception {
        try (UdsListener listener = listen(); ChildJvm child = ChildJvm.start(runDir.resolve("child.stderr"),
                HalfSentRequestClient.class, runDir.toString(), UdsTestSupport.SERVICE, Integer.toString(LARGE))) {
            try (UdsSession server = acceptChild(listener, child)) {
                assertThat(child.readLine()).isEqualTo(HalfSentRequestClient.HALF_SENT + " " + PACKET);
                Future<TransportException> receiving = inBackground(() -> failure(() -> server.receive(
                        ChildJvm.STARTUP, null)));
                awaitConsumed(server);
                child.process().destroyForcibly();
                assertThat(child.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                TransportException e = await(receiving);
                assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
                assertThat(server.isBroken()).isTrue();
                HandMadePeers.assertEchoWorks(listener, client());
            }
        }
    }

    private static UdsSession acceptChild(UdsListener listener, ChildJvm child) throws Exception {
        try {
            return listener.accept(ChildJvm.STARTUP, null);
        } catch (TransportException e) {
            throw new AssertionError("the child never completed a handshake (alive: " + child.process().isAlive()
                    + "); its stderr:\n" + child.stderr(), e);
        }
    }

    /** Waits until the server's receive has taken the first packet off its socket. */
    private static void awaitConsumed(UdsSession server) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!UdsTestSupport.nothingPending(server.fd())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the server never started receiving the request");
            }
            Thread.sleep(5);
        }
    }
}
