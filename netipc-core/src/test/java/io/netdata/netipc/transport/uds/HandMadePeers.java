package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.rawConnect;
import static io.netdata.netipc.transport.uds.UdsTestSupport.receivePacketWithin;
import static io.netdata.netipc.transport.uds.UdsTestSupport.sendPacket;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Java sessions whose peer is a raw socket that performed its half of the
 * handshake by hand, so a test can then write any bytes at the Java side.
 */
final class HandMadePeers {
    /** Payload and batch limits and packet size of the default victims (both ways). */
    static final int LIMIT = 4096;
    static final int BATCH = 4;
    static final int PACKET = 256;

    /**
     * A victim's negotiated values: payload limit (up to the wire's 0xFFFF_FFFF) and batch items
     * both ways, and the packet size.
     */
    record Limits(long payload, int batch, int packet) {
    }

    static final Limits DEFAULT_LIMITS = new Limits(LIMIT, BATCH, PACKET);
    /** The request a client victim has in flight when the attack starts. */
    static final long IN_FLIGHT_ID = 77;

    private HandMadePeers() {
    }

    /** Runs {@code task} on a new thread. */
    static <T> Future<T> inBackground(Callable<T> task) {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            return executor.submit(task);
        } finally {
            executor.shutdown();
        }
    }

    /** The value of {@code future}, waiting at most three times {@link UdsTestSupport#WAIT}. */
    static <T> T await(Future<T> future) throws Exception {
        return awaitWithin(future, WAIT.multipliedBy(3));
    }

    /**
     * The value of {@code future}, rethrowing what its task threw. A hang guard, not a timing
     * assertion: {@code limit} is a deadline plus a margin generous enough for a loaded machine,
     * and only a call that never returns exceeds it. Native calls cannot be interrupted, so a task
     * that hangs is left to its caller's clean-up (closing the socket it blocks on).
     *
     * @throws AssertionError when the task has not finished within {@code limit}
     */
    static <T> T awaitWithin(Future<T> future, Duration limit) throws Exception {
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not return within " + limit + ": it hangs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /**
     * The {@link TransportException} {@code action} throws.
     *
     * @throws AssertionError when it throws nothing or anything else
     */
    static TransportException failure(Action action) {
        try {
            action.run();
        } catch (TransportException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a TransportException, got " + e, e);
        }
        throw new AssertionError("expected a TransportException, the call succeeded");
    }

    /** The {@link TransportException} a session's or listener's background call ended with. */
    static TransportException failureOf(Future<?> future) {
        return failureWithin(future, WAIT.multipliedBy(3));
    }

    /** As {@link #failureOf(Future)}, with the hang guard of {@link #awaitWithin(Future, Duration)}. */
    static TransportException failureWithin(Future<?> future, Duration limit) {
        return failure(() -> {
            Object value = awaitWithin(future, limit);
            if (value instanceof AutoCloseable closeable) {
                closeable.close();
            }
        });
    }

    /** A Java server session accepted from a raw client that sent {@code hello}; {@code ack} is what it got back. */
    record RawClient(NativeFd raw, UdsSession server, Packets.Ack ack) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            raw.close();
        }
    }

    /** Connects a raw client, sends {@code hello} and accepts it on {@code listener}; the handshake must succeed. */
    static RawClient rawClient(UdsListener listener, Hello hello) throws Exception {
        NativeFd raw = rawConnect(listener.endpoint().socketPath());
        try {
            sendPacket(raw.fd(), Packets.helloPacket(hello));
            UdsSession server = listener.accept();
            Packets.Ack ack = new Packets.Ack(receivePacketWithin(raw.fd(), Packets.CONTROL_CAPACITY));
            assertThat(ack.status()).isEqualTo(Packets.OK);
            return new RawClient(raw, server, ack);
        } catch (Exception | AssertionError e) {
            raw.close();
            throw e;
        }
    }

    /** A Java client session connected to a raw server that answered its hello with a hand-made ack. */
    record RawServer(NativeFd raw, UdsSession client, byte[] hello) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            raw.close();
        }
    }

    /**
     * Accepts the raw connection of the client {@code connecting}, but never blocks in
     * accept for a client that failed before connecting: its failure is then rethrown.
     */
    static NativeFd acceptWithin(UdsListener listener, Future<UdsSession> connecting) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        if (new ReadinessWait().await(listener.fd(), NativeFd.CLOSED, deadline) != WaitResult.READY) {
            await(connecting);
            throw new AssertionError("the client neither connected nor failed within " + WAIT);
        }
        return listener.acceptConnection();
    }

    /** Connects a Java client through {@code listener}'s socket and answers its hello with {@code ack} by hand. */
    static RawServer rawServer(UdsListener listener, ClientHandshakeConfig config, HelloAck ack) throws Exception {
        Future<UdsSession> connecting = inBackground(() -> UdsSession.connect(listener.endpoint(), config, WAIT));
        NativeFd raw = null;
        try {
            raw = acceptWithin(listener, connecting);
            byte[] hello = receivePacketWithin(raw.fd(), Packets.CONTROL_CAPACITY);
            sendPacket(raw.fd(), Packets.ackPacket(TransportStatus.OK, ack));
            return new RawServer(raw, await(connecting), hello);
        } catch (Exception | AssertionError e) {
            if (raw != null) {
                raw.close();
            }
            throw e;
        }
    }

    /** A well-behaved Java client and server session pair living on a listener next to a victim. */
    record Bystander(UdsSession client, UdsSession server) implements AutoCloseable {
        /** Echoes one request of {@code length} bytes through the pair and checks the response. */
        void assertEchoes(long messageId, int length) throws Exception {
            ByteBuffer payload = UdsTestSupport.pattern(length, (int) messageId);
            client.sendRequest(Packets.CODE, 0, 1, messageId, payload, 0, length);
            ReceivedMessage request = server.receive(WAIT, null);
            server.sendResponse(request.code(), 0, Packets.OK, 1, request.messageId(), request.buffer(),
                    request.payloadOffset(), request.payloadLength());
            ReceivedMessage response = client.receive(WAIT, null);
            assertThat(response.messageId()).isEqualTo(messageId);
            assertThat(response.payloadBytes()).isEqualTo(UdsTestSupport.bytes(payload));
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    /** Connects a well-behaved Java client to {@code listener} and accepts it. */
    static Bystander bystander(UdsListener listener, ClientHandshakeConfig config) throws Exception {
        Future<UdsSession> accepting = inBackground(listener::accept);
        UdsSession client = UdsSession.connect(listener.endpoint(), config, WAIT);
        try {
            return new Bystander(client, await(accepting));
        } catch (Exception | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /**
     * Proves {@code listener} still serves well-behaved clients: a fresh Java
     * client and server pair on it echo one request.
     */
    static void assertEchoWorks(UdsListener listener, ClientHandshakeConfig config) throws Exception {
        try (Bystander pair = bystander(listener, config)) {
            pair.assertEchoes(4242, 40);
        }
    }

    /** A client configuration that fits the listeners the victims use. */
    static ClientHandshakeConfig wellBehavedClient() {
        return UdsTestSupport.clientConfig(LIMIT, BATCH, LIMIT, 0);
    }

    /** The listener both kinds of victim live on: limits {@link #LIMIT}, packets of {@link #PACKET} bytes. */
    static UdsListener victimListener(Path runDir) throws TransportException {
        return victimListener(runDir, DEFAULT_LIMITS);
    }

    /** A listener whose server sessions negotiate {@code limits} with a client that proposes them. */
    static UdsListener victimListener(Path runDir, Limits limits) throws TransportException {
        return UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE),
                UdsTestSupport.serverConfig(limits.payload(), limits.payload(), limits.packet()));
    }

    /**
     * A Java session under attack and the raw socket that attacks it, after a
     * correct handshake: limits {@link #LIMIT} bytes and {@link #BATCH} items
     * both ways, packets of {@link #PACKET} bytes.
     */
    interface Victim extends AutoCloseable {
        UdsSession session();

        /** The raw peer's socket. */
        NativeFd raw();

        /** The kind of message this session receives. */
        int inboundKind();

        /** The kind it would never accept. */
        int outboundKind();

        /** The ids a failure that breaks this session must report. */
        long[] inFlight();

        /** A message id the session would accept a message for. */
        long acceptableId();

        @Override
        void close();
    }

    /** A Java server session facing a raw client. */
    static Victim serverVictim(UdsListener listener) throws Exception {
        return serverVictim(listener, DEFAULT_LIMITS);
    }

    /** A Java server session facing a raw client, on a listener from {@link #victimListener(Path, Limits)}. */
    static Victim serverVictim(UdsListener listener, Limits limits) throws Exception {
        Hello hello = Packets.hello(Wire.PROFILE_BASELINE, 0, limits.payload(), limits.batch(), limits.payload(),
                limits.batch(), UdsTestSupport.TOKEN, 1 << 20);
        RawClient peer = rawClient(listener, hello);
        assertThat(peer.server().parameters().packetSize()).isEqualTo(limits.packet());
        return new Victim() {
            @Override
            public UdsSession session() {
                return peer.server();
            }

            @Override
            public NativeFd raw() {
                return peer.raw();
            }

            @Override
            public int inboundKind() {
                return Wire.KIND_REQUEST;
            }

            @Override
            public int outboundKind() {
                return Wire.KIND_RESPONSE;
            }

            @Override
            public long[] inFlight() {
                return new long[0];
            }

            @Override
            public long acceptableId() {
                return 5;
            }

            @Override
            public void close() {
                peer.close();
            }
        };
    }

    /** A Java client session facing a raw server, with request {@link #IN_FLIGHT_ID} in flight. */
    static Victim clientVictim(UdsListener listener) throws Exception {
        return clientVictim(listener, DEFAULT_LIMITS);
    }

    /** A Java client session facing a raw server that granted {@code limits}, with {@link #IN_FLIGHT_ID} in flight. */
    static Victim clientVictim(UdsListener listener, Limits limits) throws Exception {
        HelloAck ack = Packets.baselineAck(limits.payload(), limits.batch(), limits.payload(), limits.packet(), 1);
        RawServer peer = rawServer(listener, UdsTestSupport.clientConfig(limits.payload(), limits.batch(),
                limits.payload(), 1 << 20), ack);
        try {
            assertThat(peer.client().parameters().packetSize()).isEqualTo(limits.packet());
            peer.client().sendRequest(Packets.CODE, 0, 1, IN_FLIGHT_ID, ByteBuffer.allocate(8), 0, 8);
            assertThat(receivePacketWithin(peer.raw().fd(), limits.packet())).hasSize(Packets.HEADER + 8);
        } catch (Exception | AssertionError e) {
            peer.close();
            throw e;
        }
        return new Victim() {
            @Override
            public UdsSession session() {
                return peer.client();
            }

            @Override
            public NativeFd raw() {
                return peer.raw();
            }

            @Override
            public int inboundKind() {
                return Wire.KIND_RESPONSE;
            }

            @Override
            public int outboundKind() {
                return Wire.KIND_REQUEST;
            }

            @Override
            public long[] inFlight() {
                return new long[] {IN_FLIGHT_ID};
            }

            @Override
            public long acceptableId() {
                return IN_FLIGHT_ID;
            }

            @Override
            public void close() {
                peer.close();
            }
        };
    }

    /**
     * Asserts that {@code victim} broke with {@code error}: the receive threw it
     * with every in-flight id, later calls throw CLOSED caused by it, and the
     * raw peer sees the connection end.
     */
    static void assertBrokeWith(Victim victim, TransportException e, TransportError error) throws Exception {
        assertThat(e.error()).as("%s", e).isEqualTo(error);
        assertThat(e.failedMessageIds()).containsExactlyInAnyOrder(victim.inFlight());
        assertThat(victim.session().isBroken()).isTrue();
        assertThat(victim.session().inFlightCount()).isZero();
        TransportException later = failure(() -> victim.session().receive(WAIT, null));
        assertThat(later.error()).isEqualTo(TransportError.CLOSED);
        assertThat(later.getCause()).isSameAs(e);
        ByteBuffer payload = ByteBuffer.allocate(8);
        TransportException send = failure(() -> {
            if (victim.session().role() == SessionRole.CLIENT) {
                victim.session().sendRequest(Packets.CODE, 0, 1, 999, payload, 0, 8);
            } else {
                victim.session().sendResponse(Packets.CODE, 0, Packets.OK, 1, 999, payload, 0, 8);
            }
        });
        assertThat(send.error()).isEqualTo(TransportError.CLOSED);
        UdsTestSupport.drainUntilPeerCloses(victim.raw().fd());
    }
}
