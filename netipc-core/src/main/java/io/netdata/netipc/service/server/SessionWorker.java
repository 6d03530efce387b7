package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.uds.UdsSession;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * Serves one accepted session on its own thread (upstream
 * {@code level2-typed-api.md}, "Operation" steps 4 to 6): one request at a
 * time, into this session's own buffers, dispatcher and builders.
 *
 * <p>A request of another method is answered UNSUPPORTED and the session goes
 * on. A request that fails (undecodable, a response that does not fit, a
 * handler failure) is answered with its error status and no payload, and the
 * session is closed: the client recovers by reconnecting. A batch is
 * dispatched item by item, in order; one failing item fails the whole batch.
 *
 * <p>Thread-safety: confined to its thread, except {@link #forceClose()}.
 */
final class SessionWorker implements Runnable {
    private static final System.Logger LOG = System.getLogger(ManagedServer.class.getName());
    private static final int NO_FLAGS = 0;
    private static final long SINGLE_ITEM = 1;
    /**
     * A FLAG_BATCH request counts as a batch from one item on, as in the reference
     * servers; with no items it is answered as a plain request.
     */
    private static final long MIN_BATCH_ITEMS = 1;
    /** How much more room the next session is offered after a response did not fit. */
    private static final long RESPONSE_GROWTH_FACTOR = 2;

    private final ManagedServer server;
    private final UdsSession session;
    private final RequestDispatcher dispatcher;
    private final int capacity;
    private final BatchView batch = new BatchView();
    private final BatchBuilder batchBuilder = new BatchBuilder();
    private final BytesView item = new BytesView();
    private ByteBuffer response;
    private ByteBuffer itemScratch;

    SessionWorker(ManagedServer server, UdsSession session, RequestDispatcher dispatcher) {
        this.server = server;
        this.session = session;
        this.dispatcher = dispatcher;
        // The agreed ceiling is the server's own (configured or learned), so it is bounded by what the
        // server chose to offer; one Java buffer is the hard limit.
        this.capacity = (int) Math.min(session.parameters().maxResponsePayloadBytes(), ManagedServer.MAX_BUFFER);
    }

    @Override
    public void run() {
        try {
            response = allocate();
            if (response != null) {
                serve();
            }
        } finally {
            try {
                session.close();
            } finally {
                server.sessionEnded(this);
            }
        }
    }

    /** The response buffer, or null (logged) when the heap cannot hold one: the session is then hung up on. */
    private ByteBuffer allocate() {
        try {
            return ByteBuffer.allocate(capacity);
        } catch (OutOfMemoryError e) {
            LOG.log(Level.WARNING, () -> "netipc " + server.kind() + " server " + server.endpoint().socketPath()
                    + ": no heap for a response buffer of " + capacity + " bytes; session " + session.sessionId()
                    + " closed", e);
            return null;
        }
    }

    /** Closes the session, waking a receive or send blocked in it. Any thread. */
    void forceClose() {
        session.close();
    }

    private void serve() {
        while (server.isRunning()) {
            ReceivedMessage request;
            try {
                request = session.receive(null, server.stopSignal());
            } catch (TransportException | IllegalStateException e) {
                // The client hung up or broke the session, or the server is stopping.
                return;
            }
            if (!answer(request)) {
                return;
            }
        }
    }

    /** Answers one request; returns whether the session goes on. */
    private boolean answer(ReceivedMessage request) {
        if (request.code() != server.kind().methodCode()) {
            server.countFailure();
            return sendStatus(request, TransportStatus.UNSUPPORTED);
        }
        server.requestCeiling().note(request.payloadLength());
        boolean isBatch = (request.flags() & Wire.FLAG_BATCH) != 0 && request.itemCount() >= MIN_BATCH_ITEMS;
        int length;
        try {
            length = isBatch ? dispatchBatch(request)
                    : dispatcher.dispatch(request.buffer(), request.payloadOffset(), request.payloadLength(),
                            response, 0, capacity);
        } catch (DispatchFailure failure) {
            fail(request, failure);
            return false;
        }
        server.responseCeiling().note(length);
        try {
            session.sendResponse(request.code(), isBatch ? Wire.FLAG_BATCH : NO_FLAGS, TransportStatus.OK.code(),
                    isBatch ? request.itemCount() : SINGLE_ITEM, request.messageId(), response, 0, length);
        } catch (TransportException e) {
            if (e.error() == TransportError.LIMIT_EXCEEDED) {
                // The transport refused the answer (it leaves the session usable): say so, as for any overflow.
                fail(request, DispatchFailure.tooLarge(e.getMessage(), e));
            }
            return false;
        }
        server.countAnswer();
        return true;
    }

    private int dispatchBatch(ReceivedMessage request) throws DispatchFailure {
        try {
            request.batch(batch);
        } catch (CodecException e) {
            // The session validated the directory already; kept so that no decoder error escapes.
            throw DispatchFailure.badRequest(e);
        }
        ByteBuffer scratch = itemScratch();
        batchBuilder.reset(response, 0, capacity, batch.itemCount());
        for (int i = 0; i < batch.itemCount(); i++) {
            int itemLength = dispatcher.dispatch(request.buffer(), batch.itemOffset(i), batch.itemLength(i), scratch,
                    0, capacity);
            try {
                batchBuilder.add(item.wrap(scratch, 0, itemLength));
            } catch (CodecException e) {
                throw DispatchFailure.tooLarge(e.getMessage(), e);
            }
        }
        return batchBuilder.finish();
    }

    /** The buffer batch items are answered into, allocated with the first batch. */
    private ByteBuffer itemScratch() throws DispatchFailure {
        if (itemScratch == null) {
            try {
                itemScratch = ByteBuffer.allocate(capacity);
            } catch (OutOfMemoryError e) {
                throw DispatchFailure.handlerFailed("no heap for a batch item buffer of " + capacity + " bytes", e);
            }
        }
        return itemScratch;
    }

    private void fail(ReceivedMessage request, DispatchFailure failure) {
        server.countFailure();
        if (failure.status() == TransportStatus.LIMIT_EXCEEDED) {
            // The next session is offered twice the room, within the growth ceiling.
            server.responseCeiling().note(RESPONSE_GROWTH_FACTOR * session.parameters().maxResponsePayloadBytes());
        }
        Level level = failure.status() == TransportStatus.INTERNAL_ERROR ? Level.WARNING : Level.DEBUG;
        LOG.log(level, () -> "netipc " + server.kind() + " server " + server.endpoint().socketPath()
                + ": answered " + failure.status() + " and closed session " + session.sessionId() + ": "
                + failure.getMessage(), failure.getCause());
        sendStatus(request, failure.status());
    }

    /** Sends an error status with no payload; returns whether the send succeeded. */
    private boolean sendStatus(ReceivedMessage request, TransportStatus status) {
        try {
            session.sendResponse(request.code(), NO_FLAGS, status.code(), SINGLE_ITEM, request.messageId(),
                    response, 0, 0);
            return true;
        } catch (TransportException e) {
            return false;
        }
    }
}
