package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A client connection a listener accepted whose handshake has not run yet
 * ({@link UdsListener#acceptPending}): accepting and handshaking can then
 * happen on different threads, so that one client slow to say hello holds up
 * only its own thread.
 *
 * <p>The connection is the caller's until {@link #handshake} takes it over
 * (whatever the handshake's outcome, it never has to be closed again) or
 * {@link #close()} releases it; one of them must be called, or its descriptor
 * leaks. A handshake started after the listener closed fails with CLOSED, and
 * closing the listener wakes a handshake in progress, as for
 * {@link UdsListener#accept}. Session ids are given at the handshake.
 *
 * <p>Thread-safety: {@link #handshake} and {@link #close()} may be called from
 * any thread, at most one of them takes the connection; the other then finds it
 * gone (CLOSED, or nothing to do).
 */
public final class PendingConnection implements AutoCloseable {
    private final UdsListener listener;
    private final AtomicReference<NativeFd> connection;

    PendingConnection(UdsListener listener, NativeFd connection) {
        this.listener = listener;
        this.connection = new AtomicReference<>(connection);
    }

    /**
     * Runs the server handshake with the listener's configuration; see
     * {@link #handshake(AbortSignal, Supplier)}.
     */
    public UdsSession handshake(AbortSignal abort) throws TransportException {
        return handshake(abort, listener::config);
    }

    /**
     * Runs the server handshake, negotiating with the configuration
     * {@code sessionConfig} gives now, as {@link UdsListener#accept(java.time.Duration,
     * AbortSignal, Supplier)} does once a client has connected.
     *
     * @param abort ends the wait for the client's hello; may be null (the handshake timeout bounds it)
     * @return the handshaken session, owned by the caller
     * @throws TransportException the handshake's failure (the connection is closed); CLOSED when the
     *     listener is closed, or this connection was already handshaken or closed
     * @throws IllegalArgumentException when the configuration offers a profile the transport cannot serve
     *     (the connection is closed)
     */
    public UdsSession handshake(AbortSignal abort, Supplier<ServerHandshakeConfig> sessionConfig)
            throws TransportException {
        Objects.requireNonNull(sessionConfig, "sessionConfig");
        NativeFd taken = connection.getAndSet(null);
        if (taken == null) {
            throw new TransportException(TransportError.CLOSED, "this connection was already handshaken or closed");
        }
        return listener.handshake(taken, abort, sessionConfig);
    }

    /** Hangs up on the client without a handshake, unless the handshake took the connection; idempotent. */
    @Override
    public void close() {
        NativeFd taken = connection.getAndSet(null);
        if (taken != null) {
            taken.close();
        }
    }
}
