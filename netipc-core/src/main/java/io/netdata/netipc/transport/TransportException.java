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

    private final TransportError error;

    public TransportException(TransportError error, String message) {
        this(error, message, null);
    }

    public TransportException(TransportError error, String message, Throwable cause) {
        super(error + ": " + message, cause);
        this.error = error;
    }

    public TransportError error() {
        return error;
    }
}
