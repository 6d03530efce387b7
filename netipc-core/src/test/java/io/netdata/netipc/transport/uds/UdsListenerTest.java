package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.LibC;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UDS listener on real sockets in a private run directory. */
class UdsListenerTest {
    private static final String SERVICE = "test-service";
    private static final int PACKET = 16;
    /** A client that fits {@link UdsListener#DEFAULT_CONFIG}: every default, auth token 0. */
    private static final ClientHandshakeConfig TOKENLESS_CLIENT = new ClientHandshakeConfig(0, 0, 0, 0, 0, 0, 0, 0);

    @TempDir
    Path runDir;

    private ServiceEndpoint endpoint() {
        return new ServiceEndpoint(runDir, SERVICE);
    }

    /** Connects a client socket to {@code path}; the caller owns it. */
    private static NativeFd connect(Path path) throws NativeException {
        return UdsTestSupport.rawConnect(path);
    }

    /** Sends one packet on {@code from} and returns what {@code to} receives. */
    private static byte[] roundTrip(NativeFd from, NativeFd to, byte value) throws NativeException {
        LibC libc = Native.libc();
        ByteBuffer out = ByteBuffer.allocateDirect(PACKET);
        ByteBuffer in = ByteBuffer.allocateDirect(PACKET);
        out.put(0, value);
        Native.check(libc.send(from.fd(), Native.address(out), 1, 0), "send");
        int received = (int) Native.check(libc.recv(to.fd(), Native.address(in), PACKET, 0), "recv");
        byte[] bytes = new byte[received];
        in.get(0, bytes);
        return bytes;
    }

    /** Leaves a socket file behind as a crashed server would: bound, then closed without unlink. */
    private static void leaveDeadSocketAt(Path path) throws NativeException {
        try (NativeFd dead = new NativeFd(Native.check(UdsSocket.open(), "socket"))) {
            byte[] address = UnixSocketAddress.of(path);
            Native.check(Native.libc().bind(dead.fd(), address, address.length), "bind");
        }
    }

    @Test
    void bindsAnOwnerOnlySocketAndAcceptsClients() throws Exception {
        try (UdsListener listener = UdsListener.open(endpoint());
                NativeFd client = connect(endpoint().socketPath());
                NativeFd server = listener.acceptConnection()) {
            assertThat(listener.fd()).isNotNegative();
            assertThat(listener.endpoint()).isEqualTo(endpoint());
            assertThat(Files.getPosixFilePermissions(endpoint().socketPath(), LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(roundTrip(client, server, (byte) 7)).containsExactly(7);
        }
    }

    @Test
    void closeRemovesTheSocketFileAndStopsAccepting() throws Exception {
        UdsListener listener = UdsListener.open(endpoint());
        listener.close();
        listener.close();

        assertThat(listener.isOpen()).isFalse();
        assertThat(listener.fd()).isEqualTo(NativeFd.CLOSED);
        assertThat(endpoint().socketPath()).doesNotExist();
        assertThatThrownBy(listener::accept).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.CLOSED));
    }

    @Test
    void acceptedSessionsOutliveTheListener() throws Exception {
        UdsListener listener = UdsListener.open(endpoint());
        try (NativeFd client = connect(endpoint().socketPath()); NativeFd server = listener.acceptConnection()) {
            listener.close();
            assertThat(roundTrip(server, client, (byte) 1)).containsExactly(1);
            assertThat(roundTrip(client, server, (byte) 2)).containsExactly(2);
        }
    }

    @Test
    void reclaimsTheSocketOfADeadServer() throws Exception {
        leaveDeadSocketAt(endpoint().socketPath());
        assertThat(endpoint().socketPath()).exists();

        try (UdsListener listener = UdsListener.open(endpoint()); NativeFd client = connect(endpoint().socketPath());
                NativeFd server = listener.acceptConnection()) {
            assertThat(roundTrip(client, server, (byte) 3)).containsExactly(3);
        }
    }

