package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.transport.InFlightIds;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.handshake.SessionParameters;
import io.netdata.netipc.transport.shm.ShmRegion;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import jnr.constants.platform.Errno;

/**
 * One handshaken UDS SEQPACKET session (upstream {@code level1-transport.md}):
 * send and receive of whole logical messages, with chunking, batching
 * validation and, on the client, in-flight tracking by message id.
 *
 * <p>A client may pipeline: send many requests before reading any response;
 * responses may come in any order and are matched by message id. Submitting an
 * id still in flight is refused (DUPLICATE_MESSAGE_ID) without harm to the
 * session. A response to an id not in flight is a protocol violation.
 *
 * <p>Any failure on the wire (the peer closing, a protocol violation, a limit
 * breach, a timeout or abort in the middle of a chunked message, an I/O error)
 * breaks the session for good: the connection is shut down, every id in flight
 * fails (the exception lists them in
 * {@link TransportException#failedMessageIds()}) and later calls throw CLOSED
 * with that failure as cause. A timeout or abort before the first packet of a
 * message leaves the session usable. Limits on what the caller sends are
 * checked before anything is sent, so a refused send leaves it usable too.
 *
 * <p>When both sides offer {@code SHM_HYBRID} the session carries its messages
 * through a per-session shared-memory region instead ({@link #usesSharedMemory()};
 * the server creates the region before its hello-ack, the client attaches after
 * it, see {@code docs/shm.md}): the same calls, one request in flight at a time
 * (a second is refused with LIMIT_EXCEEDED, harmlessly), and the socket stays
 * open only so each side sees the other hang up. A client that cannot attach to
 * the region gets SHM_ATTACH_FAILED from {@link #connect} and should reconnect
 * without the SHM profiles.
 *
 * <p>{@link #fd()} is the connected socket, for callers' own event loops: it is
 * readable when a message (or the peer's close) is waiting. Poll it, but do not
 * change its flags: the session relies on blocking I/O (a non-blocking
 * descriptor turns a full send buffer into an I/O failure).
 *
 * <p>A send blocks until the kernel takes every packet of the message, that is
 * as long as a peer that stopped reading keeps its buffer full; closing the
 * session ends it.
 *
 * <p><b>Thread-safety:</b> a raw session is single-owner: send and receive must
 * not run concurrently with each other or themselves unless the caller
 * serialises them. {@link #close()} is the exception: it is safe from any thread
 * at any time, and a send or receive blocked in the kernel at that moment
 * returns with CLOSED (the socket is shut down first, and its descriptor is
 * released only after the last such call has returned, so no call can touch a
 * descriptor the process has reused meanwhile). To interrupt a blocked receive
 * without closing, signal the {@link AbortSignal} passed to
 * {@link #receive(Duration, AbortSignal)}. {@link Thread#interrupt()} does not
 * wake a thread blocked in a system call. Independent sessions may be used
 * concurrently.
 */
public final class UdsSession implements AutoCloseable {
    private static final int STATUS_OK = TransportStatus.OK.code();

    private final NativeFd fd;
    private final SessionRole role;
    private final SessionParameters parameters;
    private final UdsMessageSender sender;
    /** The socket data plane's receiver; null when the session uses shared memory. */
    private final UdsMessageReceiver receiver;
    private final InFlightIds inFlight = new InFlightIds();
    /** The shared-memory data plane when the session selected SHM_HYBRID; null over the socket. */
    private final ShmDataPlane shm;
    /** Server over SHM: a request was received and its response not yet sent (owner thread only). */
    private boolean responseOwed;
    /** Written by the owner; read by {@link #close()} on any thread. */
    private volatile TransportException failure;

    private UdsSession(NativeFd fd, SeqPacketChannel channel, SessionRole role, SessionParameters parameters,
            UdsMessageReceiver receiver, ShmDataPlane shm) {
        this.fd = fd;
        this.shm = shm;
        this.role = role;
        this.parameters = parameters;
        this.sender = new UdsMessageSender(channel, (int) parameters.packetSize());
        this.receiver = receiver;
    }

