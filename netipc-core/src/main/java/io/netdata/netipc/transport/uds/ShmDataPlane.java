package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.SessionParameters;
import io.netdata.netipc.transport.shm.NativeShmFutex;
import io.netdata.netipc.transport.shm.ShmAbortCheck;
import io.netdata.netipc.transport.shm.ShmConsumer;
import io.netdata.netipc.transport.shm.ShmDirection;
import io.netdata.netipc.transport.shm.ShmMessageReceiver;
import io.netdata.netipc.transport.shm.ShmMessageSender;
import io.netdata.netipc.transport.shm.ShmPublisher;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmWaitPolicy;
import java.nio.ByteBuffer;

/**
 * The data plane of a session that negotiated {@code SHM_HYBRID}: messages go
 * through the session's region, the UDS socket stays open only to tell each side
 * when the other has gone.
 *
 * <p>Every access to the region runs between {@code SharedMapping.acquire()} and
 * {@code release()}: the publisher and consumer keep the mapped buffer, and
 * touching it after the unmap would crash the JVM. {@link #close()} closes the
 * region, which wakes a reader sleeping on a signal word; that reader's abort
 * check then sees the mapping closing and ends with CLOSED, releases it, and the
 * last release unmaps.
 *
 * <p>While a reader sleeps, its abort check polls (with one {@link ReadinessWait}
 * reused, so nothing is allocated) the caller's {@link AbortSignal} and the
 * socket: over SHM nothing is sent on the socket after the handshake, so a
 * readable socket means the peer hung up (or sent what it must not), and the
 * session ends with PEER_CLOSED.
 *
 * <p>Thread-safety: as the session, single-owner; {@link #close()} is safe from any thread.
 */
final class ShmDataPlane implements AutoCloseable {
    private final ShmRegion region;
    /** The listener's registry of live regions (server only), or null. */
    private final LiveShmRegions registry;
    private final NativeFd socket;
    private final ShmMessageSender sender;
    private final ShmConsumer consumer;
    private final ShmMessageReceiver receiver;
    private final ReadinessWait hangUpProbe = new ReadinessWait();
    private final ShmAbortCheck abortCheck = this::checkAbort;
    /** The abort signal of the receive in progress; only the owner touches it. */
    private AbortSignal abort;
    /** Set once an access faulted: the region cannot be trusted again. */
    private boolean faulted;

    private ShmDataPlane(ShmRegion region, LiveShmRegions registry, NativeFd socket, SessionRole role,
            SessionParameters parameters, long firstSequence) throws TransportException {
        this.region = region;
        this.registry = registry;
        this.socket = socket;
        NativeShmFutex futex = new NativeShmFutex();
        ByteBuffer mapped = region.mapping().acquire();
        if (mapped == null) {
            throw new IllegalStateException("region " + region.path() + " closed before its session started");
        }
        try {
            this.sender = new ShmMessageSender(new ShmPublisher(mapped, region.layout(), ShmDirection.outbound(role),
                    futex));
            ShmDirection inbound = ShmDirection.inbound(role);
            long start = firstSequence >= 0 ? firstSequence
                    : ShmConsumer.publishedSequence(mapped, region.layout(), inbound);
            this.consumer = new ShmConsumer(mapped, region.layout(), inbound, futex, ShmWaitPolicy.DEFAULT, start);
        } catch (InternalError e) {
            throw unreadable(e);
        } finally {
            region.mapping().release();
        }
        this.receiver = role == SessionRole.CLIENT
                ? new ShmMessageReceiver(consumer, parameters.maxResponsePayloadBytes(),
                        parameters.maxResponseBatchItems())
                : new ShmMessageReceiver(consumer, parameters.maxRequestPayloadBytes(),
                        parameters.maxRequestBatchItems());
    }

