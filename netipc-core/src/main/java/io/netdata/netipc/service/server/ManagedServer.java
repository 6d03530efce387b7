package io.netdata.netipc.service.server;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.uds.PendingConnection;
import io.netdata.netipc.transport.uds.UdsListener;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A Level 2 managed server (upstream {@code level2-typed-api.md}, "Managed
 * server"): it exports one service kind at {@code {runDir}/{service}.sock},
 * accepts clients on its own thread and serves each session on a thread of
 * its own, calling a typed handler that never sees transports, headers or
 * wire buffers.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder(runDir, "cgroups-snapshot").authToken(token).build();
 * try (ManagedServer server = ManagedServer.cgroupsSnapshot(config, (request, response) -> {
 *     response.setHeader(1, generation);
 *     for (Cgroup c : cgroups) {
 *         response.add(c.hash(), c.options(), c.enabled(), c.name(), c.path());
 *     }
 * })) {
 *     ... // serving until closed
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Starting</b> recovers a stale socket and stale SHM regions of the
 *       service, binds the socket and starts accepting; it fails with
 *       TRANSPORT (cause ADDRESS_IN_USE) when a live server owns the endpoint.
 *   <li><b>Handshakes</b> run on each client's own thread, not on the
 *       acceptor (the reference handshakes on its acceptor): a client that
 *       connects and says nothing holds up only its own thread, for at most
 *       {@link ServerConfig#handshakeTimeout()}, while the acceptor goes on
 *       accepting. Up to {@link ServerConfig#maxSessions()} clients (at least 8)
 *       handshake at once; past that the acceptor waits for one to finish, and
 *       new clients wait in the listen backlog.
 *   <li><b>Sessions</b>: up to {@link ServerConfig#maxSessions()} are served at
 *       once, each on the thread that handshook it. A client beyond them
 *       completes its handshake and is hung up on at once, as the reference
 *       servers do; its next call fails and its client retries later. So is a
 *       client the thread factory makes no thread for (handshaken on the
 *       acceptor then). One session's failure never touches another.
 *   <li><b>Failures</b>: a handler's exception is answered INTERNAL_ERROR, an
 *       undecodable request BAD_ENVELOPE, a response that does not fit
 *       LIMIT_EXCEEDED; each with no payload, and the session is then closed. A
 *       request of another method is answered UNSUPPORTED and the session goes
 *       on. An {@link Error} thrown by a handler (a failed assertion, a stack
 *       overflow, no heap) is a handler failure too: answered INTERNAL_ERROR,
 *       logged with its stack trace, and that session alone is closed.
 *   <li><b>Memory</b>: a session's answer buffer starts at 64 KiB (or its
 *       response ceiling, if smaller) and doubles up to the ceiling only when an
 *       answer needs it; the handler is then called again for the same request
 *       (the answers of a batch's earlier items move to the grown buffer: each
 *       item is answered once).
 *   <li><b>Closing</b> stops accepting, hangs up on clients still
 *       handshaking, removes the socket file and every SHM
 *       region file, lets each session finish the request it is answering, then
 *       closes the sessions and waits for the threads, all within
 *       {@link ServerConfig#shutdownTimeout()}; a handler that is still running
 *       then is left to return on its own (its answer is not sent).
 * </ul>
 *
 * <p>Thread-safety: thread-safe; {@link #close()} and {@link #status()} may be
 * called from any thread.
 */
public final class ManagedServer implements AutoCloseable {
    /**
     * The largest response buffer one session allocates: one Java array, a few
     * bytes below {@code Integer.MAX_VALUE} because VMs reserve array headers there.
     */
    static final long MAX_BUFFER = Integer.MAX_VALUE - 8;
    private static final long ACCEPT_RETRY_PAUSE_MILLIS = 10;
    /** The share of the shutdown timeout busy sessions get to finish their request before they are closed. */
    private static final long GRACE_DIVISOR = 2;
    /** The packet size of the handshake configuration: 0 lets the transport detect it from the socket. */
    private static final long DETECTED_PACKET_SIZE = 0;
    private static final long NO_DEADLINE_YET = 0;
    /**
     * Clients handshaking at once, at least: as many as sessions may be served, but a
     * server of very few sessions is not held up by as few silent clients.
     */
    private static final int MIN_HANDSHAKE_SLOTS = 8;
    private static final System.Logger LOG = System.getLogger(ManagedServer.class.getName());

    private final ServiceKind kind;
    private final ServerConfig config;
    private final ServerSeams seams;
    private final Supplier<RequestDispatcher> dispatchers;
    private final UdsListener listener;
    private final AbortSignal stopSignal;
    private final ThreadFactory threads;
    private final LearnedCeiling requestCeiling;
    private final LearnedCeiling responseCeiling;
    private final RequestObserver requestObserver;
    private final HandshakeSlots handshakeSlots;
    /** The shutdown timeout in nanoseconds, converted once: the configuration bounds it, so it cannot overflow. */
    private final long shutdownNanos;
    /** Sessions being served, guarded by itself. */
    private final Set<SessionWorker> sessions = new HashSet<>();
    /** Threads started and not yet ended, guarded by {@link #sessions}: the last one releases the stop signal. */
    private int liveThreads;
    private final List<Thread> sessionThreads = new ArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** When closing gives up waiting (nanoTime); the first close sets it right after it wins {@link #closing}. */
    private volatile long shutdownDeadline = NO_DEADLINE_YET;
    private volatile boolean running = true;
    private final AtomicLong acceptedSessions = new AtomicLong();
    private final AtomicLong refusedSessions = new AtomicLong();
    private final AtomicLong acceptFailures = new AtomicLong();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    /** Set once by {@link #startAccepting()}, before the server is handed to its caller. */
    private Thread acceptor;

    private ManagedServer(ServiceKind kind, ServerConfig config, ServerSeams seams,
            Supplier<RequestDispatcher> dispatchers, UdsListener listener, AbortSignal stopSignal) {
        this.kind = kind;
        this.config = config;
        this.seams = seams;
        this.dispatchers = dispatchers;
        this.listener = listener;
        this.stopSignal = stopSignal;
        this.threads = config.threadFactory() != null ? config.threadFactory() : new ServerThreads(config);
        this.requestCeiling = new LearnedCeiling(config.maxRequestPayloadBytes());
        this.responseCeiling = new LearnedCeiling(config.maxResponsePayloadBytes());
        this.requestObserver = config.requestObserver();
        this.handshakeSlots = new HandshakeSlots(Math.max(config.maxSessions(), MIN_HANDSHAKE_SLOTS));
        this.shutdownNanos = config.shutdownTimeout().toNanos();
    }

    /** Starts the acceptor; kept out of the constructor so that no thread factory sees a half-built server. */
    private void startAccepting() {
        acceptor = Objects.requireNonNull(threads.newThread(this::acceptLoop), "the thread factory made no thread");
        startThread(acceptor);
    }

    /** Starts an INCREMENT server. */
    public static ManagedServer increment(ServerConfig config, IncrementHandler handler) throws ServiceException {
        Objects.requireNonNull(handler, "handler");
        return start(ServiceKind.INCREMENT, config, () -> new IncrementDispatcher(handler));
    }

    /** Starts a STRING_REVERSE server. */
    public static ManagedServer stringReverse(ServerConfig config, StringReverseHandler handler)
            throws ServiceException {
        Objects.requireNonNull(handler, "handler");
        return start(ServiceKind.STRING_REVERSE, config, () -> new StringReverseDispatcher(handler));
    }

    /** Starts a CGROUPS_SNAPSHOT server. */
    public static ManagedServer cgroupsSnapshot(ServerConfig config, CgroupsSnapshotHandler handler)
            throws ServiceException {
        Objects.requireNonNull(handler, "handler");
        return start(ServiceKind.CGROUPS_SNAPSHOT, config,
                () -> new CgroupsSnapshotDispatcher(handler, config.snapshotMaxItems()));
    }

    /** Starts a CGROUPS_LOOKUP server. */
    public static ManagedServer cgroupsLookup(ServerConfig config, CgroupsLookupHandler handler)
            throws ServiceException {
        Objects.requireNonNull(handler, "handler");
        return start(ServiceKind.CGROUPS_LOOKUP, config, () -> LookupDispatcher.cgroups(handler));
    }

    /** Starts an APPS_LOOKUP server. */
    public static ManagedServer appsLookup(ServerConfig config, AppsLookupHandler handler) throws ServiceException {
        Objects.requireNonNull(handler, "handler");
        return start(ServiceKind.APPS_LOOKUP, config, () -> LookupDispatcher.apps(handler));
    }

    /**
     * @throws ServiceException TRANSPORT when the endpoint cannot be served (its cause says why:
     *     ADDRESS_IN_USE for a live server, IO otherwise)
     * @throws IllegalArgumentException when the configuration offers a profile this platform cannot serve
     */
    private static ManagedServer start(ServiceKind kind, ServerConfig config, Supplier<RequestDispatcher> dispatchers)
            throws ServiceException {
        return start(kind, config, ServerSeams.SYSTEM, dispatchers);
    }

    /** {@link #start(ServiceKind, ServerConfig, Supplier)} with the system seams replaced, for tests. */
    static ManagedServer start(ServiceKind kind, ServerConfig config, ServerSeams seams,
            Supplier<RequestDispatcher> dispatchers) throws ServiceException {
        Objects.requireNonNull(config, "config");
        AbortSignal stopSignal;
        try {
            stopSignal = seams.stopSignals().create();
        } catch (NativeException e) {
            throw new ServiceException(ServiceError.TRANSPORT, "cannot create the stop signal", e);
        }
        UdsListener listener = null;
        boolean started = false;
        try {
            listener = UdsListener.open(config.endpoint(), handshakeConfig(config, config.maxRequestPayloadBytes(),
                    config.maxResponsePayloadBytes()), config.handshakeTimeout(), config.backlog());
            ManagedServer server = new ManagedServer(kind, config, seams, dispatchers, listener, stopSignal);
            server.startAccepting();
            started = true;
            return server;
        } catch (TransportException e) {
            throw new ServiceException(ServiceError.TRANSPORT, "cannot serve " + config.endpoint().socketPath(), e);
        } finally {
            if (!started) {
                if (listener != null) {
                    listener.close();
                }
                stopSignal.close();
            }
        }
    }

    private static ServerHandshakeConfig handshakeConfig(ServerConfig config, long requestCeiling,
            long responseCeiling) {
        return new ServerHandshakeConfig(config.supportedProfiles(), config.preferredProfiles(), requestCeiling,
                responseCeiling, config.authToken(), DETECTED_PACKET_SIZE);
    }

    private void acceptLoop() {
        try {
            while (running && handshakeSlots.take(this::isRunning)) {
                acceptOne();
            }
        } finally {
            threadEnded();
        }
    }

    /**
     * Accepts one client, holding a handshake slot, and hands it to a thread of its
     * own. Nothing one client does, and no failure of one admission, ends the loop:
     * only closing does.
     */
    private void acceptOne() {
        PendingConnection connection;
        try {
            connection = seams.acceptor().accept(listener, stopSignal);
        } catch (TransportException e) {
            handshakeSlots.release();
            if (running) {
                acceptFailures.incrementAndGet();
            }
            if (running && e.error() == TransportError.IO) {
                // accept itself failed (descriptors exhausted, say): do not spin on it.
                pause();
            }
            // Otherwise the server is closing.
            return;
        } catch (RuntimeException | OutOfMemoryError e) {
            handshakeSlots.release();
            if (running) {
                acceptFailures.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, () -> "netipc " + kind + " server " + endpoint().socketPath()
                        + ": accepting failed; going on", e);
                pause();
            }
            return;
        }
        handOff(connection);
    }

    /**
     * Starts the thread that handshakes and serves {@code connection}, which takes
     * over its handshake slot. With no thread for it (the factory refused, or the
     * system has none left) the client is handshaken here and hung up on, as one
     * beyond the session maximum is: its client retries on a new connection.
     */
    private void handOff(PendingConnection connection) {
        Thread thread;
        try {
            thread = Objects.requireNonNull(threads.newThread(() -> serve(connection)),
                    "the thread factory made no thread");
            startThread(thread);
        } catch (RuntimeException | OutOfMemoryError e) {
            refuseWithoutThread(connection, e);
            return;
        }
        synchronized (sessions) {
            sessionThreads.removeIf(t -> !t.isAlive());
            sessionThreads.add(thread);
        }
    }

    /** A connection's own thread: its handshake, then its session if it is admitted. */
    private void serve(PendingConnection connection) {
        try {
            UdsSession session;
            try {
                session = handshake(connection);
            } finally {
                handshakeSlots.release();
            }
            SessionWorker worker = session != null ? admit(session) : null;
            if (worker != null) {
                worker.run();
            }
        } finally {
            threadEnded();
        }
    }

    /**
     * Runs the server handshake, offering the ceilings learned so far; null when it
     * failed (counted: the client's own failure, unless the server is closing).
     */
    private UdsSession handshake(PendingConnection connection) {
        try {
            return seams.handshaker().handshake(connection, stopSignal,
                    () -> handshakeConfig(config, requestCeiling.current(), responseCeiling.current()));
        } catch (TransportException e) {
            if (running) {
                acceptFailures.incrementAndGet();
            }
            return null;
        } catch (RuntimeException | OutOfMemoryError e) {
            if (running) {
                acceptFailures.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, () -> "netipc " + kind + " server " + endpoint().socketPath()
                        + ": a handshake failed; going on", e);
            }
            connection.close();
            return null;
        }
    }

    /** Handshakes {@code connection} on the acceptor and hangs up: there is no thread to serve it. */
    private void refuseWithoutThread(PendingConnection connection, Throwable cause) {
        UdsSession session;
        try {
            session = handshake(connection);
        } finally {
            handshakeSlots.release();
        }
        if (session == null) {
            return;
        }
        session.close();
        refusedSessions.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, () -> "netipc " + kind + " server " + endpoint().socketPath()
                + ": no thread to serve session " + session.sessionId() + "; hung up", cause);
    }

    /** Waits briefly; the server stops through close(), not through interrupts, so an interrupt is ignored. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(ACCEPT_RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            // Restoring the flag would make every later pause return at once and the loop spin.
        }
    }

    /**
     * Admits {@code session} to be served on the calling thread, or hangs up on it
     * when the server is full or stopping (or its worker cannot be made); null then.
     */
    private SessionWorker admit(UdsSession session) {
        SessionWorker worker;
        synchronized (sessions) {
            if (!running || sessions.size() >= config.maxSessions()) {
                refusedSessions.incrementAndGet();
                session.close();
                return null;
            }
            try {
                worker = new SessionWorker(this, session, dispatchers.get());
            } catch (RuntimeException | OutOfMemoryError e) {
                session.close();
                LOG.log(System.Logger.Level.WARNING, () -> "netipc " + kind + " server " + endpoint().socketPath()
                        + ": could not serve session " + session.sessionId() + "; hung up", e);
                return null;
            }
            sessions.add(worker);
        }
        // Counted before it is served: its client may be answered, and read the status, at once.
        acceptedSessions.incrementAndGet();
        return worker;
    }

    private void startThread(Thread thread) {
        synchronized (sessions) {
            liveThreads++;
        }
        try {
            thread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            threadEnded();
            throw e;
        }
    }

    /** Called by a worker when its session is over; its thread then ends (see {@link #serve}). */
    void sessionEnded(SessionWorker worker) {
        synchronized (sessions) {
            sessions.remove(worker);
        }
    }

    private void threadEnded() {
        synchronized (sessions) {
            liveThreads--;
            releaseStopSignalWhenIdle();
        }
    }

    /** Closes the stop signal once the server is closing and no thread can use it any more. */
    private void releaseStopSignalWhenIdle() {
        if (closing.get() && liveThreads == 0) {
            stopSignal.close();
        }
    }

    boolean isRunning() {
        return running;
    }

    AbortSignal stopSignal() {
        return stopSignal;
    }

    ServiceKind kind() {
        return kind;
    }

    LearnedCeiling requestCeiling() {
        return requestCeiling;
    }

    LearnedCeiling responseCeiling() {
        return responseCeiling;
    }

    IntFunction<ByteBuffer> allocator() {
        return seams.allocator();
    }

    /** When a request was received, for the observer; no clock read without one. */
    long requestStarted() {
        return requestObserver == RequestObserver.NONE ? 0 : System.nanoTime();
    }

    void countAnswer(long started) {
        requests.increment();
        observe(TransportStatus.OK, started);
    }

    /** Counts a request answered with an error status; call before sending it. */
    void countFailure() {
        failedRequests.increment();
    }

    /** Tells the observer a request was answered with {@code status}; call after sending it. */
    void observe(TransportStatus status, long started) {
        if (requestObserver == RequestObserver.NONE) {
            return;
        }
        try {
            requestObserver.requestCompleted(kind, status, System.nanoTime() - started);
        } catch (RuntimeException ignored) {
            // Documented: an observer cannot fail a session.
        }
    }

    /** The service kind this server exports. */
    public ServiceKind serviceKind() {
        return kind;
    }

    /** The endpoint it serves. */
    public ServiceEndpoint endpoint() {
        return config.endpoint();
    }

    /** A snapshot of its counters. */
    public ServerStatus status() {
        int active;
        int sharedMemory = 0;
        synchronized (sessions) {
            active = sessions.size();
            for (SessionWorker worker : sessions) {
                if (worker.usesSharedMemory()) {
                    sharedMemory++;
                }
            }
        }
        return new ServerStatus(running, active, sharedMemory, acceptedSessions.get(), refusedSessions.get(),
                acceptFailures.get(), requests.sum(), failedRequests.sum(), requestCeiling.current(),
                responseCeiling.current());
    }

    /**
     * Stops the server as the class describes; idempotent. Returns once every
     * thread has ended or {@link ServerConfig#shutdownTimeout()} has passed; a
     * second call waits as long as the first. Called from a handler, it does not
     * wait for the caller's own session thread.
     *
     * @return true when every thread ended in time
     */
    public boolean shutdown() {
        if (!closing.compareAndSet(false, true)) {
            // Another call is closing (or closed) the server: wait as long as it does.
            long deadline;
            while ((deadline = shutdownDeadline) == NO_DEADLINE_YET) {
                Thread.onSpinWait();
            }
            return awaitThreads(deadline);
        }
        // Nothing between winning the flag and publishing the deadline may throw: a second close spins until
        // it is published. The timeout is at most MAX_SHUTDOWN_TIMEOUT, so the sum may wrap but every
        // deadline - nanoTime() difference stays exact.
        long timeout = shutdownNanos;
        long started = System.nanoTime();
        // nanoTime may be 0 or negative; only the marker value itself must be avoided.
        shutdownDeadline = started + timeout == NO_DEADLINE_YET ? started + timeout + 1 : started + timeout;
        running = false;
        stopSignal.signal();
        handshakeSlots.wakeAll();
        listener.close();
        boolean drained = awaitThreads(started + timeout / GRACE_DIVISOR);
        if (!drained) {
            for (SessionWorker worker : activeSessions()) {
                worker.forceClose();
            }
            drained = awaitThreads(shutdownDeadline);
        }
        synchronized (sessions) {
            releaseStopSignalWhenIdle();
        }
        return drained;
    }

    /** {@link #shutdown()}, for try-with-resources. */
    @Override
    public void close() {
        shutdown();
    }

    private List<SessionWorker> activeSessions() {
        synchronized (sessions) {
            return new ArrayList<>(sessions);
        }
    }

    /**
     * Waits until the acceptor and every session thread ended, or {@code deadline}
     * (nanoTime); true when they did. The acceptor goes first: a session it admitted
     * while stopping is then among the threads waited for.
     */
    private boolean awaitThreads(long deadline) {
        if (!join(acceptor, deadline)) {
            return false;
        }
        List<Thread> started;
        synchronized (sessions) {
            started = new ArrayList<>(sessionThreads);
        }
        for (Thread thread : started) {
            if (!join(thread, deadline)) {
                return false;
            }
        }
        return true;
    }

    private static boolean join(Thread thread, long deadline) {
        if (thread == Thread.currentThread()) {
            // A handler closing its own server: its thread ends once the handler returns.
            return true;
        }
        boolean interrupted = false;
        try {
            while (thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                } catch (InterruptedException e) {
                    // Closing is bounded anyway: finish it, then restore the interrupt.
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
