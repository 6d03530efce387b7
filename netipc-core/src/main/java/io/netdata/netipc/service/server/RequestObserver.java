package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.service.ServiceKind;

/**
 * Told of every request a managed server answers, for metrics: one
 * notification per request (a batch is one request), on the session's thread,
 * after the answer is sent or the session failed to send it.
 *
 * <p>An observer must be cheap and must not block: it runs on the session's
 * thread between requests. What it throws is caught and ignored, so a faulty
 * observer cannot fail a session.
 *
 * <p>Thread-safety: called concurrently from every session's thread; an
 * implementation must be thread-safe.
 */
@FunctionalInterface
public interface RequestObserver {
    /** Observes nothing; the default. */
    RequestObserver NONE = (kind, status, nanos) -> { };

    /**
     * @param kind the server's service kind
     * @param status the transport status the request was answered with (OK, or the error status
     *     sent before the session was closed)
     * @param nanos how long answering took, in nanoseconds, from receipt to the end of the send
     */
    void requestCompleted(ServiceKind kind, TransportStatus status, long nanos);
}
