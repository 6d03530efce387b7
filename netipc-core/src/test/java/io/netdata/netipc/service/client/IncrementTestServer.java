package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.uds.UdsListener;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Level 1 INCREMENT server for client tests: one thread accepts sessions one
 * at a time and answers each request as {@link #behaviour} says at that moment
 * (value + 1 by default), so a test can make the server misbehave on cue.
 */
final class IncrementTestServer implements AutoCloseable {
    static final long TOKEN = 0x5EC7E7L;
    private static final Duration POLL = Duration.ofMillis(50);

    /** What the server does with the next request. */
    enum Behaviour {
        ANSWER,
        /** Closes the session without answering. */
        HANG_UP,
        /**
         * Closes the session without answering and accepts no one again, keeping the socket:
         * a client's connection attempts then wait for a handshake that never comes.
         */
        HANG_UP_AND_STOP_ACCEPTING,
        /** Reads the request and never answers. */
        SILENT,
        /** Answers with transport status INTERNAL_ERROR and no payload. */
        INTERNAL_ERROR,
        /** Answers with transport status LIMIT_EXCEEDED and no payload. */
        LIMIT_EXCEEDED,
        /** Answers with another method's code. */
        WRONG_CODE,
        /** Answers a batch with one item too few. */
        SHORT_BATCH
    }

    final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.ANSWER);
    final AtomicInteger sessions = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final ConcurrentLinkedQueue<Long> requestPayloadCeilings = new ConcurrentLinkedQueue<>();
    private final UdsListener listener;
    private final CountDownLatch acceptGate;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean accepting = true;
    private volatile UdsSession current;

    private IncrementTestServer(UdsListener listener, CountDownLatch acceptGate) {
        this.listener = listener;
        this.acceptGate = acceptGate;
        this.thread = new Thread(this::serve, "increment-test-server");
        this.thread.start();
    }

    static IncrementTestServer start(ServiceEndpoint endpoint, ServerHandshakeConfig config)
            throws TransportException {
        return new IncrementTestServer(UdsListener.open(endpoint, config), new CountDownLatch(0));
    }

    /**
     * A server whose socket listens at once but which accepts nobody until {@code acceptGate}
     * opens: a client connects, sends its hello and waits for the answer meanwhile.
     */
    static IncrementTestServer startHeld(ServiceEndpoint endpoint, ServerHandshakeConfig config,
            CountDownLatch acceptGate) throws TransportException {
        return new IncrementTestServer(UdsListener.open(endpoint, config), acceptGate);
    }

    static ServerHandshakeConfig config(long profiles, long maxRequestPayload, long maxResponsePayload) {
        return new ServerHandshakeConfig(profiles, profiles, maxRequestPayload, maxResponsePayload, TOKEN, 0);
    }

    private void serve() {
        ByteBuffer answer = ByteBuffer.allocate(1 << 20);
        BatchBuilder builder = new BatchBuilder();
        BatchView view = new BatchView();
        if (!awaitGate()) {
            return;
        }
        while (running) {
            if (!accepting) {
                pauseWhileNotAccepting();
                continue;
            }
            UdsSession session;
            try {
                session = listener.accept(POLL, null);
            } catch (TransportException e) {
                continue;
            }
            sessions.incrementAndGet();
            requestPayloadCeilings.add(session.parameters().maxRequestPayloadBytes());
            current = session;
            try (session) {
                serveSession(session, answer, builder, view);
            }
        }
    }

    /** Waits for the accept gate; false when the server closed first. */
    private boolean awaitGate() {
        try {
            while (running) {
                if (acceptGate.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void serveSession(UdsSession session, ByteBuffer answer, BatchBuilder builder, BatchView view) {
        while (running) {
            ReceivedMessage request;
            try {
                request = session.receive(POLL, null);
            } catch (TransportException e) {
                if (e.error() == io.netdata.netipc.transport.TransportError.TIMEOUT) {
                    continue;
                }
                return;
            }
            requests.incrementAndGet();
            try {
                if (!respond(session, request, answer, builder, view)) {
                    return;
                }
            } catch (TransportException e) {
                return;
            }
        }
    }

    /** Answers one request; false when the session is to end. */
    private boolean respond(UdsSession session, ReceivedMessage request, ByteBuffer answer, BatchBuilder builder,
            BatchView view) throws TransportException {
        int ok = TransportStatus.OK.code();
        switch (behaviour.get()) {
            case HANG_UP:
                return false;
            case HANG_UP_AND_STOP_ACCEPTING:
                accepting = false;
                return false;
            case SILENT:
                return true;
            case INTERNAL_ERROR:
                session.sendResponse(request.code(), 0, TransportStatus.INTERNAL_ERROR.code(), 1,
                        request.messageId(), answer, 0, 0);
                return false;
            case LIMIT_EXCEEDED:
                session.sendResponse(request.code(), 0, TransportStatus.LIMIT_EXCEEDED.code(), 1,
                        request.messageId(), answer, 0, 0);
                return false;
            case WRONG_CODE:
                IncrementCodec.encode(0, answer, 0);
                session.sendResponse(Wire.METHOD_STRING_REVERSE, 0, ok, 1, request.messageId(), answer, 0,
                        IncrementCodec.SIZE);
                return true;
            default:
                break;
        }
        if ((request.flags() & Wire.FLAG_BATCH) != 0 && request.itemCount() > 1) {
            view.wrap(request.buffer(), request.payloadOffset(), request.payloadLength(), request.itemCount());
            int items = behaviour.get() == Behaviour.SHORT_BATCH ? view.itemCount() - 1 : view.itemCount();
            builder.reset(answer, 0, answer.capacity(), items);
            for (int i = 0; i < items; i++) {
                long value = IncrementCodec.decode(request.buffer(), view.itemOffset(i), view.itemLength(i));
                IncrementCodec.encode(value + 1, answer, builder.reserve(IncrementCodec.SIZE));
            }
            session.sendResponse(request.code(), Wire.FLAG_BATCH, ok, items, request.messageId(), answer, 0,
                    builder.finish());
            return true;
        }
        long value = IncrementCodec.decode(request.buffer(), request.payloadOffset(), request.payloadLength());
        IncrementCodec.encode(value + 1, answer, 0);
        session.sendResponse(request.code(), 0, ok, 1, request.messageId(), answer, 0, IncrementCodec.SIZE);
        return true;
    }

    private static void pauseWhileNotAccepting() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the listener and the session in progress, and waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        listener.close();
        UdsSession session = current;
        if (session != null) {
            session.close();
        }
        thread.join();
    }
}
