package io.netdata.netipc.transport.shm;

/**
 * Why a region could not be sized, or why a client must not use the region it
 * found. Named after the checks of upstream {@code level1-posix-shm.md} ("Client
 * attaches to the region") and of the reference's attach, in the order a client
 * applies them (see {@link ShmRegionHeader#validate}).
 *
 * <p>Thread-safety: immutable enum.
 */
public enum ShmRegionError {
    /**
     * The file is shorter than the header, or the header's areas are not filled in
     * yet (an offset inside the header, or a zero capacity): the server may still be
     * preparing it. Retryable.
     */
    NOT_READY(true),
    /**
     * The magic is wrong. Retryable, as the reference client retries it: a file the
     * server has reserved and zeroed but whose header it has not written yet reads
     * as magic 0.
     */
    BAD_MAGIC(true),
    /** Another region layout version. */
    BAD_VERSION(false),
    /** {@code header_len} is not 64. */
    BAD_HEADER_LEN(false),
    /**
     * The area placement is impossible: an offset or capacity not a multiple of 64,
     * an area end beyond 32 bits, or a response area that starts inside the request
     * area.
     */
    BAD_LAYOUT(false),
    /** The file is shorter than the areas its header declares. */
    REGION_TOO_SMALL(false),
    /** An area cannot hold the longest message the handshake allows in its direction. */
    AREA_TOO_SMALL(false),
    /**
     * The region would exceed the reference's 32-bit sizes or what one Java buffer
     * can map ({@link ShmRegionLayout#MAX_REGION_SIZE}).
     */
    REGION_TOO_LARGE(false);

    private final boolean retryable;

    ShmRegionError(boolean retryable) {
        this.retryable = retryable;
    }

    /**
     * True when trying the same session's region again a little later may succeed
     * (the reference client retries these for up to 5 s, every 5 ms); any other
     * error ends SHM for that session.
     */
    public boolean retryable() {
        return retryable;
    }
}
