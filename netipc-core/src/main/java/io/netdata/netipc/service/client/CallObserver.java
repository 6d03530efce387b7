package io.netdata.netipc.service.client;

import io.netdata.netipc.service.ServiceKind;

/**
 * Told of every typed call a client context completes, for metrics: one
 * notification per public call (a lookup split into several requests, or a
 * batch, is one call), on the calling thread, after the outcome is known.
 *
 * <p>An observer must be cheap and must not block: it runs inside the call's
 * time, while the call still holds its context (so notifications come in the
 * order of the calls, and the next call on a shared context waits for it); only
 * a call that fails NOT_READY at once because a connection attempt holds the
 * context is told without holding it. It must not call the context it observes, nor wait for another thread that
 * does. What it throws is caught and ignored, so a faulty observer cannot fail
 * a call.
 *
 * <p>Thread-safety: a context may be used from several threads, so an observer
 * shared by contexts, or by a shared context, must be thread-safe.
 */
@FunctionalInterface
public interface CallObserver {
    /** Observes nothing; the default. */
    CallObserver NONE = (kind, error, nanos) -> { };

    /**
     * @param kind the client's service kind
     * @param error why the call failed, or null when it succeeded
     * @param nanos how long the call took, in nanoseconds
     */
    void callCompleted(ServiceKind kind, ServiceError error, long nanos);
}