    /**
     * The server's plane over the region it created before its hello-ack. Its request
     * consumer starts at sequence 0: the region existed before the client could publish,
     * so reading the word now could skip a request already sent.
     */
    static ShmDataPlane server(ShmRegion region, LiveShmRegions registry, NativeFd socket,
            SessionParameters parameters) throws TransportException {
        ShmDataPlane plane = new ShmDataPlane(region, registry, socket, SessionRole.SERVER, parameters, 0);
        registry.add(region);
        return plane;
    }

    /** The client's plane; its response consumer starts at the sequence published at attach, as the reference's. */
    static ShmDataPlane client(ShmRegion region, NativeFd socket, SessionParameters parameters)
            throws TransportException {
        return new ShmDataPlane(region, null, socket, SessionRole.CLIENT, parameters, -1);
    }

    /**
     * Publishes one whole message of this side's direction.
     *
     * @throws TransportException CLOSED once the region is closing; LIMIT_EXCEEDED when it does
     *     not fit the area (the session checked the negotiated limits already); IO from the futex
     */
    void send(int flags, int code, int transportStatus, long itemCount, long messageId, ByteBuffer payload,
            int offset, int length) throws TransportException {
        acquire();
        try {
            sender.send(flags, code, transportStatus, itemCount, messageId, payload, offset, length);
        } catch (InternalError e) {
            throw unreadable(e);
        } finally {
            region.mapping().release();
        }
    }

    /**
     * Receives the next message of the peer's direction into a private copy.
     *
     * @throws TransportException TIMEOUT, ABORTED, CLOSED or PEER_CLOSED (check
     *     {@link #failedCleanly()}); PROTOCOL_VIOLATION or LIMIT_EXCEEDED; IO
     */
    ReceivedMessage receive(long deadlineNanos, AbortSignal abortSignal) throws TransportException {
        acquire();
        this.abort = abortSignal;
        try {
            return receiver.receive(deadlineNanos, abortCheck);
        } catch (InternalError e) {
            faulted = true;
            throw unreadable(e);
        } finally {
            this.abort = null;
            region.mapping().release();
        }
    }

    /** The longest payload this side's area carries after the header. */
    int maxOutboundPayload() {
        return sender.maxPayload();
    }

    /** True when the last receive consumed nothing, so the session may go on. */
    boolean failedCleanly() {
        return !faulted && consumer.failedCleanly();
    }

    /**
     * A peer that truncates the region file makes the next access to a vanished page
     * fault; the JVM turns that into {@link InternalError}, which must end only this
     * session, as an IO failure.
     */
    private static TransportException unreadable(InternalError e) {
        return new TransportException(TransportError.IO, "the shared memory region became unreadable "
                + "(truncated by the peer?)", e);
    }

    private void acquire() throws TransportException {
        if (region.mapping().acquire() == null) {
            throw new TransportException(TransportError.CLOSED, "session is closed");
        }
    }

    /** Runs before every sleep of the reader: close, the caller's abort, the peer's hang-up. */
    private void checkAbort() throws TransportException {
        if (!region.mapping().isOpen()) {
            throw new TransportException(TransportError.CLOSED, "session closed while receiving");
        }
        int fd = socket.acquire();
        if (fd == NativeFd.CLOSED) {
            throw new TransportException(TransportError.CLOSED, "session closed while receiving");
        }
        WaitResult result;
        try {
            result = hangUpProbe.await(fd, abort, ReadinessWait.NOW);
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, e.getMessage(), e);
        } finally {
            socket.release();
        }
        if (result == WaitResult.ABORTED) {
            throw new TransportException(TransportError.ABORTED, "receive aborted");
        }
        if (result == WaitResult.READY) {
            if (!region.mapping().isOpen()) {
                // Our own close shut the socket down between the check above and the poll.
                throw new TransportException(TransportError.CLOSED, "session closed while receiving");
            }
            throw new TransportException(TransportError.PEER_CLOSED, "the peer closed the session's socket");
        }
    }

    /** Wakes a sleeping reader, unmaps after the last user and, on the server, unlinks the file; idempotent. */
    @Override
    public void close() {
        try {
            region.close();
        } finally {
            if (registry != null) {
                registry.remove(region);
            }
        }
    }
}
