package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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
    /** Native frames a thread blocked in a session or handshake sits in. */
    private static final Set<String> BLOCKING_CALLS = Set.of("recv", "poll", "sendmsg", "accept4");
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
        try (NativeFd stuck = new NativeFd(Native.check(UdsSocket.open(), "socket"))) {
            byte[] address = UnixSocketAddress.of(endpoint.socketPath());
            Native.check(Native.libc().bind(stuck.fd(), address, address.length), "bind");
            Native.check(Native.libc().listen(stuck.fd(), 0), "listen");
            fillQueue(address, queued);
            Future<TransportException> connecting = onWorker(() -> failure(() -> UdsSession.connect(endpoint,
                    UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, PACKET), SHORT)));
            TransportException e = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.error()).isEqualTo(TransportError.TIMEOUT);
        } finally {
            queued.forEach(NativeFd::close);
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
}
