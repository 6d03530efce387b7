package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.LibC;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import io.netdata.netipc.transport.shm.ShmStaleRegions;
import jnr.constants.platform.Errno;

/**
 * A listening UDS SEQPACKET endpoint, {@code {runDir}/{service}.sock}.
 *
 * <p>Opening recovers a stale endpoint first ({@link StaleEndpoint}), then binds
 * a socket file that only the owner can use (mode 0600, as the reference
 * creates it): the mode is set on the socket before {@code bind}, so the file
 * never exists with wider permissions and no process-wide umask is touched.
 * Closing stops accepting and removes the socket file if it is still this
 * listener's; sessions already accepted are not affected.
 *
 * <p>Accepting performs the server handshake with the listener's
 * {@link ServerHandshakeConfig} and gives each connection the next session id,
 * counting from 1 (a connection whose handshake fails uses up its id, as in the
 * reference server). A client that does not complete its handshake within the
 * handshake timeout is dropped, so a silent peer cannot stall the accepting
 * thread for longer. {@link #acceptPending} splits the two: it accepts the
 * connection, and its {@link PendingConnection#handshake} runs the handshake
 * where the caller wants, typically on a thread of that client's own, so that a
 * silent peer stalls nobody else.
 *
 * <p>{@link #fd()} exposes the listening descriptor for callers' own event loops:
 * it is readable while a client waits to be accepted. It is non-blocking; leave
 * its flags alone.
 *
 * <p>Thread-safety: {@link #close()} is safe from any thread and idempotent: it
 * wakes every thread blocked in accept, waiting for a client or for a client's
 * hello, and they throw CLOSED; the listening descriptor is released only after
 * the last of them has returned. Several threads may accept at once, each
 * getting its own connections. Sessions it returns are independent of each
 * other and of the listener.
 */
public final class UdsListener implements AutoCloseable {
    /** Pending-connection queue length of a listener opened without one (or with 0), as the reference's default. */
    public static final int DEFAULT_BACKLOG = 16;
    /** Mode of the socket file: read and write for the owner only. */
    static final int SOCKET_MODE = 0600;
    private static final Set<PosixFilePermission> SOCKET_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final String FILE_KEY_ATTRIBUTE = "unix:ino";

    /** How long an accepted client has to complete its handshake unless configured otherwise. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Handshake values of a listener opened without any: all defaults, auth token 0. */
    public static final ServerHandshakeConfig DEFAULT_CONFIG = new ServerHandshakeConfig(0, 0, 0, 0, 0, 0);
    private static final long FIRST_SESSION_ID = 1;

    private final ServiceEndpoint endpoint;
    private final NativeFd fd;
    private final Object socketFileKey;
    private final ServerHandshakeConfig config;
    private final Duration handshakeTimeout;
    private final AtomicLong nextSessionId = new AtomicLong(FIRST_SESSION_ID);
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Connections whose handshake is running, so that close can wake them. */
    private final Set<NativeFd> handshaking = ConcurrentHashMap.newKeySet();
    /** Regions of this listener's live SHM sessions: their files go when it closes. */
    private final LiveShmRegions liveRegions = new LiveShmRegions();

