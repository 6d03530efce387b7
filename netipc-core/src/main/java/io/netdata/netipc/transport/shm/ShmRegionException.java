package io.netdata.netipc.transport.shm;

/**
 * A region that cannot be created with the requested sizes, or that a client
 * must not use; {@link #error()} says which rule it broke.
 *
 * <p>Thread-safety: immutable.
 */
public final class ShmRegionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ShmRegionError error;

    public ShmRegionException(ShmRegionError error, String message) {
        super(error + ": " + message);
        this.error = error;
    }

    public ShmRegionError error() {
        return error;
    }
}
