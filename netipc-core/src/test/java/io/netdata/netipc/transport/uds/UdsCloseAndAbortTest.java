package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ending blocked calls from another thread: closing a session wakes its blocked
 * send or receive, closing a listener wakes a thread waiting for a client's
 * hello, an abort ends that wait, and a connect to a server whose queue stays
 * full ends at its deadline. Each call is first seen blocked in the kernel, and
 * every wait is bounded by a hang guard, never timed.
 */
class UdsCloseAndAbortTest {
    private static final int LIMIT = 1 << 20;
    private static final int PACKET = 4096;
    private static final int RACE_ROUNDS = 40;
    private static final Duration SHORT = Duration.ofMillis(200);

    @TempDir
    Path runDir;

    private final AtomicReference<Thread> worker = new AtomicReference<>();
    private ExecutorService executor;

    @BeforeEach
    void startWorker() {
        executor = Executors.newSingleThreadExecutor(task -> {
            // A daemon, so a thread left blocked by a regression cannot hold the test JVM open.
            Thread thread = new Thread(task, "blocked-caller");
            thread.setDaemon(true);
            worker.set(thread);
            return thread;
        });
    }

    @AfterEach
    void stopWorker() {
        executor.shutdownNow();
    }

    private <T> Future<T> onWorker(Callable<T> call) {
        return executor.submit(call);
    }