    private UdsListener(ServiceEndpoint endpoint, NativeFd fd, Object socketFileKey, ServerHandshakeConfig config,
            Duration handshakeTimeout) {
        this.endpoint = endpoint;
        this.fd = fd;
        this.socketFileKey = socketFileKey;
        this.config = config;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Opens the endpoint with {@link #DEFAULT_CONFIG}. */
    public static UdsListener open(ServiceEndpoint endpoint) throws TransportException {
        return open(endpoint, DEFAULT_CONFIG, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** Opens the endpoint with {@link #DEFAULT_HANDSHAKE_TIMEOUT}. */
    public static UdsListener open(ServiceEndpoint endpoint, ServerHandshakeConfig config)
            throws TransportException {
        return open(endpoint, config, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** Opens the endpoint with {@link #DEFAULT_BACKLOG}. */
    public static UdsListener open(ServiceEndpoint endpoint, ServerHandshakeConfig config, Duration handshakeTimeout)
            throws TransportException {
        return open(endpoint, config, handshakeTimeout, 0);
    }

    /**
     * Opens the endpoint.
     *
     * @param config the handshake values every accepted session is negotiated with
     * @param handshakeTimeout how long an accepted client has to send its hello; null for no limit
     * @param backlog how many connections may wait to be accepted ({@code listen(2)}, which caps it at
     *     {@code net.core.somaxconn}); 0 for {@link #DEFAULT_BACKLOG}
     * @throws IllegalArgumentException for a negative backlog
     * @throws TransportException ADDRESS_IN_USE when a live server owns it; IO for other failures
     */
    public static UdsListener open(ServiceEndpoint endpoint, ServerHandshakeConfig config, Duration handshakeTimeout,
            int backlog) throws TransportException {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(config, "config");
        UdsSocket.requireSupportedProfiles(config.supportedProfiles());
        UdsSession.deadlineAfter(handshakeTimeout);
        int queueLength = effectiveBacklog(backlog);
        StaleEndpoint.recover(endpoint);
        reclaimStaleRegions(endpoint);
        Path path = endpoint.socketPath();
        LibC libc = Native.libc();
        int socket = UdsSocket.openNonBlocking();
        if (socket < 0) {
            throw ioFailure("socket for " + path, Native.errno());
        }
        NativeFd fd = new NativeFd(socket);
        boolean bound = false;
        boolean opened = false;
        try {
            bindOwnerOnly(libc, socket, path);
            bound = true;
            Object fileKey = restrictPermissions(path);
            Native.check(libc.listen(socket, queueLength), "listen " + path);
            UdsListener listener = new UdsListener(endpoint, fd, fileKey, config, handshakeTimeout);
            opened = true;
            return listener;
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, e.getMessage(), e);
        } catch (IOException e) {
            throw e instanceof TransportException t ? t
                    : new TransportException(TransportError.IO, "cannot set up " + path, e);
        } finally {
            if (!opened) {
                fd.close();
                if (bound) {
                    // The socket file is ours from bind on: never leave it behind a failed open.
                    deleteQuietly(path);
                }
            }
        }
    }

    /**
     * The startup scan, whatever this server offers: regions left by a crashed server of
     * this service hold memory (on tmpfs) until someone removes them, and a server restarted
     * without SHM may be the only one left to do it. A run directory that cannot be listed
     * does not fail the open, as the reference's scan does not: binding the socket there
     * reports any real problem, and a session still recovers its own region path.
     */
    private static void reclaimStaleRegions(ServiceEndpoint endpoint) {
        try {
            ShmStaleRegions.cleanupOnStartup(endpoint);
        } catch (TransportException e) {
            // Nothing to undo: the scan removes nothing it has not judged stale.
        }
    }

    /** The backlog to listen with: {@link #DEFAULT_BACKLOG} for 0, as the reference's configuration does. */
    static int effectiveBacklog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog " + backlog + " is negative (0 means the default "
                    + DEFAULT_BACKLOG + ")");
        }
        return backlog == 0 ? DEFAULT_BACKLOG : backlog;
    }

    /** Binds {@code socket} to {@code path} with the owner-only mode set before the file exists. */
    private static void bindOwnerOnly(LibC libc, int socket, Path path) throws TransportException {
        if (libc.fchmod(socket, SOCKET_MODE) < 0) {
            throw ioFailure("fchmod socket for " + path, Native.errno());
        }
        byte[] address = UnixSocketAddress.of(path);
        if (libc.bind(socket, address, address.length) < 0) {
            int errno = Native.errno();
            throw errno == Errno.EADDRINUSE.intValue()
                    ? new TransportException(TransportError.ADDRESS_IN_USE, "another server bound " + path)
                    : ioFailure("bind " + path, errno);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort on a path that is already failing; the caller's exception says why.
        }
    }

    /**
     * Makes sure the bound socket file is owner-only (a kernel that ignored the
     * pre-bind mode still gets it) and returns the file's identity.
     */
    private static Object restrictPermissions(Path path) throws IOException {
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(SOCKET_PERMISSIONS)) {
            Files.setPosixFilePermissions(path, SOCKET_PERMISSIONS);
        }
        return Files.getAttribute(path, FILE_KEY_ATTRIBUTE, LinkOption.NOFOLLOW_LINKS);
    }

    private static TransportException ioFailure(String operation, int errno) {
        NativeException cause = new NativeException(operation, errno);
        return new TransportException(TransportError.IO, cause.getMessage(), cause);
    }

    /** The endpoint this listener serves. */
    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** The listening descriptor, for callers' event loops; {@link NativeFd#CLOSED} after close. */
    public int fd() {
        return fd.fd();
    }

    public boolean isOpen() {
        return !closing.get();
    }

    /**
     * Accepts the next client, blocking until one connects, and performs the
     * server handshake.
     *
     * @return the handshaken session, owned by the caller
     * @throws TransportException the handshake's failure for this client (the listener
     *     is unaffected); CLOSED when the listener is closed; IO when accept fails
     */
    public UdsSession accept() throws TransportException {
        return accept(null, null);
    }

    /**
     * Waits for the next client until {@code timeout} passes or {@code abort} is
     * signaled, then accepts it and performs the server handshake, whose wait for
     * the client's hello {@code abort} also ends (the handshake timeout bounds it).
     *
     * @param timeout how long to wait for a client to connect; null for no deadline
     * @param abort may be null
     * @throws TransportException TIMEOUT when no client connected in time; ABORTED when
     *     {@code abort} ended the wait for a client or for its hello; otherwise as
     *     {@link #accept()} (a client that connected but sent no hello in time is its
     *     handshake's TIMEOUT)
     * @throws IllegalStateException when {@code abort} is closed
     */
    public UdsSession accept(Duration timeout, AbortSignal abort) throws TransportException {
        long deadline = UdsSession.deadlineAfter(timeout);
        return handshake(acceptConnection(deadline, abort), abort, config);
    }

    /**
     * As {@link #accept(Duration, AbortSignal)}, negotiating this one session with
     * the configuration {@code sessionConfig} gives once a client has connected,
     * instead of the listener's: a managed server that learns larger payload
     * ceilings from its sessions offers them to the next client, even one that was
     * already waiting, as the reference servers do.
     *
     * @throws IllegalArgumentException when the configuration offers a profile this transport cannot serve
     *     (the connection is then closed)
     */
    public UdsSession accept(Duration timeout, AbortSignal abort, Supplier<ServerHandshakeConfig> sessionConfig)
            throws TransportException {
        Objects.requireNonNull(sessionConfig, "sessionConfig");
        return acceptPending(timeout, abort).handshake(abort, sessionConfig);
    }

    /**
     * The first half of {@link #accept(Duration, AbortSignal, Supplier)}: waits for
     * the next client as it does and accepts its connection, leaving the handshake
     * to {@link PendingConnection#handshake}, which may run on another thread. A
     * server that handshakes on a thread of each client's own then keeps accepting
     * while a client is slow to say hello (the handshake timeout still bounds it,
     * and closing the listener still wakes it).
     *
     * @return the connection, owned by the caller until its handshake or close
     * @throws TransportException as {@link #accept(Duration, AbortSignal)} before its handshake
     */
    public PendingConnection acceptPending(Duration timeout, AbortSignal abort) throws TransportException {
        return new PendingConnection(this, acceptConnection(UdsSession.deadlineAfter(timeout), abort));
    }

    /**
     * Runs the server handshake on {@code connection}, which it owns from here on, with
     * the configuration {@code sessionConfig} gives now.
     */
    UdsSession handshake(NativeFd connection, AbortSignal abort, Supplier<ServerHandshakeConfig> sessionConfig)
            throws TransportException {
        ServerHandshakeConfig negotiated;
        boolean valid = false;
        try {
            negotiated = Objects.requireNonNull(sessionConfig.get(), "session configuration");
            UdsSocket.requireSupportedProfiles(negotiated.supportedProfiles());
            valid = true;
        } finally {
            // Whatever the supplier threw (an Error too), the connection must not leak.
            if (!valid) {
                connection.close();
            }
        }
        return handshake(connection, abort, negotiated);
    }

    /** The handshake values sessions are negotiated with unless an accept says otherwise. */
    public ServerHandshakeConfig config() {
        return config;
    }

    /** The number of accepted SHM sessions still open, whose region files this listener tracks. */
    int liveShmRegions() {
        return liveRegions.size();
    }

    /** The number the next accepted connection's session gets. */
    public long nextSessionId() {
        return nextSessionId.get();
    }

    /** Runs the server handshake on {@code connection}, which it owns from here on. */
    UdsSession handshake(NativeFd connection, AbortSignal abort) throws TransportException {
        return handshake(connection, abort, config);
    }

    private UdsSession handshake(NativeFd connection, AbortSignal abort, ServerHandshakeConfig sessionConfig)
            throws TransportException {
        long sessionId = nextSessionId.getAndIncrement();
        handshaking.add(connection);
        UdsSession session;
        try {
            // A close that ran before the add did not see this connection: it must not start.
            if (closing.get()) {
                connection.close();
                throw closed("before the handshake");
            }
            session = UdsSession.accept(connection, sessionConfig, endpoint, liveRegions, sessionId, UdsSession.deadlineAfter(handshakeTimeout),
                    abort);
        } catch (TransportException e) {
            throw closing.get() && e.error() != TransportError.CLOSED ? closed("during the handshake", e) : e;
        } finally {
            handshaking.remove(connection);
        }
        // Close sets closing before it wakes the connections in the set: a close that saw this
        // one (and may have shut it down) is seen here, and nobody gets a dead session.
        if (closing.get()) {
            session.close();
            throw closed("during the handshake");
        }
        return session;
    }

    /** Accepts one connection without a handshake, blocking until a client connects. */
    NativeFd acceptConnection() throws TransportException {
        return acceptConnection(ReadinessWait.NO_DEADLINE, null);
    }

    /**
     * Accepts one connection without a handshake. The listening socket is
     * non-blocking, so when several threads wait for one client the ones that lose
     * the race go back to waiting, under their own deadline, instead of blocking
     * in {@code accept4}.
     *
     * @return the connected (blocking) socket, owned by the caller
     */
    private NativeFd acceptConnection(long deadlineNanos, AbortSignal abort) throws TransportException {
        int listening = acquireListening();
        ReadinessWait wait = null;
        try {
            while (true) {
                int client = Native.libc().accept4(listening, 0, 0, UdsSocket.SOCK_CLOEXEC);
                if (client >= 0) {
                    return new NativeFd(client);
                }
                int errno = Native.errno();
                if (closing.get()) {
                    throw closed("while accepting");
                }
                if (errno == Errno.EAGAIN.intValue() || errno == Errno.EWOULDBLOCK.intValue()) {
                    wait = wait == null ? new ReadinessWait() : wait;
                    awaitClient(wait, listening, deadlineNanos, abort);
                } else if (errno != Errno.EINTR.intValue() && errno != Errno.ECONNABORTED.intValue()) {
                    throw ioFailure("accept on " + endpoint.socketPath(), errno);
                }
            }
        } finally {
            fd.release();
        }
    }

    private void awaitClient(ReadinessWait wait, int listening, long deadlineNanos, AbortSignal abort)
            throws TransportException {
        WaitResult result;
        try {
            result = wait.await(listening, abort, deadlineNanos);
        } catch (NativeException e) {
            throw closing.get() ? closed("while waiting for a client") : ioFailure(e);
        }
        if (closing.get()) {
            throw closed("while waiting for a client");
        }
        SeqPacketChannel.throwIfNotReady(result, "accept");
    }

    /** Reserves the listening descriptor for a call; the caller releases it. */
    private int acquireListening() throws TransportException {
        int listening = fd.acquire();
        if (listening == NativeFd.CLOSED) {
            throw new TransportException(TransportError.CLOSED, "listener for " + endpoint.socketPath() + " is closed");
        }
        return listening;
    }

    private TransportException closed(String when) {
        return closed(when, null);
    }

    private TransportException closed(String when, Throwable cause) {
        return new TransportException(TransportError.CLOSED,
                "listener for " + endpoint.socketPath() + " closed " + when, cause);
    }

    private static TransportException ioFailure(NativeException e) {
        return new TransportException(TransportError.IO, e.getMessage(), e);
    }

    /**
     * Stops accepting and removes the socket file when it is still this
     * listener's (another server may have reclaimed the path meanwhile). Threads
     * blocked in accept, or in the handshake of a connection they accepted, are
     * woken (their sockets are shut down) and get CLOSED. Sessions already
     * returned keep working; the region files of SHM sessions among them are
     * unlinked (their mappings stay), as the server's shutdown must leave none.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        fd.close(UdsSocket::shutDown);
        for (NativeFd connection : handshaking) {
            wake(connection);
        }
        liveRegions.unlinkAll();
        Path path = endpoint.socketPath();
        try {
            if (socketFileKey.equals(Files.getAttribute(path, FILE_KEY_ATTRIBUTE, LinkOption.NOFOLLOW_LINKS))) {
                deleteQuietly(path);
            }
        } catch (IOException e) {
            // Already gone or unreadable: nothing of ours left to remove.
        }
    }

    /** Shuts a handshaking connection down so its wait for the hello ends; it stays its thread's to close. */
    private static void wake(NativeFd connection) {
        int socket = connection.acquire();
        if (socket != NativeFd.CLOSED) {
            try {
                UdsSocket.shutDown(socket);
            } finally {
                connection.release();
            }
        }
    }
}
