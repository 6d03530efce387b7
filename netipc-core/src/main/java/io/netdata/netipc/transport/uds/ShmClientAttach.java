package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.SessionParameters;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The client's attach to the region of a session that negotiated SHM, with the
 * reference client's retry: a region that is missing, short or not yet headed
 * may still be on its way, so those are retried every
 * {@link #RETRY_INTERVAL_NANOS} for up to {@link #RETRY_TIMEOUT_NANOS} (and never
 * past the handshake deadline). Every other failure is final for the session.
 *
 * <p>Thread-safety: stateless.
 */
final class ShmClientAttach {
    /** Pause between attach attempts (reference: {@code CLIENT_SHM_ATTACH_RETRY_INTERVAL_MS}). */
    static final long RETRY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long a retryable attach failure is retried (reference: {@code CLIENT_SHM_ATTACH_RETRY_TIMEOUT_MS}). */
    static final long RETRY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ShmClientAttach() {
    }

    /**
     * The attached region of the handshaken session {@code parameters}.
     *
     * @param handshakeDeadline a {@link System#nanoTime()} deadline or {@link ReadinessWait#NO_DEADLINE}
     * @throws TransportException SHM_ATTACH_FAILED (the cause says why) when the region cannot be
     *     used; ABORTED when the thread is interrupted while waiting to retry
     */
    static ShmRegion attach(ServiceEndpoint endpoint, SessionParameters parameters, long handshakeDeadline)
            throws TransportException {
        long deadline = System.nanoTime() + RETRY_TIMEOUT_NANOS;
        if (handshakeDeadline != ReadinessWait.NO_DEADLINE && handshakeDeadline - deadline < 0) {
            deadline = handshakeDeadline;
        }
        while (true) {
            try {
                return ShmRegion.attach(endpoint, parameters.sessionId(), parameters.maxRequestPayloadBytes(),
                        parameters.maxResponsePayloadBytes());
            } catch (ShmRegionException e) {
                if (!e.error().retryable() || deadline - System.nanoTime() <= 0) {
                    throw failed(parameters, e);
                }
            } catch (TransportException e) {
                throw failed(parameters, e);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new TransportException(TransportError.ABORTED, "interrupted while attaching to the SHM region");
            }
            LockSupport.parkNanos(RETRY_INTERVAL_NANOS);
        }
    }

    private static TransportException failed(SessionParameters parameters, Exception cause) {
        return new TransportException(TransportError.SHM_ATTACH_FAILED, "cannot attach to the SHM region of session "
                + Long.toUnsignedString(parameters.sessionId()) + "; reconnect without the SHM profiles", cause);
    }
}
