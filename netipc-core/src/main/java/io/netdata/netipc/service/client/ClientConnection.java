package io.netdata.netipc.service.client;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.ServiceDefaults;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.SessionParameters;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine of every Level 2 client context (upstream
 * {@code level2-typed-api.md}, "Client context" and principle 5): the state
 * machine that {@link #refresh()} drives, and calls with at-least-once retry,
 * overflow-driven capacity growth, SHM-attach recovery, a deadline per call and
 * a sticky abort.
 *
 * <p>Deadlines are {@link System#nanoTime()} values, only ever compared by
 * subtraction ({@code deadline - now}), so a timeout saturated at
 * {@link Long#MAX_VALUE} nanoseconds (about 292 years) still counts down
 * correctly although the sum wraps. A call's deadline and the abort signal are
 * checked before every send, and bound every pause and connection attempt of
 * its recovery: a call never resends, pauses or reconnects past its deadline,
 * and ends with TIMEOUT or ABORTED as soon as either shows.
 *
 * <p>One thing the deadline does not bound: a send over the socket. The
 * transport offers no send deadline: {@link UdsSession#sendRequest} blocks
 * until the kernel has taken every packet of the request, that is while the
 * socket's send buffer stays full because the server is not reading. Neither
 * the deadline nor the abort ends such a send; {@link #close()} does (it shuts
 * the socket down). The deadline then applies again from the receive on. A
 * request that fits the buffer's free space returns at once, and a send over
 * shared memory never waits.
 *
 * <p>Thread-safety: every call and refresh holds this context's reentrant lock
 * for its whole duration ({@link #lockForCall()} lets a typed client hold it
 * across a public call: its inputs, its answer and its observer notification),
 * so calls on a shared context run one at a time; a call finding the lock held
 * while the state is not READY (a refresh, or another call's recovery) fails
 * NOT_READY at once without it, instead of waiting for a handshake. {@link #ready()},
 * {@link #status()}, {@link #abort()} and {@link #close()} take no lock before
 * they act and are safe from any thread at any time: {@code close()} wakes a
 * call blocked in another thread (in a receive or a pause), then waits for it
 * to end. A connection attempt in progress is not woken: {@code close()}
 * waits for it, at most the handshake timeout.
 */
final class ClientConnection implements AutoCloseable {
    /** Profile bits that need a region; dropped for good after a failed attach. */
    static final long SHM_PROFILES = Wire.PROFILE_SHM_HYBRID | Wire.PROFILE_SHM_FUTEX;
    /**
     * Pause before reconnecting after an ordinary failure, as the reference's client: long
     * enough for a server polling its sessions every 100 ms to notice the old one is gone.
     */
    static final Duration RECONNECT_DRAIN = Duration.ofMillis(150);
    /** Connection attempts of one reconnect-for-a-call, and the pause between them. */
    static final int RECONNECT_ATTEMPTS = 20;
    static final Duration RECONNECT_INTERVAL = Duration.ofMillis(5);
    /** The largest request one heap buffer holds. */
    static final long MAX_REQUEST_BYTES = Integer.MAX_VALUE;
    /** What a timeout too long for a {@code long} of nanoseconds counts as: about 292 years. */
    static final long SATURATED_TIMEOUT_NANOS = Long.MAX_VALUE;

    private final ClientConfig config;
    private final ServiceKind kind;
    /** How often a call waiting for the lock looks whether its holder left READY. */
    private static final long LOCK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The least time a connection attempt is given (a zero bound would mean "the default"). */
    private static final long MIN_ATTEMPT_NANOS = 1;
    private final ReentrantLock lock = new ReentrantLock();
    private final AbortSignal abort;
    /** Waits out the pauses of a recovery, woken by the abort (guarded by the lock). */
    private final ReadinessWait pauseWait = new ReadinessWait();

    private volatile ClientState state = ClientState.DISCONNECTED;
    private volatile boolean closed;
    private volatile UdsSession session;
    private volatile long connectCount;
    private volatile long reconnectCount;
    private volatile long callCount;
    private volatile long errorCount;
    /** Calls failed NOT_READY by {@link #lockForCall()} without the lock (so not in errorCount). */
    private final LongAdder connectingFailures = new LongAdder();
    private volatile ServiceError lastError;
    private volatile String lastErrorMessage;

    /** What the next handshake proposes; learned across reconnects (guarded by the lock). */
    private long supportedProfiles;
    private long preferredProfiles;
    private long requestPayload;
    private long responsePayload;
    private ByteBuffer requestBuffer = ByteBuffer.allocate(0);
    private long lastMessageId;

    /**
     * @throws ServiceException TRANSPORT when the abort signal cannot be created
     */
    ClientConnection(ClientConfig config, ServiceKind kind) throws ServiceException {
        this.config = config;
        this.kind = kind;
        this.supportedProfiles = config.supportedProfiles();
        this.preferredProfiles = config.preferredProfiles();
        this.requestPayload = config.maxRequestPayloadBytes();
        this.responsePayload = config.maxResponsePayloadBytes();
        try {
            this.abort = AbortSignal.create();
        } catch (NativeException e) {
            throw new ServiceException(ServiceError.TRANSPORT, "cannot create the abort signal", e);
        }
    }

    ClientConfig config() {
        return config;
    }

    /** True only in READY; no system call. */
    boolean ready() {
        return state == ClientState.READY;
    }

    ClientState state() {
        return state;
    }

    ClientStatus status() {
        UdsSession current = session;
        return new ClientStatus(state, connectCount, reconnectCount, callCount,
                errorCount + connectingFailures.sum(),
                current != null && current.usesSharedMemory(), lastError, lastErrorMessage);
    }

    /** Raises the sticky abort: a call blocked now, and every later one, ends with ABORTED. */
    void abort() {
        if (!closed) {
            abort.signal();
        }
    }

    /** Lowers the abort, so calls may proceed again. */
    void clearAbort() throws ServiceException {
        lock.lock();
        try {
            requireOpen();
            abort.clear();
        } catch (NativeException e) {
            throw new ServiceException(ServiceError.TRANSPORT, "cannot clear the abort signal", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connects when disconnected, not found or broken; leaves READY, AUTH_FAILED and
     * INCOMPATIBLE alone.
     *
     * @return whether the state changed
     */
    boolean refresh() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            ClientState before = state;
            switch (before) {
                case DISCONNECTED, NOT_FOUND -> {
                    if (connect(config.handshakeTimeout()) == ClientState.READY) {
                        connectCount++;
                    }
                }
                case BROKEN -> {
                    disconnect();
                    if (connect(config.handshakeTimeout()) == ClientState.READY) {
                        reconnectCount++;
                    }
                }
                default -> {
                    // READY needs nothing; AUTH_FAILED and INCOMPATIBLE need another configuration.
                }
            }
            return state != before;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes this context's call lock (reentrant): a typed client holds it across one
     * public call, so that the call's inputs, its answer, and the observer's notification
     * belong to that call alone. Pair with {@link #unlock()} in a {@code finally}.
     */
    void lock() {
        lock.lock();
    }

    /**
     * Takes the call lock for a public call, failing fast instead of waiting when a
     * connection attempt holds it: calls never wait for a handshake (upstream
     * {@code level2-typed-api.md}: a call when not READY fails immediately). A call in
     * progress holding the lock is waited for, as calls are serialized.
     *
     * @throws ServiceException NOT_READY, without I/O, while a refresh or another call's
     *     recovery holds the context (its state is not READY); CLOSED when the context was
     *     closed meanwhile; NOT_READY when the waiting thread is interrupted (its flag is kept)
     */
    void lockForCall() throws ServiceException {
        if (lock.tryLock()) {
            return;
        }
        // Wait for a call in progress on a READY session, but not for a refresh or a recovery:
        // the holder's state leaves READY for as long as it disconnects, pauses or connects.
        try {
            while (!lock.tryLock(LOCK_POLL_NANOS, TimeUnit.NANOSECONDS)) {
                if (state != ClientState.READY) {
                    throw notReadyWithoutLock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notReadyWithoutLock();
        }
    }

    /** NOT_READY (or CLOSED) for a call that never held the lock; the holder owns lastError. */
    private ServiceException notReadyWithoutLock() {
        connectingFailures.increment();
        return closed ? new ServiceException(ServiceError.CLOSED, "client is closed")
                : new ServiceException(ServiceError.NOT_READY, "client is " + state);
    }

    /** Releases what {@link #lock()} took. */
    void unlock() {
        lock.unlock();
    }

    /** Whether the calling thread holds the call lock (for assertions and tests). */
    boolean heldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Drops the session of a READY context, which becomes DISCONNECTED so that the next
     * refresh connects again; any other state is left alone (there is no session).
     */
    void dropSession() {
        lock.lock();
        try {
            if (!closed && state == ClientState.READY) {
                disconnect();
                state = ClientState.DISCONNECTED;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs one typed call with the retry policy of the specification.
     *
     * @throws ServiceException NOT_READY without I/O when not READY; TIMEOUT or ABORTED
     *     (terminal, the session is dropped, nothing is sent or resent after the deadline
     *     passed or the abort showed); LIMIT before anything is sent (the session is kept);
     *     CLOSED; OVERFLOW; SERVER_ERROR, REJECTED, PROTOCOL or TRANSPORT after the one retry
     *     failed too
     */
    <T> T call(Exchange<T> exchange) throws ServiceException {
        return call(exchange, deadline());
    }

    /** A fresh deadline of one call's timeout from now (saturated, see the class comment). */
    long deadline() {
        return System.nanoTime() + saturatedNanos(config.callTimeout());
    }

    /** {@code duration} in nanoseconds, or {@link #SATURATED_TIMEOUT_NANOS} when a {@code long} cannot hold it. */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return SATURATED_TIMEOUT_NANOS;
        }
    }

    /**
     * One call of a logical call that shares {@code deadlineNanos} with the others
     * (a lookup split into several Level 1 round trips).
     */
    <T> T call(Exchange<T> exchange, long deadlineNanos) throws ServiceException {
        lock.lock();
        try {
            requireReady();
            return callWithRetry(exchange, deadlineNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails a call that may not start: CLOSED after {@link #close()}, NOT_READY (counted
     * as an error, as in the reference) unless READY. No I/O either way.
     */
    void requireReady() throws ServiceException {
        requireOpen();
        if (state != ClientState.READY) {
            throw failed(new ServiceException(ServiceError.NOT_READY, "client is " + state));
        }
    }

    /**
     * The request payload the next call may send without growing anything: the current
     * session's ceiling, or the proposal when there is no session.
     */
    long requestCapacity() {
        UdsSession current = session;
        return current != null ? current.parameters().maxRequestPayloadBytes() : requestPayload;
    }

    private <T> T callWithRetry(Exchange<T> exchange, long deadline) throws ServiceException {
        int overflowRetries = 0;
        while (true) {
            long requestBefore = requestPayload;
            long responseBefore = responsePayload;
            SessionParameters sessionBefore = session.parameters();
            try {
                return succeeded(attempt(exchange, deadline));
            } catch (ServiceException e) {
                if (closed) {
                    throw failed(closedDuringCall(e));
                }
                switch (e.error()) {
                    case LIMIT -> throw failed(e);
                    case TIMEOUT, ABORTED -> throw failedAndBroken(e);
                    case OVERFLOW -> {
                        if (!reconnectWithGrowth(requestBefore, responseBefore, sessionBefore, deadline)
                                || ++overflowRetries >= ServiceDefaults.MAX_OVERFLOW_RETRIES) {
                            throw failedAndBroken(e);
                        }
                    }
                    default -> {
                        return retryOnce(exchange, deadline, e);
                    }
                }
            }
        }
    }

    /**
     * The at-least-once rule for an ordinary failure: one reconnect, one resend, both
     * within the call's deadline and ended by its abort.
     */
    private <T> T retryOnce(Exchange<T> exchange, long deadline, ServiceException first) throws ServiceException {
        markBroken();
        pause(RECONNECT_DRAIN, deadline);
        if (!reconnectForCall(deadline)) {
            throw failed(first);
        }
        reconnectCount++;
        try {
            return succeeded(attempt(exchange, deadline));
        } catch (ServiceException e) {
            throw failedAndBroken(closed ? closedDuringCall(e) : e);
        }
    }

    /**
     * Reconnects after an overflow; true when the new session, or this client's
     * proposal, grew a capacity: as in the reference, a server that learned to
     * offer more counts as much as a larger proposal. A grown proposal the server
     * refuses is taken back, so the context is not left unable to connect.
     *
     * @throws ServiceException TIMEOUT, ABORTED or CLOSED when the call may not go on
     */
    private boolean reconnectWithGrowth(long requestBefore, long responseBefore, SessionParameters sessionBefore,
            long deadline) throws ServiceException {
        markBroken();
        boolean proposalGrew = requestPayload > requestBefore || responsePayload > responseBefore;
        if (!reconnectForCall(deadline)) {
            if (proposalGrew) {
                requestPayload = requestBefore;
                responsePayload = responseBefore;
                if (state == ClientState.INCOMPATIBLE) {
                    state = ClientState.BROKEN;
                }
            }
            return false;
        }
        reconnectCount++;
        SessionParameters now = session.parameters();
        return proposalGrew || now.maxRequestPayloadBytes() > sessionBefore.maxRequestPayloadBytes()
                || now.maxResponsePayloadBytes() > sessionBefore.maxResponsePayloadBytes();
    }

    /** One send and receive; nothing is sent once the abort is raised or the deadline has passed. */
    private <T> T attempt(Exchange<T> exchange, long deadline) throws ServiceException {
        checkAbort();
        checkDeadline(deadline);
        UdsSession current = session;
        long size = exchange.requestSize();
        checkLimitsBeforeSending(current, exchange.itemCount(), size);
        long ceiling = current.parameters().maxRequestPayloadBytes();
        // As the transport reads it, an agreed ceiling of 0 does not limit.
        if (ceiling != 0 && size > ceiling) {
            noteRequestCapacity(size);
            throw new ServiceException(ServiceError.OVERFLOW, "a request of " + size + " bytes exceeds the "
                    + ceiling + " negotiated");
        }
        ByteBuffer request = requestBuffer((int) size);
        exchange.write(request);
        long messageId = ++lastMessageId;
        try {
            current.sendRequest(kind.methodCode(), exchange.flags(), exchange.itemCount(), messageId, request, 0,
                    (int) size);
        } catch (TransportException e) {
            if (e.error() == TransportError.LIMIT_EXCEEDED) {
                noteRequestCapacity(size);
                throw new ServiceException(ServiceError.OVERFLOW, e.getMessage(), e);
            }
            throw transportFailure(e);
        }
        ReceivedMessage response = receive(current, deadline);
        if (response.code() != kind.methodCode()) {
            throw new ServiceException(ServiceError.PROTOCOL, "response code " + response.code() + " to a "
                    + kind + " request");
        }
        checkStatus(current, response.transportStatus());
        try {
            return exchange.read(response);
        } catch (CodecException e) {
            throw new ServiceException(ServiceError.PROTOCOL, e.getMessage(), e);
        }
    }

    /**
     * What no reconnect can fix is refused before anything is sent, and leaves the session
     * as it is: more items than the session agreed (growing payloads would not help), or a
     * request larger than one Java buffer.
     */
    private static void checkLimitsBeforeSending(UdsSession current, long itemCount, long size)
            throws ServiceException {
        long items = current.parameters().maxRequestBatchItems();
        if (items != 0 && itemCount > items) {
            throw new ServiceException(ServiceError.LIMIT, "a request of " + itemCount + " items exceeds the "
                    + items + " the session agreed");
        }
        if (size > MAX_REQUEST_BYTES) {
            throw new ServiceException(ServiceError.LIMIT, "a request of " + size + " bytes does not fit one buffer");
        }
    }

    private ReceivedMessage receive(UdsSession current, long deadline) throws ServiceException {
        long remaining = remainingNanos(deadline);
        if (remaining <= 0) {
            throw new ServiceException(ServiceError.TIMEOUT, "no time left for the response");
        }
        try {
            // The call's own deadline, moved off the values a wait reads as "never" and "now".
            return current.receiveUntil(notAMarker(deadline), abort);
        } catch (TransportException e) {
            throw transportFailure(e);
        }
    }

    private void checkStatus(UdsSession current, int status) throws ServiceException {
        if (status == TransportStatus.OK.code()) {
            return;
        }
        if (status == TransportStatus.LIMIT_EXCEEDED.code()) {
            // The server could not fit its response: ask for twice the current ceiling next time.
            noteResponseCapacity(Math.multiplyExact(current.parameters().maxResponsePayloadBytes(), 2L));
            throw new ServiceException(ServiceError.OVERFLOW, "the response exceeded the negotiated "
                    + current.parameters().maxResponsePayloadBytes() + " bytes");
        }
        if (status == TransportStatus.INTERNAL_ERROR.code()) {
            throw new ServiceException(ServiceError.SERVER_ERROR, "the server's handler failed");
        }
        if (status == TransportStatus.UNSUPPORTED.code() || status == TransportStatus.BAD_ENVELOPE.code()) {
            throw new ServiceException(ServiceError.REJECTED, "the server rejected the request with status "
                    + status);
        }
        throw new ServiceException(ServiceError.PROTOCOL, "unknown transport status " + status);
    }

    private static ServiceException transportFailure(TransportException e) {
        ServiceError error = switch (e.error()) {
            case TIMEOUT -> ServiceError.TIMEOUT;
            case ABORTED -> ServiceError.ABORTED;
            case LIMIT_EXCEEDED -> ServiceError.OVERFLOW;
            case PROTOCOL_VIOLATION -> ServiceError.PROTOCOL;
            default -> ServiceError.TRANSPORT;
        };
        return new ServiceException(error, e.getMessage(), e);
    }

    private void checkAbort() throws ServiceException {
        if (abort.isSignaled()) {
            throw new ServiceException(ServiceError.ABORTED, "the client's abort signal is raised");
        }
    }

    private static void checkDeadline(long deadline) throws ServiceException {
        if (remainingNanos(deadline) <= 0) {
            throw new ServiceException(ServiceError.TIMEOUT, "the call's deadline passed");
        }
    }

    /** Nanoseconds until {@code deadline}; zero or less once it passed. */
    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    /**
     * Ends a recovering call that may not go on: CLOSED after {@link #close()}, ABORTED
     * when the abort is raised, TIMEOUT when the deadline passed; the last two drop the
     * session, as any timeout or abort does. Every exception it throws is already counted.
     */
    private void checkMayContinue(long deadline) throws ServiceException {
        if (closed) {
            throw failed(new ServiceException(ServiceError.CLOSED, "client closed during the call"));
        }
        try {
            checkAbort();
            checkDeadline(deadline);
        } catch (ServiceException e) {
            throw failedAndBroken(e);
        }
    }

    private static ServiceException closedDuringCall(ServiceException cause) {
        return new ServiceException(ServiceError.CLOSED, "client closed during the call", cause);
    }

    private ByteBuffer requestBuffer(int size) {
        if (requestBuffer.capacity() < size) {
            requestBuffer = ByteBuffer.allocate(size);
        }
        return requestBuffer;
    }

    /** Grows the request proposal to the next power of two holding {@code payloadBytes}, capped. */
    private void noteRequestCapacity(long payloadBytes) {
        requestPayload = Math.max(requestPayload, grown(payloadBytes));
    }

    private void noteResponseCapacity(long payloadBytes) {
        responsePayload = Math.max(responsePayload, grown(payloadBytes));
    }

    static long grown(long payloadBytes) {
        long wanted = Math.max(payloadBytes, ServiceDefaults.MIN_GROWN_PAYLOAD_BYTES);
        long power = Long.highestOneBit(wanted - 1) << 1;
        return Math.min(power, ServiceDefaults.PAYLOAD_GROWTH_CAP_BYTES);
    }

    /**
     * Up to {@link #RECONNECT_ATTEMPTS} connections, {@link #RECONNECT_INTERVAL} apart;
     * stops early on AUTH_FAILED or INCOMPATIBLE. Every attempt and pause ends by the
     * call's deadline, and none starts once the abort is raised.
     *
     * @return whether the context is READY again
     * @throws ServiceException TIMEOUT, ABORTED or CLOSED (see {@link #checkMayContinue})
     */
    private boolean reconnectForCall(long deadline) throws ServiceException {
        for (int attempt = 1; ; attempt++) {
            checkMayContinue(deadline);
            ClientState result = connect(handshakeBound(deadline));
            if (result == ClientState.READY) {
                return true;
            }
            if (result == ClientState.AUTH_FAILED || result == ClientState.INCOMPATIBLE) {
                return false;
            }
            if (attempt == RECONNECT_ATTEMPTS) {
                // An attempt the deadline cut short is the call's timeout, not a failure to reconnect.
                checkMayContinue(deadline);
                return false;
            }
            pause(RECONNECT_INTERVAL, deadline);
        }
    }

    /** The handshake timeout, or the time the call has left when that is shorter. */
    private Duration handshakeBound(long deadline) {
        Duration left = Duration.ofNanos(Math.max(0, remainingNanos(deadline)));
        Duration configured = config.handshakeTimeout();
        return left.compareTo(configured) < 0 ? left : configured;
    }

    /**
     * Waits {@code duration}, less when the call's deadline comes first, and wakes at
     * once when the abort is raised ({@link #close()} raises it too); then ends the call
     * if it may not go on. The wait polls the abort's own descriptor, which the lock this
     * call holds keeps open.
     *
     * @throws ServiceException TIMEOUT, ABORTED or CLOSED (see {@link #checkMayContinue});
     *     TRANSPORT when the wait itself fails
     */
    private void pause(Duration duration, long deadline) throws ServiceException {
        long now = System.nanoTime();
        long end = now + Math.min(duration.toNanos(), Math.max(0, deadline - now));
        try {
            pauseWait.await(abort.fd(), abort, notAMarker(end));
        } catch (NativeException e) {
            throw failedAndBroken(new ServiceException(ServiceError.TRANSPORT, "cannot wait before reconnecting", e));
        }
        checkMayContinue(deadline);
    }

    /** {@code deadline} moved off the two values a {@link ReadinessWait} reads as "never" and "now". */
    private static long notAMarker(long deadline) {
        if (deadline == ReadinessWait.NO_DEADLINE) {
            return deadline - 1;
        }
        return deadline == ReadinessWait.NOW ? deadline + 1 : deadline;
    }

    /**
     * One connection attempt with the current proposals, bounded by {@code handshakeTimeout};
     * after a failed SHM attach the SHM profiles are dropped for good and the attempt is
     * repeated over the baseline.
     */
    private ClientState connect(Duration handshakeTimeout) {
        state = ClientState.CONNECTING;
        // One bound for the attempt, the baseline retry after a failed SHM attach included.
        long deadline = System.nanoTime() + saturatedNanos(handshakeTimeout);
        while (true) {
            try {
                Duration left = Duration.ofNanos(Math.max(MIN_ATTEMPT_NANOS, deadline - System.nanoTime()));
                session = UdsSession.connect(config.endpoint(), handshakeConfig(), left);
                // Stored before checking: close() sets closed before reading session, so either it
                // sees this session and closes it, or this check sees closed; never neither.
                if (closed) {
                    disconnect();
                    state = ClientState.DISCONNECTED;
                    return state;
                }
                state = ClientState.READY;
                return state;
            } catch (TransportException e) {
                lastError = e.error() == TransportError.TIMEOUT ? ServiceError.TIMEOUT : ServiceError.TRANSPORT;
                lastErrorMessage = e.getMessage();
                if (e.error() == TransportError.SHM_ATTACH_FAILED && (supportedProfiles & SHM_PROFILES) != 0) {
                    supportedProfiles &= ~SHM_PROFILES;
                    preferredProfiles &= ~SHM_PROFILES;
                    if (supportedProfiles != 0) {
                        continue;
                    }
                }
                state = stateAfter(e.error());
                return state;
            } catch (IllegalArgumentException e) {
                // The proposals cannot be expressed (no profile left): nothing to connect with.
                lastError = ServiceError.TRANSPORT;
                lastErrorMessage = e.getMessage();
                state = ClientState.INCOMPATIBLE;
                return state;
            }
        }
    }

    private static ClientState stateAfter(TransportError error) {
        return switch (error) {
            case NOT_FOUND -> ClientState.NOT_FOUND;
            case AUTH_FAILED -> ClientState.AUTH_FAILED;
            case UNSUPPORTED, INCOMPATIBLE, LIMIT_EXCEEDED -> ClientState.INCOMPATIBLE;
            default -> ClientState.DISCONNECTED;
        };
    }

    private ClientHandshakeConfig handshakeConfig() {
        long items = config.maxRequestBatchItems();
        return new ClientHandshakeConfig(supportedProfiles, preferredProfiles, requestPayload, items,
                responsePayload, items, config.authToken(), 0);
    }

    private void markBroken() {
        disconnect();
        state = ClientState.BROKEN;
    }

    private void disconnect() {
        UdsSession current = session;
        session = null;
        if (current != null) {
            current.close();
        }
    }

    private <T> T succeeded(T result) {
        callCount++;
        return result;
    }

    private ServiceException failed(ServiceException e) {
        errorCount++;
        lastError = e.error();
        lastErrorMessage = e.getMessage();
        return e;
    }

    private ServiceException failedAndBroken(ServiceException e) {
        markBroken();
        return failed(e);
    }

    private void requireOpen() throws ServiceException {
        if (closed) {
            throw new ServiceException(ServiceError.CLOSED, "client is closed");
        }
    }

    /**
     * Wakes a call blocked in another thread (raising the abort ends a pause, closing the
     * session a receive), then, once that call ended, releases everything. {@code closed}
     * is set before {@code session} is read: see {@link #connect}.
     */
    @Override
    public void close() {
        closed = true;
        abort.signal();
        UdsSession current = session;
        if (current != null) {
            current.close();
        }
        lock.lock();
        try {
            disconnect();
            state = ClientState.DISCONNECTED;
            abort.close();
        } finally {
            lock.unlock();
        }
    }
}
