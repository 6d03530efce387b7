package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.failureOf;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stale-endpoint recovery (upstream {@code level1-posix-uds.md}, "Stale endpoint
 * recovery") on real sockets; the probe's socket creation and its pause between
 * refused attempts are replaced where a test needs a failure or a moment the
 * system will not produce on demand.
 */
class StaleEndpointTest {
    @TempDir
    Path runDir;

    private ServiceEndpoint endpoint() {
        return new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
    }

    private Path socketPath() {
        return endpoint().socketPath();
    }

    /** A socket bound at {@code path} that does not listen yet: a server between bind and listen. */
    private static NativeFd boundSocket(Path path) throws NativeException {
        NativeFd socket = new NativeFd(Native.check(UdsSocket.open(), "socket"));
        try {
            byte[] address = UnixSocketAddress.of(path);
            Native.check(Native.libc().bind(socket.fd(), address, address.length), "bind " + path);
            return socket;
        } catch (NativeException e) {
            socket.close();
            throw e;
        }
    }

    /** Leaves a socket file behind as a crashed server would: bound, then closed without unlink. */
    private static void leaveDeadSocketAt(Path path) throws NativeException {
        boundSocket(path).close();
    }

    private static void listen(NativeFd socket, int backlog) throws NativeException {
        Native.check(Native.libc().listen(socket.fd(), backlog), "listen");
    }

    /** The real probe, counting the sockets it opens and the pauses it takes; {@code onPause} runs in each pause. */
    private static final class Counting implements StaleEndpoint.ProbeEnvironment {
        final AtomicInteger sockets = new AtomicInteger();
        final AtomicInteger pauses = new AtomicInteger();
        private final Runnable onPause;

        Counting(Runnable onPause) {
            this.onPause = onPause;
        }

        Counting() {
            this(() -> {
            });
        }

        @Override
        public int openSocket() {
            sockets.incrementAndGet();
            return StaleEndpoint.SYSTEM.openSocket();
        }

        @Override
        public void pause() {
            pauses.incrementAndGet();
            onPause.run();
        }
    }

    /** A probe whose socket creation fails with {@code errno} from attempt {@code failingAttempt} on. */
    private static StaleEndpoint.ProbeEnvironment socketFailsWith(Errno errno, int failingAttempt) {
        AtomicInteger attempts = new AtomicInteger();
        return new StaleEndpoint.ProbeEnvironment() {
            @Override
            public int openSocket() {
                return attempts.incrementAndGet() < failingAttempt ? StaleEndpoint.SYSTEM.openSocket()
                        : -errno.intValue();
            }

            @Override
            public void pause() {
            }
        };
    }

    @Test
    void nothingAtThePathNeedsNoProbe() throws Exception {
        Counting probe = new Counting();
        StaleEndpoint.recover(endpoint(), probe);
        assertThat(probe.sockets).hasValue(0);
        assertThat(socketPath()).doesNotExist();
    }

    @Test
    void aRunDirectoryThatIsAFileHoldsNothingToProbe() throws Exception {
        Path file = Files.writeString(runDir.resolve("not-a-directory"), "x");
        Counting probe = new Counting();
        StaleEndpoint.recover(new ServiceEndpoint(file, UdsTestSupport.SERVICE), probe);
        assertThat(probe.sockets).hasValue(0);
    }

    @Test
    void aDeadSocketIsRefusedEveryAttemptThenRemoved() throws Exception {
        leaveDeadSocketAt(socketPath());
        Map<Integer, String> before = FdCount.openSockets();
        Counting probe = new Counting();

        StaleEndpoint.recover(endpoint(), probe);

        assertThat(socketPath()).doesNotExist();
        assertThat(probe.sockets).as("one fresh socket per attempt").hasValue(StaleEndpoint.REFUSED_PROBE_ATTEMPTS);
        assertThat(probe.pauses).hasValue(StaleEndpoint.REFUSED_PROBE_ATTEMPTS - 1);
        FdCount.assertNoNewSockets(before);
    }

    @Test
    void aServerThatListensAfterARefusedProbeIsLive() throws Exception {
        try (NativeFd binding = boundSocket(socketPath())) {
            Counting probe = new Counting(() -> {
                try {
                    listen(binding, 1);
                } catch (NativeException e) {
                    throw new AssertionError(e);
                }
            });

            TransportException e = failure(() -> StaleEndpoint.recover(endpoint(), probe));

            assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE);
            assertThat(probe.pauses).as("refused once, then connected").hasValue(1);
            assertThat(socketPath()).exists();
        }
    }

    @Test
    void aLiveServerWithAFullAcceptQueueIsLiveAndOpenDoesNotWait() throws Exception {
        try (NativeFd live = boundSocket(socketPath())) {
            listen(live, 0);
            try (PendingConnections pending = PendingConnections.fillQueue(socketPath())) {
                // A blocking probe would wait for a free slot that never comes; failureOf gives up after a while.
                TransportException e = failureOf(inBackground(() -> UdsListener.open(endpoint())));
                assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE);
                assertThat(e).hasMessageContaining("accept queue is full");
                assertThat(socketPath()).exists();
            }
        }
    }

    /** Only descriptor exhaustion is the spec's "liveness unknown"; either way the entry stays. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"EMFILE, ADDRESS_IN_USE", "ENFILE, ADDRESS_IN_USE", "EACCES, IO", "ENOBUFS, IO", "EAFNOSUPPORT, IO"})
    void aProbeSocketThatCannotBeCreatedKeepsTheEndpoint(Errno errno, TransportError expected) throws Exception {
        leaveDeadSocketAt(socketPath());
        TransportException e = failure(() -> StaleEndpoint.recover(endpoint(), socketFailsWith(errno, 1)));
        assertThat(e.error()).isEqualTo(expected);
        assertThat(((NativeException) e.getCause()).errnoName()).isEqualTo(errno.name());
        assertThat(socketPath()).exists();
    }

    @Test
    void descriptorExhaustionOnALaterAttemptKeepsTheEndpointToo() throws Exception {
        leaveDeadSocketAt(socketPath());
        TransportException e = failure(() -> StaleEndpoint.recover(endpoint(),
                socketFailsWith(Errno.EMFILE, StaleEndpoint.REFUSED_PROBE_ATTEMPTS)));
        assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE);
        assertThat(socketPath()).exists();
    }

    @Test
    void anInterruptBetweenProbesKeepsTheEndpointAndTheInterrupt() throws Exception {
        leaveDeadSocketAt(socketPath());
        Thread.currentThread().interrupt();
        try {
            TransportException e = failure(() -> UdsListener.open(endpoint()));
            assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE);
            assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(socketPath()).exists();
    }

    /** The existence check follows the link as the probe does; a link to itself is not a live server. */
    @Test
    void aSymbolicLinkLoopAtThePathIsProbedAndRemoved() throws Exception {
        Files.createSymbolicLink(socketPath(), socketPath().getFileName());
        Counting probe = new Counting();

        StaleEndpoint.recover(endpoint(), probe);

        assertThat(probe.sockets).hasValue(1);
        assertThat(Files.exists(socketPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