    @Test
    void reclaimsAForeignRegularFile() throws Exception {
        Files.writeString(endpoint().socketPath(), "not a socket");

        try (UdsListener listener = UdsListener.open(endpoint())) {
            assertThat(Files.isRegularFile(endpoint().socketPath())).isFalse();
            assertThat(listener.isOpen()).isTrue();
        }
    }

    @Test
    void reclaimsAnEmptyDirectoryButKeepsOneWithContents() throws Exception {
        Files.createDirectory(endpoint().socketPath());
        try (UdsListener listener = UdsListener.open(endpoint())) {
            assertThat(listener.isOpen()).isTrue();
        }

        Files.createDirectory(endpoint().socketPath());
        Files.writeString(endpoint().socketPath().resolve("keep"), "data");
        assertThatThrownBy(() -> UdsListener.open(endpoint())).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE));
        assertThat(endpoint().socketPath().resolve("keep")).exists();
    }

    /**
     * The liveness probe is a real connection: the live server accepts it and
     * sees it closed at once (its handshake fails on it, as with the reference).
     */
    @Test
    void refusesAnEndpointALiveServerOwnsAndLeavesItWorking() throws Exception {
        try (UdsListener live = UdsListener.open(endpoint())) {
            assertThatThrownBy(() -> UdsListener.open(endpoint())).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE));
            try (NativeFd probe = live.acceptConnection(); NativeFd client = connect(endpoint().socketPath());
                    NativeFd server = live.acceptConnection()) {
                assertThat(receivedBytes(probe)).isZero();
                assertThat(roundTrip(client, server, (byte) 4)).containsExactly(4);
            }
        }
    }

    /** Bytes of the next packet on {@code fd}; 0 means the peer closed. */
    private static long receivedBytes(NativeFd fd) throws NativeException {
        ByteBuffer in = ByteBuffer.allocateDirect(PACKET);
        return Native.check(Native.libc().recv(fd.fd(), Native.address(in), PACKET, 0), "recv");
    }

    @Test
    void closeLeavesASocketFileThatIsNoLongerItsOwn() throws Exception {
        UdsListener first = UdsListener.open(endpoint());
        Files.delete(endpoint().socketPath());
        try (UdsListener second = UdsListener.open(endpoint())) {
            first.close();

            assertThat(endpoint().socketPath()).exists();
            try (NativeFd client = connect(endpoint().socketPath()); NativeFd server = second.acceptConnection()) {
                assertThat(roundTrip(client, server, (byte) 5)).containsExactly(5);
            }
        }
    }

    @Test
    void reportsOperatingSystemFailuresWithTheirErrno() throws IOException {
        Path missingDir = runDir.resolve("missing");
        ServiceEndpoint endpoint = new ServiceEndpoint(missingDir, SERVICE);

        assertThatThrownBy(() -> UdsListener.open(endpoint)).isInstanceOfSatisfying(TransportException.class, e -> {
            assertThat(e.error()).isEqualTo(TransportError.IO);
            assertThat(e.getCause()).isInstanceOf(NativeException.class);
            assertThat(((NativeException) e.getCause()).errnoName()).isEqualTo("ENOENT");
        });
    }

    /**
     * A dangling symbolic link where the socket belongs is not a stale socket: the probe's
     * connect follows it and finds nothing (so nothing is removed), and bind refuses the taken
     * name. The link, someone else's, is left exactly as it was.
     */
    @Test
    void aDanglingSymbolicLinkAtTheSocketPathIsAddressInUseAndStaysUntouched() throws Exception {
        Path target = runDir.resolve("nowhere");
        Files.createSymbolicLink(endpoint().socketPath(), target);

        assertThatThrownBy(() -> UdsListener.open(endpoint())).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE));
        assertThat(Files.isSymbolicLink(endpoint().socketPath())).isTrue();
        assertThat(Files.readSymbolicLink(endpoint().socketPath())).isEqualTo(target);
        assertThat(target).doesNotExist();
    }

    @Test
    void acceptWithADeadlineTimesOutWhenNoClientComesAndStillAcceptsAfterwards() throws Exception {
        try (UdsListener listener = UdsListener.open(endpoint())) {
            assertThat(acceptFailure(listener, Duration.ofMillis(50), null).error()).isEqualTo(TransportError.TIMEOUT);
            assertAcceptsAClient(listener);
        }
    }

    @Test
    void acceptWithASignaledAbortEndsWithAbortedAndStillAcceptsAfterwards() throws Exception {
        try (UdsListener listener = UdsListener.open(endpoint()); AbortSignal abort = AbortSignal.create()) {
            abort.signal();
            // No deadline: only the abort can end this wait.
            assertThat(acceptFailure(listener, null, abort).error()).isEqualTo(TransportError.ABORTED);
            abort.clear();
            assertAcceptsAClient(listener);
        }
    }

    @Test
    void aPendingConnectionIsHandshakenLaterWhileTheListenerAcceptsOthers() throws Exception {
        try (UdsListener listener = UdsListener.open(endpoint());
                NativeFd silent = connect(endpoint().socketPath());
                PendingConnection first = listener.acceptPending(UdsTestSupport.WAIT, null)) {
            // The silent client's connection waits, unhandshaken, while another is accepted and served.
            assertAcceptsAClient(listener);
            first.close();

            assertThat(UdsTestSupport.drainUntilPeerCloses(silent.fd())).as("hung up on, nothing sent").isZero();
            assertThatThrownBy(() -> first.handshake(null)).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.error()).isEqualTo(TransportError.CLOSED));
        }
    }

    @Test
    void aPendingConnectionHandshakesOnAnotherThreadOnce() throws Exception {
        try (UdsListener listener = UdsListener.open(endpoint())) {
            Future<UdsSession> connecting = HandMadePeers.inBackground(() -> UdsSession.connect(listener.endpoint(),
                    TOKENLESS_CLIENT, UdsTestSupport.WAIT));
            PendingConnection pending = listener.acceptPending(UdsTestSupport.WAIT, null);
            Future<UdsSession> handshaking = HandMadePeers.inBackground(() -> pending.handshake(null));

            try (UdsSession client = HandMadePeers.await(connecting); UdsSession server = HandMadePeers.await(
                    handshaking)) {
                assertThat(server.sessionId()).isEqualTo(client.sessionId());
                assertThatThrownBy(() -> pending.handshake(null)).as("the session took the connection")
                        .isInstanceOfSatisfying(TransportException.class,
                                e -> assertThat(e.error()).isEqualTo(TransportError.CLOSED));
                pending.close();
                assertThat(server.isOpen()).as("closing a handshaken connection leaves its session").isTrue();
            }
        }
    }

    @Test
    void aPendingConnectionHandshakenAfterTheListenerClosedIsHungUpOn() throws Exception {
        UdsListener listener = UdsListener.open(endpoint());
        try (NativeFd client = connect(endpoint().socketPath())) {
            PendingConnection pending = listener.acceptPending(UdsTestSupport.WAIT, null);
            listener.close();

            assertThatThrownBy(() -> pending.handshake(null)).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.error()).isEqualTo(TransportError.CLOSED));
            assertThat(UdsTestSupport.drainUntilPeerCloses(client.fd())).isZero();
        } finally {
            listener.close();
        }
    }

    /**
     * What {@code accept(timeout, abort)} threw with no client connecting; run under a hang
     * guard, because a wait that ignored its deadline or abort would never return.
     */
    private static TransportException acceptFailure(UdsListener listener, Duration timeout, AbortSignal abort)
            throws Exception {
        return HandMadePeers.awaitWithin(HandMadePeers.inBackground(() -> HandMadePeers.failure(
                () -> listener.accept(timeout, abort))), UdsTestSupport.WAIT);
    }

    /** A Java client connects and {@code accept(timeout, abort)} hands back its session. */
    private static void assertAcceptsAClient(UdsListener listener) throws Exception {
        Future<UdsSession> accepting = HandMadePeers.inBackground(() -> listener.accept(UdsTestSupport.WAIT, null));
        try (UdsSession client = UdsSession.connect(listener.endpoint(), TOKENLESS_CLIENT, UdsTestSupport.WAIT);
                UdsSession server = HandMadePeers.await(accepting)) {
            assertThat(server.sessionId()).isEqualTo(client.sessionId());
        }
    }
}
