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
 * <p>Answers are built in buffers that start small and double, up to the
 * session's response ceiling, each time an answer does not fit; the handler is
 * then asked again for the same request (the handler interfaces say so). A
 * batch's answers outgrowing the buffer are moved to the grown one, never
 * answered again: each item's handler runs once per batch, unless that item's
 * own answer needed more room.
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
    private final SessionBuffer response;
    private final SessionBuffer itemScratch;
    private final BatchView batch = new BatchView();
    private final BatchBuilder batchBuilder = new BatchBuilder();
    private final BytesView item = new BytesView();

    SessionWorker(ManagedServer server, UdsSession session, RequestDispatcher dispatcher) {
        this.server = server;
        this.session = session;
        this.dispatcher = dispatcher;
        // The agreed ceiling is the server's own (configured or learned), so it is bounded by what the
        // server chose to offer; one Java buffer is the hard limit.
        int ceiling = (int) Math.min(session.parameters().maxResponsePayloadBytes(), ManagedServer.MAX_BUFFER);
        this.response = new SessionBuffer(ceiling, server.allocator(), "response buffer");
        this.itemScratch = new SessionBuffer(ceiling, server.allocator(), "batch item buffer");
    }

    @Override
    public void run() {
        try {
            serve();
        } finally {
            try {
                session.close();
            } finally {
                server.sessionEnded(this);
            }
        }
    }

    /** Whether this session's messages travel through shared memory. Any thread. */
    boolean usesSharedMemory() {
        return session.usesSharedMemory();
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
        long started = server.requestStarted();
        if (request.code() != server.kind().methodCode()) {
            // Counted before the answer, so that a client holding it sees the count (as for any
            // failure); observed after it, so that the observer's time covers the send.
            server.countFailure();
            boolean sent = sendStatus(request, TransportStatus.UNSUPPORTED);
            server.observe(TransportStatus.UNSUPPORTED, started);
            return sent;
        }
        server.requestCeiling().note(request.payloadLength());
        boolean isBatch = (request.flags() & Wire.FLAG_BATCH) != 0 && request.itemCount() >= MIN_BATCH_ITEMS;
        int length;
        try {
            length = isBatch ? dispatchBatch(request) : dispatchSingle(request);
        } catch (DispatchFailure failure) {
            fail(request, failure, started);
            return false;
        }
        server.responseCeiling().note(length);
        try {
            session.sendResponse(request.code(), isBatch ? Wire.FLAG_BATCH : NO_FLAGS, TransportStatus.OK.code(),
                    isBatch ? request.itemCount() : SINGLE_ITEM, request.messageId(), response.allocated(), 0,
                    length);
        } catch (TransportException e) {
            if (e.error() == TransportError.LIMIT_EXCEEDED) {
                // Kept for a transport stricter than the session ceiling the buffers are bounded by: say so,
                // as for any overflow (the transport leaves the session usable).
                fail(request, DispatchFailure.tooLarge(e.getMessage(), e), started);
            }
            return false;
        }
        server.countAnswer(started);
        return true;
    }

    /**
     * Answers a plain request, asking the handler again with a larger buffer
     * (up to the session's ceiling) each time its answer did not fit.
     */
    private int dispatchSingle(ReceivedMessage request) throws DispatchFailure {
        return dispatchInto(response, request.buffer(), request.payloadOffset(), request.payloadLength());
    }

    private int dispatchInto(SessionBuffer target, ByteBuffer request, int offset, int length)
            throws DispatchFailure {
        while (true) {
            int answered;
            try {
                answered = dispatcher.dispatch(request, offset, length, target.buffer(), 0, target.capacity());
            } catch (DispatchFailure failure) {
                if (failure.status() != TransportStatus.LIMIT_EXCEEDED || !target.grow()) {
                    throw failure;
                }
                continue;
            }
            if (!dispatcher.wantsMoreRoom() || !growKeeping(target)) {
                return answered;
            }
        }
    }

    /**
     * Grows {@code target} for an answer that is valid but partial; false, with
     * the answer kept, when it cannot grow (at the ceiling, or no heap: the
     * client asks again for what is missing).
     */
    private static boolean growKeeping(SessionBuffer target) {
        try {
            return target.grow();
        } catch (DispatchFailure noHeap) {
            return false;
        }
    }

    private int dispatchBatch(ReceivedMessage request) throws DispatchFailure {
        try {
            request.batch(batch);
        } catch (CodecException e) {
            // Level 1 checks the directories of batches of two or more items only: a batch of one arrives
            // unchecked, as in the reference.
            throw DispatchFailure.badRequest(e);
        }
        batchBuilder.reset(response.buffer(), 0, response.capacity(), batch.itemCount());
        for (int i = 0; i < batch.itemCount(); i++) {
            int itemLength = dispatchInto(itemScratch, request.buffer(), batch.itemOffset(i), batch.itemLength(i));
            addToBatch(item.wrap(itemScratch.buffer(), 0, itemLength));
        }
        return batchBuilder.finish();
    }

    /**
     * Adds one item's answer to the batch, growing the response buffer while it
     * does not fit. The answers already added move to the grown buffer with the
     * builder: each item's handler runs once per batch (the handler interfaces
     * promise it), however often the buffer grows.
     */
    private void addToBatch(BytesView answer) throws DispatchFailure {
        while (true) {
            try {
                batchBuilder.add(answer);
                return;
            } catch (CodecException e) {
                // The builder refuses an item before writing anything: it stays as it was.
                if (!response.grow()) {
                    throw DispatchFailure.tooLarge("the answers of a batch of " + batch.itemCount()
                            + " items outgrow the response ceiling", e);
                }
                batchBuilder.moveTo(response.buffer(), 0, response.capacity());
            }
        }
    }

    private void fail(ReceivedMessage request, DispatchFailure failure, long started) {
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
        server.observe(failure.status(), started);
    }

    /** Sends an error status with no payload; returns whether the send succeeded. */
    private boolean sendStatus(ReceivedMessage request, TransportStatus status) {
        try {
            session.sendResponse(request.code(), NO_FLAGS, status.code(), SINGLE_ITEM, request.messageId(),
                    SessionBuffer.EMPTY, 0, 0);
            return true;
        } catch (TransportException e) {
            return false;
        }
    }
}
