package io.netdata.netipc.service.client;

import java.util.Objects;

/**
 * A failed Level 2 call; {@link #error()} says why.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class ServiceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ServiceError error;

    public ServiceException(ServiceError error, String message) {
        this(error, message, null);
    }

    public ServiceException(ServiceError error, String message, Throwable cause) {
        super(Objects.requireNonNull(error, "error") + ": " + message, cause);
        this.error = error;
    }

    /** Why the call failed. */
    public ServiceError error() {
        return error;
    }
}
