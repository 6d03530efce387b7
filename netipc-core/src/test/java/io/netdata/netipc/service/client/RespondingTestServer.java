package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.uds.UdsListener;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A Level 1 server for client tests whose answers a {@link Responder} writes:
 * one thread accepts sessions one at a time; a response that does not fit the
 * session's ceiling is answered LIMIT_EXCEEDED, as the reference servers do.
 */
public final class RespondingTestServer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int ANSWER_CAPACITY = 1 << 22;

    /** What a {@link Responder} returns to leave a request unanswered (the session stays open). */
    public static final int NO_ANSWER = -1;

    /** Writes the answer payload to one request; returns its length, or {@link #NO_ANSWER}. */
    @FunctionalInterface
    public interface Responder {
        int respond(ReceivedMessage request, ByteBuffer answer, int capacity);
    }

    private final UdsListener listener;
    private final Responder responder;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile UdsSession current;

    private RespondingTestServer(UdsListener listener, Responder responder) {
        this.listener = listener;
        this.responder = responder;
        this.thread = new Thread(this::serve, "responding-test-server");
        this.thread.start();
    }

    public static RespondingTestServer start(ServiceEndpoint endpoint, ServerHandshakeConfig config,
            Responder responder) throws TransportException {
        return new RespondingTestServer(UdsListener.open(endpoint, config), responder);
    }

    private void serve() {
        ByteBuffer answer = ByteBuffer.allocate(ANSWER_CAPACITY);
        while (running) {
            try (UdsSession session = listener.accept(POLL, null)) {
                current = session;
                serveSession(session, answer);
            } catch (TransportException e) {
                // Accept timed out or the listener closed: the loop condition decides.
            }
        }
    }

    private void serveSession(UdsSession session, ByteBuffer answer) {
        int ceiling = (int) session.parameters().maxResponsePayloadBytes();
        while (running) {
            ReceivedMessage request;
            try {
                request = session.receive(POLL, null);
            } catch (TransportException e) {
                if (e.error() == TransportError.TIMEOUT) {
                    continue;
                }
                return;
            }
            try {
                int length = responder.respond(request, answer, ceiling);
                if (length == NO_ANSWER) {
                    continue;
                }
                session.sendResponse(request.code(), request.flags(), TransportStatus.OK.code(),
                        request.itemCount(), request.messageId(), answer, 0, length);
            } catch (CodecException e) {
                try {
                    session.sendResponse(request.code(), 0, TransportStatus.LIMIT_EXCEEDED.code(), 1,
                            request.messageId(), answer, 0, 0);
                } catch (TransportException sendFailure) {
                    return;
                }
                return;
            } catch (TransportException e) {
                return;
            }
        }
    }

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
