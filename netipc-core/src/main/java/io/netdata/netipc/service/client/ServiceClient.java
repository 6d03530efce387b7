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
 * be shared between threads (a call waits for another call on a READY
 * session): each public call holds the context's lock from taking its
 * arguments to reading its answer, every retry, reconnect and sub-request of a
 * logical lookup included, and tells its {@link CallObserver} before letting
 * the next call in. A call that finds the context held while it is not READY
 * (a refresh connecting, another call recovering) fails NOT_READY at once,
 * without the lock, and is observed without it.
 * {@link #ready()}, {@link #status()}, {@link #abort()} and {@link #close()}
 * take no lock before acting and are safe from any thread at any time;
 * {@code abort()} wakes a call blocked in another thread, and so does
 * {@code close()}, which then waits for that call to end. A borrowed view that
 * a call returns is valid until the next call on the same context, or its
 * close: threads sharing a context that returns views must keep another
 * thread's call from starting until they are done with theirs (or copy it with
 * {@code toOwned()} under that same agreement).
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

    /** The body of one public call, run by {@link #serialized}. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws ServiceException;
    }

    /**
     * Runs one public call holding the context's call lock, and tells the observer its
     * outcome before releasing it: the call's inputs and outputs, kept in objects the
     * context reuses, are then never mixed with another thread's call.
     */
    final <T> T serialized(Call<T> call) throws ServiceException {
        enterCall();
        try {
            long started = callStarted();
            try {
                T result = call.run();
                observe(started, null);
                return result;
            } catch (ServiceException e) {
                observe(started, e.error());
                throw e;
            }
        } finally {
            connection.unlock();
        }
    }

    /**
     * Takes the call lock for a public call (release it with {@code connection.unlock()});
     * a call that fails fast because a connection attempt holds the lock is observed here,
     * without the lock.
     */
    final void enterCall() throws ServiceException {
        long started = callStarted();
        try {
            connection.lockForCall();
        } catch (ServiceException e) {
            observe(started, e.error());
            throw e;
        }
    }

    /** When a public call starts, for {@link #observe}; no clock read without an observer. */
    private long callStarted() {
        return observer == CallObserver.NONE ? 0 : System.nanoTime();
    }

    /** Tells the observer a public call ended ({@code error} null for success). */
    private void observe(long started, ServiceError error) {
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
     * Raises the sticky abort: a call in another thread ends with ABORTED, whether it is
     * waiting for its response or pausing and reconnecting to resend (only a send blocked
     * on a server that stopped reading is not woken; {@link #close()} wakes that), and so
     * does every later call until {@link #clearAbort()}. One connection attempt already in
     * progress (in {@link #refresh()}, or a call's reconnect) is not interrupted: the
     * transport's connect and handshake take no abort signal, so it runs to its end,
     * bounded by the handshake timeout (and, in a call, by the call's deadline); what
     * follows it sees the abort.
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