    /** Waits until the worker is inside {@code call} ({@code sendmsg}, {@code recv}, ...) and, if given, {@code caller}. */
    private void awaitBlockedIn(String call, String caller) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!isIn(worker.get(), call, caller)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the worker never blocked in " + call + ": "
                        + Arrays.toString(worker.get().getStackTrace()));
            }
            Thread.sleep(5);
        }
        // Inside the binding's frame; give it a moment to enter the system call itself.
        Thread.sleep(100);
    }

    private static boolean isIn(Thread thread, String call, String caller) {
        if (thread == null) {
            return false;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        boolean inCall = Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals(call));
        boolean inCaller = caller == null
                || Arrays.stream(stack).anyMatch(frame -> frame.getClassName().endsWith(caller));
        return inCall && inCaller;
    }

    private UdsTestSupport.Pair pair() throws Exception {
        return UdsTestSupport.pair(runDir, UdsTestSupport.serverConfig(LIMIT, LIMIT, PACKET),
                UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, PACKET));
    }

    @Test
    void closingASessionFromAnotherThreadEndsItsBlockedReceiveWithClosed() throws Exception {
        try (UdsTestSupport.Pair p = pair()) {
            Map<Integer, String> sockets = FdCount.openSockets();
            int number = p.client().fd();
            Future<TransportException> receiving = onWorker(() -> failure(() -> p.client().receive()));
            awaitBlockedIn("recv", null);
            p.client().close();
            TransportException e = receiving.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.error()).isEqualTo(TransportError.CLOSED);
            assertThat(p.client().fd()).isEqualTo(NativeFd.CLOSED);
            assertThat(sockets).containsKey(number);
            assertThat(FdCount.openSockets()).as("the blocked call returned, so the socket is released")
                    .doesNotContainEntry(number, sockets.get(number));
            assertThat(failure(() -> p.client().receive(WAIT, null)).error()).isEqualTo(TransportError.CLOSED);
        }
    }

    @Test
    void closingASessionFromAnotherThreadEndsASendBlockedOnAPeerThatStoppedReading() throws Exception {
        try (UdsTestSupport.Pair p = pair()) {
            ByteBuffer payload = ByteBuffer.allocateDirect(LIMIT);
            Future<TransportException> sending = onWorker(() -> failure(() -> {
                // The server never reads: its receive buffer and then the client's send buffer fill up.
                for (long id = 1; ; id++) {
                    p.client().sendRequest(Packets.CODE, 0, 1, id, payload, 0, LIMIT);
                }
            }));
            awaitBlockedIn("sendmsg", null);
            p.client().close();
            TransportException e = sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.error()).isEqualTo(TransportError.CLOSED);
        }
    }

    @Test
    void closingTheListenerEndsAnAcceptWaitingForAHelloThatNeverComes() throws Exception {
        try (UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE),
                UdsTestSupport.serverConfig(LIMIT, LIMIT, PACKET), null);
                NativeFd silent = UdsTestSupport.rawConnect(listener.endpoint().socketPath())) {
            Future<TransportException> accepting = onWorker(() -> failure(listener::accept));
            awaitBlockedIn("recv", "UdsHandshakeExchange");
            listener.close();
            TransportException e = accepting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.error()).isEqualTo(TransportError.CLOSED);
            assertThat(UdsTestSupport.drainUntilPeerCloses(silent.fd())).as("the silent client is hung up on")
                    .isZero();
        }
    }

    @Test
    void anAbortEndsTheWaitForAHelloAndTheListenerGoesOn() throws Exception {
        try (UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE),
                UdsTestSupport.serverConfig(LIMIT, LIMIT, PACKET), null);
                NativeFd silent = UdsTestSupport.rawConnect(listener.endpoint().socketPath());
                AbortSignal abort = AbortSignal.create()) {
            Future<TransportException> accepting = onWorker(() -> failure(() -> listener.accept(WAIT, abort)));
            awaitBlockedIn("poll", "UdsHandshakeExchange");
            abort.signal();
            TransportException e = accepting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.error()).isEqualTo(TransportError.ABORTED);
            assertThat(UdsTestSupport.drainUntilPeerCloses(silent.fd())).isZero();
            abort.clear();
            HandMadePeers.assertEchoWorks(listener, UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, PACKET));
        }
    }

    @Test
    void waitingOnAClosedAbortSignalIsRefused() throws Exception {
        try (UdsTestSupport.Pair p = pair()) {
            AbortSignal abort = AbortSignal.create();
            abort.close();
            assertThatThrownBy(() -> p.client().receive(WAIT, abort))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.listener().accept(WAIT, abort))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(p.client().isBroken()).isFalse();
        }
    }

    /**
     * A server that is alive but never accepts, with its queue full: a blocking
     * connect would wait for it forever; the client's deadline ends it.
     */
    @Test
    void aConnectToAServerWhoseQueueStaysFullEndsAtItsDeadline() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        List<NativeFd> queued = new ArrayList<>();
        try (NativeFd stuck = stuckServer(endpoint, queued)) {
            Future<TransportException> connecting = onWorker(() -> failure(() -> UdsSession.connect(endpoint,
                    UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, PACKET), SHORT)));
            TransportException e = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.error()).isEqualTo(TransportError.TIMEOUT);
        } finally {
            queued.forEach(NativeFd::close);
        }
    }

    /**
     * A raw server at {@code endpoint} that listens with backlog 0 and never accepts by
     * itself, its queue already full of the raw clients added to {@code queued}.
     */
    private static NativeFd stuckServer(ServiceEndpoint endpoint, List<NativeFd> queued) throws Exception {
        NativeFd stuck = new NativeFd(Native.check(UdsSocket.open(), "socket"));
        try {
            byte[] address = UnixSocketAddress.of(endpoint.socketPath());
            Native.check(Native.libc().bind(stuck.fd(), address, address.length), "bind");
            Native.check(Native.libc().listen(stuck.fd(), 0), "listen");
            fillQueue(address, queued);
            return stuck;
        } catch (Exception | AssertionError e) {
            stuck.close();
            throw e;
        }
    }

    /** Connects non-blocking sockets to {@code address} until its accept queue refuses one. */
    private static void fillQueue(byte[] address, List<NativeFd> queued) throws Exception {
        while (true) {
            NativeFd client = new NativeFd(Native.check(UdsSocket.openNonBlocking(), "socket"));
            queued.add(client);
            if (Native.libc().connect(client.fd(), address, address.length) < 0) {
                assertThat(Native.errno()).isIn(Errno.EAGAIN.intValue(), Errno.EWOULDBLOCK.intValue());
                return;
            }
            assertThat(queued.size()).as("an accept queue of backlog 0 fills").isLessThan(64);
        }
    }

    private UdsListener listen() throws Exception {
        return UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE),
                UdsTestSupport.serverConfig(LIMIT, LIMIT, PACKET));
    }

    @Test
    void closingTheListenerEndsATimedAcceptWaitingForAClient() throws Exception {
        try (UdsListener listener = listen()) {
            Future<TransportException> accepting = onWorker(() -> failure(() -> listener.accept(WAIT, null)));
            awaitBlockedIn("poll", "UdsListener");
            listener.close();
            assertThat(accepting.get(WAIT.toSeconds(), TimeUnit.SECONDS).error()).isEqualTo(TransportError.CLOSED);
        }
    }

    /**
     * Two threads wait for a client and one comes: the thread that loses the race for it
     * must go back to waiting under its own deadline, not block in {@code accept4}.
     */
    @Test
    void ofTwoTimedAcceptsSharingOneClientTheLoserStillEndsAtItsDeadline() throws Exception {
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (UdsListener listener = listen()) {
            Duration timeout = Duration.ofSeconds(1);
            Future<UdsSession> first = onWorker(() -> listener.accept(timeout, null));
            Future<UdsSession> other = second.submit(() -> listener.accept(timeout, null));
            try (UdsSession client = UdsSession.connect(listener.endpoint(),
                    UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, PACKET), WAIT)) {
                List<Object> outcomes = new ArrayList<>();
                for (Future<UdsSession> accepting : List.of(first, other)) {
                    outcomes.add(outcomeOf(accepting));
                }
                assertThat(outcomes).filteredOn(UdsSession.class::isInstance).hasSize(1);
                assertThat(outcomes).filteredOn(TransportException.class::isInstance)
                        .singleElement().extracting(e -> ((TransportException) e).error())
                        .isEqualTo(TransportError.TIMEOUT);
                outcomes.stream().filter(UdsSession.class::isInstance).forEach(s -> ((UdsSession) s).close());
                assertThat(client.isOpen()).isTrue();
            }
        } finally {
            second.shutdownNow();
        }
    }

    /** The future's value, or the TransportException it failed with; a hang guard bounds the wait. */
    private static Object outcomeOf(Future<UdsSession> accepting) throws Exception {
        try {
            return accepting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException failed) {
                return failed;
            }
            throw e;
        }
    }

    @Test
    void aConnectionHandedToAClosedListenerIsClosedBeforeAnyHandshake() throws Exception {
        UdsListener listener = listen();
        listener.close();
        int[] pair = new int[2];
        Native.check(Native.libc().socketpair(UdsSocket.FAMILY, UdsSocket.TYPE, 0, pair), "socketpair");
        try (NativeFd peer = new NativeFd(pair[1])) {
            NativeFd connection = new NativeFd(pair[0]);
            TransportException e = failure(() -> listener.handshake(connection, null));
            assertThat(e.error()).isEqualTo(TransportError.CLOSED);
            assertThat(e.getMessage()).contains("before the handshake");
            assertThat(connection.isOpen()).isFalse();
            assertThat(UdsTestSupport.drainUntilPeerCloses(peer.fd())).isZero();
        }
    }

    /**
     * A listener closed while clients handshake: every accept ends with either a
     * working session or CLOSED, never with a session close has already shut down.
     */
    @Test
    void aCloseRacingHandshakesNeverHandsOutADeadSession() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Path dir = runDir.resolve("round-" + round);
            Files.createDirectories(dir);
            UdsListener listener = UdsListener.open(new ServiceEndpoint(dir, UdsTestSupport.SERVICE),
                    UdsTestSupport.serverConfig(LIMIT, LIMIT, PACKET));
            try (NativeFd raw = UdsTestSupport.rawConnect(listener.endpoint().socketPath())) {
                UdsTestSupport.sendPacket(raw.fd(), Packets.helloPacket(Packets.hello(1, 0, LIMIT, 1, LIMIT, 1,
                        UdsTestSupport.TOKEN, PACKET)));
                Future<Object> accepting = onWorker(() -> {
                    try {
                        return listener.accept(WAIT, null);
                    } catch (TransportException e) {
                        return e;
                    }
                });
                Thread.sleep(round % 4);
                listener.close();
                Object outcome = accepting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (outcome instanceof UdsSession session) {
                    try (session) {
                        UdsTestSupport.sendPacket(raw.fd(), Packets.message(Wire.KIND_REQUEST,
                                1, new byte[8]));
                        assertThat(session.receive(WAIT, null).payloadLength()).as("round %d", round).isEqualTo(8);
                    }
                } else {
                    assertThat(((TransportException) outcome).error()).as("round %d", round)
                            .isEqualTo(TransportError.CLOSED);
                }
            } finally {
                listener.close();
            }
        }
    }

    @Test
    void aConnectWaitingForRoomInTheServersQueueGoesThroughOnceThereIsRoom() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        List<NativeFd> queued = new ArrayList<>();
        try (NativeFd stuck = stuckServer(endpoint, queued)) {
            Future<UdsSession> connecting = onWorker(() -> UdsSession.connect(endpoint,
                    UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, PACKET), WAIT));
            awaitBlockedIn("parkNanos", "UdsConnector");
            // Make room: take every queued filler; the Java client then gets in and is next.
            for (int i = 0; i < queued.size() - 1; i++) {
                Native.libc().close(Native.check(Native.libc().accept4(stuck.fd(), 0, 0, UdsSocket.SOCK_CLOEXEC),
                        "accept"));
            }
            try (NativeFd server = new NativeFd(Native.check(Native.libc().accept4(stuck.fd(), 0, 0,
                    UdsSocket.SOCK_CLOEXEC), "accept"))) {
                UdsTestSupport.receivePacketWithin(server.fd(), Packets.CONTROL_CAPACITY);
                UdsTestSupport.sendPacket(server.fd(), Packets.ackPacket(TransportStatus.OK,
                        Packets.baselineAck(LIMIT, 1, LIMIT, PACKET, 1)));
                try (UdsSession session = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    assertThat(session.sessionId()).isOne();
                    // The session's socket is blocking again: a send to a peer that reads goes through.
                    session.sendRequest(Packets.CODE, 0, 1, 1, ByteBuffer.allocate(8), 0, 8);
                    assertThat(UdsTestSupport.receivePacketWithin(server.fd(), PACKET)).hasSize(Packets.HEADER + 8);
                }
            }
        } finally {
            queued.forEach(NativeFd::close);
        }
    }

    @Test
    void anInterruptedConnectWaitingForRoomEndsWithAbortedAndKeepsTheInterrupt() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        List<NativeFd> queued = new ArrayList<>();
        try (NativeFd stuck = stuckServer(endpoint, queued)) {
            Future<Object[]> connecting = onWorker(() -> {
                Thread.currentThread().interrupt();
                TransportException e = failure(() -> UdsSession.connect(endpoint,
                        UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, PACKET), WAIT));
                return new Object[] {e, Thread.interrupted()};
            });
            Object[] outcome = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(((TransportException) outcome[0]).error()).isEqualTo(TransportError.ABORTED);
            assertThat(outcome[1]).as("interrupt status kept").isEqualTo(true);
        } finally {
            queued.forEach(NativeFd::close);
        }
    }

    /** An abort signal closed by another thread while a chunked message is half read breaks the session. */
    @Test
    void anAbortSignalClosedInTheMiddleOfAMessageBreaksTheSession() throws Exception {
        try (UdsListener listener = listen();
                HandMadePeers.Victim victim = HandMadePeers.serverVictim(listener,
                        new HandMadePeers.Limits(LIMIT, 1, PACKET));
                AbortSignal abort = AbortSignal.create()) {
            byte[][] packets = Packets.chunked(Wire.KIND_REQUEST, 9,
                    Packets.pattern(3 * PACKET, 1), PACKET);
            UdsTestSupport.sendPacket(victim.raw().fd(), packets[0]);
            Future<Throwable> receiving = onWorker(() -> {
                try {
                    victim.session().receive(WAIT, abort);
                    return null;
                } catch (TransportException | IllegalStateException e) {
                    return e;
                }
            });
            awaitBlockedIn("poll", "UdsMessageReceiver");
            abort.close();
            UdsTestSupport.sendPacket(victim.raw().fd(), packets[1]);
            assertThat(receiving.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(victim.session().isBroken()).isTrue();
        }
    }
}