    /**
     * A session over the handshaken socket {@code fd}, whose packet buffers are
     * sized by the negotiated packet size. A session whose data plane is shared
     * memory never carries messages over the socket, so it gets no packet buffer.
     *
     * @throws TransportException LIMIT_EXCEEDED when the heap cannot hold the buffers
     */
    private static UdsSession create(NativeFd fd, SeqPacketChannel channel, SessionRole role,
            SessionParameters parameters, ShmDataPlane shm) throws TransportException {
        if (shm != null) {
            return new UdsSession(fd, channel, role, parameters, null, shm);
        }
        int packetSize = (int) parameters.packetSize();
        UdsSocket.ensureCanSend(fd.fd(), packetSize);
        UdsMessageReceiver receiver;
        try {
            receiver = role == SessionRole.CLIENT
                    ? new UdsMessageReceiver(channel, packetSize, Wire.KIND_RESPONSE,
                            parameters.maxResponsePayloadBytes(), parameters.maxResponseBatchItems())
                    : new UdsMessageReceiver(channel, packetSize, Wire.KIND_REQUEST,
                            parameters.maxRequestPayloadBytes(), parameters.maxRequestBatchItems());
        } catch (OutOfMemoryError e) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "no direct memory for packets of " + packetSize + " bytes", e);
        }
        return new UdsSession(fd, channel, role, parameters, receiver, shm);
    }

    /** Connects and handshakes with no deadline. */
    public static UdsSession connect(ServiceEndpoint endpoint, ClientHandshakeConfig config)
            throws TransportException {
        return connect(endpoint, config, null);
    }

    /**
     * Connects to the endpoint's socket and performs the client handshake.
     *
     * @param handshakeTimeout how long connecting and the handshake may take together (a
     *     server too busy to take the connection counts too); null for no deadline
     * @throws TransportException NOT_FOUND when no server listens; the handshake's rejection
     *     (AUTH_FAILED, UNSUPPORTED, INCOMPATIBLE, LIMIT_EXCEEDED, BAD_ENVELOPE);
     *     SHM_ATTACH_FAILED when SHM was selected but its region cannot be used (reconnect
     *     without the SHM profiles); PROTOCOL_VIOLATION, PEER_CLOSED, TIMEOUT or IO
     */
    public static UdsSession connect(ServiceEndpoint endpoint, ClientHandshakeConfig config,
            Duration handshakeTimeout) throws TransportException {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(config, "config");
        UdsSocket.requireSupportedProfiles(config.supportedProfiles());
        long deadline = deadlineAfter(handshakeTimeout);
        NativeFd fd = UdsConnector.connect(endpoint, deadline);
        ShmRegion region = null;
        boolean connected = false;
        try {
            SeqPacketChannel channel = new SeqPacketChannel(fd);
            SessionParameters parameters = new UdsHandshakeExchange(channel).client(config, deadline);
            ShmDataPlane shm = null;
            if (parameters.selectedProfile() == Wire.PROFILE_SHM_HYBRID) {
                // No same-session fallback: the server now reads requests from the region only.
                region = ShmClientAttach.attach(endpoint, parameters, deadline);
                shm = ShmDataPlane.client(region, fd, parameters);
            }
            UdsSession session = create(fd, channel, SessionRole.CLIENT, parameters, shm);
            connected = true;
            return session;
        } finally {
            if (!connected) {
                if (region != null) {
                    region.close();
                }
                fd.close();
            }
        }
    }

    /**
     * Performs the server handshake on an accepted connection; closes it when the
     * handshake fails.
     *
     * @param abort ends the wait for the client's hello with ABORTED; may be null
     */
    static UdsSession accept(NativeFd fd, ServerHandshakeConfig config, ServiceEndpoint endpoint,
            LiveShmRegions regions, long sessionId, long deadlineNanos, AbortSignal abort) throws TransportException {
        ShmServerRegion prepared = null;
        ShmDataPlane shm = null;
        boolean accepted = false;
        try {
            prepared = ShmServerRegion.prepare(endpoint, config, sessionId);
            SeqPacketChannel channel = new SeqPacketChannel(fd);
            SessionParameters parameters = new UdsHandshakeExchange(channel)
                    .server(prepared.config(), sessionId, deadlineNanos, abort);
            if (parameters.selectedProfile() == Wire.PROFILE_SHM_HYBRID) {
                // Selectable only when the region exists: prepare() drops the profile otherwise.
                shm = ShmDataPlane.server(prepared.region(), regions, fd, parameters);
            } else {
                prepared.discard();
            }
            UdsSession session = create(fd, channel, SessionRole.SERVER, parameters, shm);
            accepted = true;
            return session;
        } finally {
            if (!accepted) {
                if (prepared != null) {
                    prepared.discard();
                }
                fd.close();
            }
        }
    }

    /** A {@link System#nanoTime()} deadline {@code timeout} from now; null means none. */
    static long deadlineAfter(Duration timeout) {
        if (timeout == null) {
            return ReadinessWait.NO_DEADLINE;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        long now = System.nanoTime();
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            return ReadinessWait.NO_DEADLINE;
        }
        long deadline = now + nanos;
        // nanos >= 0, so a sum below now wrapped: saturate. Never land on a marker value by accident
        // either (NOW would end the wait at once, NO_DEADLINE never).
        boolean wrapped = deadline < now;
        return wrapped || deadline == ReadinessWait.NO_DEADLINE || deadline == ReadinessWait.NOW
                ? ReadinessWait.NO_DEADLINE : deadline;
    }

    public SessionRole role() {
        return role;
    }

    /** The values the handshake fixed for this session. */
    public SessionParameters parameters() {
        return parameters;
    }

    /** The server-assigned session id (unsigned 64-bit, raw bits). */
    public long sessionId() {
        return parameters.sessionId();
    }

    /**
     * The connected socket for callers' event loops; {@link NativeFd#CLOSED} after close.
     * Over shared memory it becomes readable only when the peer hangs up, not when a
     * message is waiting.
     */
    public int fd() {
        return fd.fd();
    }

    /** True until {@link #close()}; a broken session stays open until closed. */
    public boolean isOpen() {
        return fd.isOpen();
    }

    /** True once a wire failure has broken the session. */
    public boolean isBroken() {
        return failure != null;
    }

    /** Number of requests awaiting their response (always 0 on a server). */
    public int inFlightCount() {
        return inFlight.size();
    }

    /** True while a request with {@code messageId} awaits its response. */
    public boolean isInFlight(long messageId) {
        return inFlight.contains(messageId);
    }

    /**
     * Sends one request message (client sessions only) and tracks its id until the
     * response arrives. {@code payload[offset, offset + length)} is sent as is,
     * chunked when longer than a packet; a payload in a direct buffer is never copied.
     *
     * @param flags {@link Wire#FLAG_BATCH} for a batch payload (built with the codec's batch builder)
     * @param itemCount 1 for a single message, the number of items for a batch
     * @throws TransportException LIMIT_EXCEEDED when the payload or item count exceed the
     *     negotiated request limits, DUPLICATE_MESSAGE_ID when the id is in flight (both
     *     leave the session usable); PEER_CLOSED or IO when sending fails; CLOSED
     * @throws IllegalStateException on a server session
     * @throws IllegalArgumentException for a field outside its wire range
     * @throws IndexOutOfBoundsException when {@code [offset, offset + length)} is not inside {@code payload}
     */
    public void sendRequest(int code, int flags, long itemCount, long messageId, ByteBuffer payload, int offset,
            int length) throws TransportException {
        requireRole(SessionRole.CLIENT, "send requests");
        checkMessage(code, flags, STATUS_OK, itemCount, payload, offset, length);
        ensureUsable();
        checkLimits(length, itemCount, parameters.maxRequestPayloadBytes(), parameters.maxRequestBatchItems(),
                "request");
        if (shm != null && !inFlight.isEmpty()) {
            // One area per direction: a second request would overwrite the first before it is read.
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "a request is already in flight and a shared-memory session carries one at a time");
        }
        checkArea(length);
        switch (inFlight.add(messageId)) {
            case DUPLICATE -> throw new TransportException(TransportError.DUPLICATE_MESSAGE_ID,
                    "message id " + Long.toUnsignedString(messageId) + " is already in flight");
            case FULL -> throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    InFlightIds.MAX_IN_FLIGHT + " requests already in flight");
            default -> {
                // Tracked: its response is now expected.
            }
        }
        transmit(Wire.KIND_REQUEST, flags, code, STATUS_OK, itemCount, messageId, payload, offset, length);
    }

    /**
     * Sends one response message (server sessions only), echoing the request's
     * {@code messageId}.
     *
     * @param transportStatus the envelope status, normally {@code TransportStatus.OK}
     * @throws TransportException LIMIT_EXCEEDED when the payload or item count exceed the
     *     negotiated response limits, or, over shared memory, when no received request
     *     awaits its response or the payload does not fit the area (the session stays
     *     usable in each case); PEER_CLOSED or IO when sending fails; CLOSED
     * @throws IllegalStateException on a client session
     * @throws IllegalArgumentException for a field outside its wire range
     * @throws IndexOutOfBoundsException when {@code [offset, offset + length)} is not inside {@code payload}
     */
    public void sendResponse(int code, int flags, int transportStatus, long itemCount, long messageId,
            ByteBuffer payload, int offset, int length) throws TransportException {
        requireRole(SessionRole.SERVER, "send responses");
        checkMessage(code, flags, transportStatus, itemCount, payload, offset, length);
        ensureUsable();
        checkLimits(length, itemCount, parameters.maxResponsePayloadBytes(), parameters.maxResponseBatchItems(),
                "response");
        if (shm != null && !responseOwed) {
            // One area per direction: a response nobody waits for would overwrite the one the
            // client may be copying right now, and the mix would pass every check.
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "no request awaits a response, and a shared-memory session carries one at a time");
        }
        checkArea(length);
        transmit(Wire.KIND_RESPONSE, flags, code, transportStatus, itemCount, messageId, payload, offset, length);
        responseOwed = false;
    }

    /**
     * Over SHM a message must also fit this side's area, whatever the agreed limit said
     * (an agreed limit of 0 does not limit): refused before anything is written, so the
     * session stays usable.
     */
    private void checkArea(int length) throws TransportException {
        if (shm != null && length > shm.maxOutboundPayload()) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED, "a payload of " + length
                    + " bytes does not fit the shared-memory area's " + shm.maxOutboundPayload());
        }
    }

    private void requireRole(SessionRole required, String action) {
        if (role != required) {
            throw new IllegalStateException("a " + role + " session cannot " + action);
        }
    }

    private static void checkMessage(int code, int flags, int transportStatus, long itemCount, ByteBuffer payload,
            int offset, int length) {
        Checks.checkU16(code, "code");
        Checks.checkU16(flags, "flags");
        Checks.checkU16(transportStatus, "transport_status");
        Checks.checkU32(itemCount, "item_count");
        Checks.checkRegion(payload, offset, length);
    }

    /** Outbound limits as the reference applies them: a zero limit does not limit. */
    private static void checkLimits(int length, long itemCount, long maxPayload, long maxItems, String what)
            throws TransportException {
        if (maxPayload != 0 && length > maxPayload) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    what + " payload of " + length + " bytes exceeds the negotiated " + maxPayload);
        }
        if (maxItems != 0 && itemCount > maxItems) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    what + " of " + itemCount + " items exceeds the negotiated " + maxItems);
        }
    }

    private void transmit(int kind, int flags, int code, int transportStatus, long itemCount, long messageId,
            ByteBuffer payload, int offset, int length) throws TransportException {
        try {
            if (shm != null) {
                shm.send(flags, code, transportStatus, itemCount, messageId, payload, offset, length);
            } else {
                sender.send(kind, flags, code, transportStatus, itemCount, messageId, payload, offset, length);
            }
        } catch (TransportException e) {
            throw breakWith(e);
        }
    }

    /** Receives the next message, blocking without a deadline. */
    public ReceivedMessage receive() throws TransportException {
        return receive(null, null);
    }

    /**
     * Receives the next message: on a client the response to one of its requests
     * (in whatever order the server answers), on a server the next request. One
     * deadline covers every packet of the message.
     *
     * @param timeout null for no deadline. The deadline covers the whole message, continuation
     *     packets included, so an event loop that learned from {@link #fd()} that a message is
     *     waiting should still pass a real timeout, not {@link Duration#ZERO}: the rest of a
     *     long chunked message arrives only as fast as the peer sends it
     * @param abort a signal that ends the wait with ABORTED; may be null
     * @return the message, valid until the next receive or close
     * @throws TransportException TIMEOUT or ABORTED (the session stays usable unless part
     *     of a chunked message had been read); PEER_CLOSED; PROTOCOL_VIOLATION or
     *     LIMIT_EXCEEDED for a broken or misbehaving peer; IO; CLOSED
     * @throws IllegalStateException when {@code abort} is closed
     */
    public ReceivedMessage receive(Duration timeout, AbortSignal abort) throws TransportException {
        return receiveUntil(deadlineAfter(timeout), abort);
    }

    /**
     * {@link #receive(Duration, AbortSignal)} with an absolute deadline, so that a caller
     * keeping one deadline across several steps need not make a {@code Duration} per receive.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value, compared by subtraction;
     *     {@link ReadinessWait#NO_DEADLINE} for none
     */
    public ReceivedMessage receiveUntil(long deadlineNanos, AbortSignal abort) throws TransportException {
        long deadline = deadlineNanos;
        ensureUsable();
        ReceivedMessage message;
        try {
            message = shm != null ? shm.receive(deadline, abort) : receiver.receive(deadline, abort);
        } catch (TransportException e) {
            if (failedCleanly(e)) {
                throw e;
            }
            throw breakWith(e);
        } catch (IllegalStateException e) {
            // A closed abort signal: harmless before a message began, but part of one may be read.
            if (!(shm != null ? shm.failedCleanly() : receiver.failedCleanly())) {
                breakWith(new TransportException(TransportError.ABORTED, "receive ended mid-message", e));
            }
            throw e;
        }
        if (role == SessionRole.SERVER) {
            responseOwed = true;
        }
        if (role == SessionRole.CLIENT && !inFlight.remove(message.messageId())) {
            throw breakWith(new TransportException(TransportError.PROTOCOL_VIOLATION, "response to message id "
                    + Long.toUnsignedString(message.messageId()) + ", which is not in flight"));
        }
        return message;
    }

    /**
     * True when a receive failure leaves the session usable. Over SHM only a timeout or
     * an abort does: CLOSED and PEER_CLOSED from the wait's checks also consume nothing,
     * but the session is over.
     */
    private boolean failedCleanly(TransportException e) {
        if (shm == null) {
            return receiver.failedCleanly();
        }
        return shm.failedCleanly() && (e.error() == TransportError.TIMEOUT || e.error() == TransportError.ABORTED);
    }

    /** True when the session carries its messages through a shared-memory region (SHM_HYBRID). */
    public boolean usesSharedMemory() {
        return shm != null;
    }

    private void ensureUsable() throws TransportException {
        if (!fd.isOpen()) {
            throw new TransportException(TransportError.CLOSED, "session is closed");
        }
        if (failure != null) {
            throw new TransportException(TransportError.CLOSED, "session broke earlier", failure);
        }
    }

    /** Breaks the session with {@code cause}; returns the exception to throw. */
    private TransportException breakWith(TransportException cause) {
        TransportException reported = inFlight.isEmpty() ? cause : cause.withFailedMessageIds(inFlight.drain());
        failure = reported;
        // Ends the connection for the peer now, but keeps the descriptor number until close()
        // so a caller's event loop never sees it reused behind its back.
        int socket = fd.acquire();
        if (socket != NativeFd.CLOSED) {
            try {
                Native.libc().shutdown(socket, UdsSocket.SHUT_RDWR);
            } finally {
                fd.release();
            }
        }
        return reported;
    }

    /**
     * Closes the connection; idempotent and safe from any thread. In-flight
     * requests are abandoned. The socket is shut down first, which wakes a send
     * or receive blocked on it (they throw CLOSED); its descriptor is released
     * once they have returned.
     */
    @Override
    public void close() {
        try {
            if (shm != null) {
                // First, so a reader sleeping on a signal word wakes and sees CLOSED; the server's
                // region file is unlinked here, its mapping goes with the last user.
                shm.close();
            }
        } finally {
            fd.close(UdsSocket::shutDown);
        }
    }
}
