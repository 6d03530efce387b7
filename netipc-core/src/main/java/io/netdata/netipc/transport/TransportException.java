package io.netdata.netipc.transport;

import java.io.IOException;

/**
 * A failed transport operation, with the {@link TransportError} a caller acts on.
 * Operating-system failures keep their
 * {@link io.netdata.netipc.nativeio.NativeException} (errno and its name) as cause.
 *
 * <p>Thread-safety: immutable.
 */
public final class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    private static final long[] NONE = {};

    private final TransportError error;
    private final String reason;
    private final long[] failedMessageIds;

    public TransportException(TransportError error, String message) {
        this(error, message, null);
    }

    public TransportException(TransportError error, String message, Throwable cause) {
        this(error, message, cause, NONE);
    }

    /**
     * @param failedMessageIds the request ids that were in flight when this failure broke the session
     */
    public TransportException(TransportError error, String message, Throwable cause, long[] failedMessageIds) {
        super(error + ": " + message, cause);
        this.error = error;
        this.reason = message;
        this.failedMessageIds = failedMessageIds.clone();
    }

    /** The same failure, reported as having failed {@code ids}. */
    public TransportException withFailedMessageIds(long[] ids) {
        TransportException copy = new TransportException(error, reason, getCause(), ids);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public TransportError error() {
        return error;
    }

    /**
     * The request message ids (unsigned 64-bit, raw bits) that this failure
     * failed: every id in flight when it broke a client session, none otherwise.
     */
    public long[] failedMessageIds() {
        return failedMessageIds.clone();
    }
}
