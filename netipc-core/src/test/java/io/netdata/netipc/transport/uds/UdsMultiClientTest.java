package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients at once on one listener (upstream {@code level1-transport.md},
 * "Multi-client server support"): each client pipelines requests of many
 * sizes, chunked ones included, on its own thread; each accepted session has
 * its own server thread, which answers out of order whenever a second request
 * is already waiting. Every response must match its request; one session's
 * failure and the listener's close must not disturb the others.
 */
class UdsMultiClientTest {
    private static final int LIMIT = 8192;
    private static final int PACKET = 512;
    /** Sizes from empty to several packets; 480 fills one packet exactly, 481 needs two. */
    private static final int[] SIZES = {0, 1, 8, 100, PACKET - 32, PACKET - 31, 1500, 3000};
    /**
     * Requests a client keeps in flight. Small enough that a window of the
     * largest messages fits the socket buffers both ways, so neither side can
     * block the other's progress.
     */
    private static final int WINDOW = 8;
    private static final ClientHandshakeConfig CLIENT = UdsTestSupport.clientConfig(LIMIT, 1, LIMIT, 0);
    private static final Duration IDLE = Duration.ofSeconds(60);

    @TempDir
    Path runDir;

    private ExecutorService threads;

    @BeforeEach
    void startThreads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private UdsListener listen() throws TransportException {
        return UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE),
                UdsTestSupport.serverConfig(LIMIT, LIMIT, PACKET));
    }

    /** The request payload client {@code client} sends as {@code id}. */
    private static byte[] requestPayload(int client, long id) {
        int size = SIZES[(int) ((id + client) % SIZES.length)];
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (client * 131 + id * 7 + i);
        }
        return payload;
    }

    /** What the server answers to a request payload: every byte flipped, so an echo of the wrong request shows. */
    private static byte[] answer(byte[] request) {
        byte[] response = new byte[request.length];
        for (int i = 0; i < request.length; i++) {
            response[i] = (byte) (request[i] ^ 0x5A);
        }
        return response;
    }

    /**
     * Serves one session until its client hangs up: returns the number of
     * requests answered, or throws the failure that ended it otherwise.
     */
    private static int serve(UdsSession session) throws TransportException {
        try (session) {
            int served = 0;
            long heldId = -1;
            byte[] held = null;
            while (true) {
                ReceivedMessage request;
                try {
                    request = session.receive(IDLE, null);
                } catch (TransportException e) {
                    if (e.error() == TransportError.PEER_CLOSED && held == null) {
                        return served;
                    }
                    throw e;
                }
                byte[] response = answer(request.payloadBytes());
                long id = request.messageId();
                if (held == null && !UdsTestSupport.nothingPending(session.fd())) {
                    // Another request is already waiting: answer that one first.
                    heldId = id;
                    held = response;
                    continue;
                }
                respond(session, id, response);
                served++;
                if (held != null) {
                    respond(session, heldId, held);
                    served++;
                    held = null;
                }
            }
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, "poll", e);
        }
    }

    private static void respond(UdsSession session, long id, byte[] payload) throws TransportException {
        session.sendResponse(Packets.CODE, 0, Packets.OK, 1, id, ByteBuffer.wrap(payload), 0, payload.length);
    }

    /** Accepts {@code count} sessions and serves each on its own thread; returns the served counts' futures. */
    private Future<List<Future<Integer>>> acceptAndServe(UdsListener listener, int count) {
        return threads.submit(() -> {
            List<Future<Integer>> served = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                UdsSession session = listener.accept();
                served.add(threads.submit(() -> serve(session)));
            }
            return served;
        });
    }

    /**
     * Runs client {@code client}: connects, then keeps {@link #WINDOW}
     * requests in flight until {@code requests} have been answered, checking
     * each response against its request. {@code atHalf} runs once half are
     * answered.
     *
     * @return the session id the server gave this client
     */
    private static long runClient(ServiceEndpoint endpoint, int client, int requests, Callable<?> atHalf)
            throws Exception {
        try (UdsSession session = UdsSession.connect(endpoint, CLIENT, WAIT)) {
            Map<Long, byte[]> outstanding = new HashMap<>();
            ByteBuffer out = ByteBuffer.allocateDirect(LIMIT);
            long nextId = 1;
            for (int answered = 0; answered < requests; answered++) {
                if (answered == requests / 2 && atHalf != null) {
                    atHalf.call();
                }
                while (nextId <= requests && outstanding.size() < WINDOW) {
                    byte[] payload = requestPayload(client, nextId);
                    out.put(0, payload);
                    session.sendRequest(Packets.CODE, 0, 1, nextId, out, 0, payload.length);
                    outstanding.put(nextId, payload);
                    nextId++;
                }
                ReceivedMessage response = session.receive(WAIT, null);
                byte[] request = outstanding.remove(response.messageId());
                assertThat(request).as("client %d: response %d answers a request in flight", client,
                        response.messageId()).isNotNull();
                assertThat(response.payloadBytes()).as("client %d: response %d", client, response.messageId())
                        .isEqualTo(answer(request));
            }
            assertThat(outstanding).isEmpty();
            assertThat(session.inFlightCount()).isZero();
            return session.sessionId();
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get(3 * IDLE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new AssertionError(e.getCause());
        }
    }

    @Test
    void eightClientsPipelineConcurrentlyAndEveryResponseMatchesItsRequest() throws Exception {
        int clients = 8;
        int requests = 300;
        try (UdsListener listener = listen()) {
            Future<List<Future<Integer>>> servers = acceptAndServe(listener, clients);
            List<Future<Long>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(threads.submit(() -> runClient(listener.endpoint(), client, requests, null)));
            }
            Set<Long> sessionIds = new HashSet<>();
            for (Future<Long> client : running) {
                sessionIds.add(get(client));
            }
            assertThat(sessionIds).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            for (Future<Integer> served : get(servers)) {
                assertThat(get(served)).isEqualTo(requests);
            }
        }
    }

    @Test
    void closingTheListenerStopsNewConnectionsButLiveSessionsKeepWorking() throws Exception {
        int clients = 3;
        int requests = 100;
        UdsListener listener = listen();
        ServiceEndpoint endpoint = listener.endpoint();
        try {
            Future<List<Future<Integer>>> servers = acceptAndServe(listener, clients);
            CyclicBarrier halfway = new CyclicBarrier(clients + 1);
            CyclicBarrier closed = new CyclicBarrier(clients + 1);
            Callable<Void> pause = () -> {
                halfway.await(IDLE.toSeconds(), TimeUnit.SECONDS);
                closed.await(IDLE.toSeconds(), TimeUnit.SECONDS);
                return null;
            };
            List<Future<Long>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(threads.submit(() -> runClient(endpoint, client, requests, pause)));
            }
            halfway.await(IDLE.toSeconds(), TimeUnit.SECONDS);
            List<Future<Integer>> served = get(servers);
            listener.close();
            assertThat(endpoint.socketPath()).as("the socket file goes with the listener").doesNotExist();
            assertThat(failure(() -> UdsSession.connect(endpoint, CLIENT, WAIT)).error())
                    .isEqualTo(TransportError.NOT_FOUND);
            assertThat(failure(listener::accept).error()).isEqualTo(TransportError.CLOSED);
            closed.await(IDLE.toSeconds(), TimeUnit.SECONDS);
            for (Future<Long> client : running) {
                get(client);
            }
            for (Future<Integer> count : served) {
                assertThat(get(count)).as("every request, before and after the close").isEqualTo(requests);
            }
        } finally {
            listener.close();
        }
    }

    @Test
    void aHostileClientAmongWellBehavedOnesBreaksOnlyItsOwnSession() throws Exception {
        int clients = 4;
        int requests = 200;
        try (UdsListener listener = listen()) {
            Future<List<Future<Integer>>> servers = acceptAndServe(listener, clients + 1);
            List<Future<Long>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(threads.submit(() -> runClient(listener.endpoint(), client, requests, null)));
            }
            try (NativeFd hostile = UdsTestSupport.rawConnect(listener.endpoint().socketPath())) {
                UdsTestSupport.sendPacket(hostile.fd(), Packets.helloPacket(Packets.hello(1, 0, LIMIT, 1, LIMIT, 1,
                        TOKEN, PACKET)));
                assertThat(new Packets.Ack(UdsTestSupport.receivePacketWithin(hostile.fd(), 512)).status())
                        .isEqualTo(Packets.OK);
                UdsTestSupport.sendPacket(hostile.fd(), new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, 0x0f});
                UdsTestSupport.drainUntilPeerCloses(hostile.fd());
            }
            for (Future<Long> client : running) {
                get(client);
            }
            ConcurrentLinkedQueue<TransportError> failures = new ConcurrentLinkedQueue<>();
            int completed = 0;
            for (Future<Integer> served : get(servers)) {
                try {
                    assertThat(get(served)).isEqualTo(requests);
                    completed++;
                } catch (TransportException e) {
                    failures.add(e.error());
                }
            }
            assertThat(completed).isEqualTo(clients);
            assertThat(failures).containsExactly(TransportError.PROTOCOL_VIOLATION);
        }
    }

    /**
     * A thread blocked in {@link UdsListener#accept()} when another thread
     * closes the listener should end with CLOSED, as the listener's contract
     * reads. On Linux closing a descriptor alone does not wake a thread blocked
     * in {@code poll} or {@code accept4} on it (and the socket file is gone, so no
     * client would): the listener shuts the socket down first.
     */
    @Test
    void closingTheListenerFromAnotherThreadEndsABlockedAcceptWithClosed() throws Exception {
        UdsListener listener = listen();
        AtomicReference<Thread> acceptorThread = new AtomicReference<>();
        ExecutorService acceptor = Executors.newSingleThreadExecutor(task -> {
            // A daemon, so a thread left blocked by the bug cannot hold the test JVM open.
            Thread thread = new Thread(task, "blocked-acceptor");
            thread.setDaemon(true);
            acceptorThread.set(thread);
            return thread;
        });
        try {
            Future<TransportException> accepting = acceptor.submit(() -> failure(listener::accept));
            awaitBlockedInAccept(acceptorThread.get());
            listener.close();
            TransportException e = accepting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.error()).isEqualTo(TransportError.CLOSED);
        } finally {
            listener.close();
            acceptor.shutdownNow();
        }
    }

    /** Waits until {@code thread} is inside the native wait for a client ({@code poll}). */
    private static void awaitBlockedInAccept(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Arrays.stream(thread.getStackTrace()).noneMatch(frame -> frame.getMethodName().equals("poll"))) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the acceptor never reached poll");
            }
            Thread.sleep(5);
        }
        // Inside the binding's poll frame; give it a moment to enter the system call itself.
        Thread.sleep(100);
    }
}
