package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.TransportStatus;

/**
 * Why one request got no answer: the status its error response carries
 * (upstream {@code level2-typed-api.md}, "Handler failure semantics"). Each of
 * them is terminal for the session.
 *
 * <p>Thread-safety: immutable once thrown.
 */
final class DispatchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final TransportStatus status;

    private DispatchFailure(TransportStatus status, String message, Throwable cause) {
        // No stack trace: the status is the information, and a hostile client could make many.
        super(message, cause, false, false);
        this.status = status;
    }

    /** The request could not be decoded. */
    static DispatchFailure badRequest(CodecException cause) {
        return new DispatchFailure(TransportStatus.BAD_ENVELOPE, cause.getMessage(), cause);
    }

    /** The response does not fit the session's response ceiling. */
    static DispatchFailure tooLarge(String message) {
        return tooLarge(message, null);
    }

    /** The response does not fit the session's response ceiling, as {@code cause} found. */
    static DispatchFailure tooLarge(String message, Throwable cause) {
        return new DispatchFailure(TransportStatus.LIMIT_EXCEEDED, message, cause);
    }

    /** The handler failed, or answered something no response can carry. */
    static DispatchFailure handlerFailed(String message, Throwable cause) {
        return new DispatchFailure(TransportStatus.INTERNAL_ERROR, message, cause);
    }

    /**
     * What a handler threw: a builder out of room is a response too large,
     * anything else the handler's failure. An {@link Error} (a failed assertion,
     * a stack overflow, no heap) is a failure of that one request too: its client
     * is answered INTERNAL_ERROR like any other, rather than left with a session
     * that ends without an answer, and the server goes on serving the others.
     */
    static DispatchFailure fromHandler(Throwable e) {
        if (e instanceof CodecException codec && codec.error() == CodecError.OVERFLOW) {
            return tooLarge(codec.getMessage(), codec);
        }
        return handlerFailed("handler failed: " + e, e);
    }

    TransportStatus status() {
        return status;
    }
}
