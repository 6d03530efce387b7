package io.netdata.netipc.service.client;

import io.netdata.netipc.service.ServiceKind;
import java.util.Objects;

/**
 * What every Level 2 client context offers, whatever its service kind
 * (upstream {@code level2-typed-api.md}, "Lifecycle"): creating one never
 * needs the server; {@link #refresh()} connects and reconnects (there are no
 * background threads); {@link #ready()} is a cheap check; calls fail at once,
 * without I/O, unless READY.
 *
 * <p>Thread-safety: a context serializes its own calls and refreshes, so it may
 * be shared between threads (calls then wait for each other);
 * {@link #ready()}, {@link #status()}, {@link #abort()} and {@link #close()}
 * are safe from any thread at any time, and {@code close()} or {@code abort()}
 * wakes a call blocked in another thread. A borrowed view that a call returns
 * is valid until the next call on the same context, or its close.
 */
public abstract class ServiceClient implements AutoCloseable {
    final ClientConnection connection;
    private final ServiceKind kind;
    private final CallObserver observer;

    ServiceClient(ClientConfig config, ServiceKind kind) throws ServiceException {
        this.connection = new ClientConnection(Objects.requireNonNull(config, "config"), kind);
        this.kind = kind;
        this.observer = config.callObserver();
    }

    /** The service kind this context calls. */
    public ServiceKind serviceKind() {
        return kind;
    }

    /** When a public call starts, for {@link #observe}; no clock read without an observer. */
    final long callStarted() {
        return observer == CallObserver.NONE ? 0 : System.nanoTime();
    }

    /** Tells the observer a public call ended ({@code error} null for success). */
    final void observe(long started, ServiceError error) {
        if (observer == CallObserver.NONE) {
            return;
        }
        try {
            observer.callCompleted(kind, error, System.nanoTime() - started);
        } catch (RuntimeException ignored) {
            // Documented: an observer cannot fail a call.
        }
    }

    /**
     * Connects when disconnected, not found or broken (call it from your own loop,
     * at your own cadence); leaves READY, AUTH_FAILED and INCOMPATIBLE alone.
     *
     * @return whether the state changed
     */
    public boolean refresh() {
        return connection.refresh();
    }

    /**
     * Drops the current session: a READY context becomes DISCONNECTED and the next
     * {@link #refresh()} connects again; in any other state there is no session and
     * nothing changes. For a caller that could not use a response it got (upstream
     * {@code level3-snapshot-api.md}, "Refresh": a failed refresh disconnects the
     * Level 2 context). Waits for a call in progress on another thread.
     */
    public void disconnect() {
        connection.dropSession();
    }

    /** True when calls can proceed; no system call, no I/O. */
    public boolean ready() {
        return connection.ready();
    }

    /** The connection state, counters and last error, for diagnostics. */
    public ClientStatus status() {
        return connection.status();
    }

    /**
     * Raises the sticky abort: a call blocked in another thread ends with ABORTED, and
     * so does every later call until {@link #clearAbort()}.
     */
    public void abort() {
        connection.abort();
    }

    /**
     * Lowers the abort.
     *
     * @throws ServiceException CLOSED after {@link #close()}; TRANSPORT if the signal cannot be read
     */
    public void clearAbort() throws ServiceException {
        connection.clearAbort();
    }

    /** The configuration this context was created with. */
    public ClientConfig config() {
        return connection.config();
    }

    /** Closes the session and releases everything; later calls fail with CLOSED; idempotent. */
    @Override
    public void close() {
        connection.close();
    }
}
