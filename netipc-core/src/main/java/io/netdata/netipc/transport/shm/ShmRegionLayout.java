package io.netdata.netipc.transport.shm;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;

/**
 * Where things are in a POSIX SHM region (upstream {@code level1-posix-shm.md},
 * "Region layout", "Region header", "Capacity derivation"): the constants and
 * field offsets of the 64-byte header, and the placement of the request and
 * response areas that follow it.
 *
 * <p>An instance is one region's area placement. Every instance satisfies what a
 * client checks when it attaches: both areas start at or after the header, start
 * and size are multiples of {@link #ALIGNMENT}, neither is empty, the response
 * area starts at or after the end of the request area, and the whole region fits
 * a Java buffer ({@link #MAX_REGION_SIZE}). {@link #forPayloadLimits} and
 * {@link #forAreaCapacities} are the server's sizing rule; a client gets its
 * instance from {@link ShmRegionHeader#validate}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param requestOffset byte offset of the request area from the region start
 * @param requestCapacity size of the request area, the longest request message it holds
 * @param responseOffset byte offset of the response area from the region start
 * @param responseCapacity size of the response area, the longest response message it holds
 */
public record ShmRegionLayout(int requestOffset, int requestCapacity, int responseOffset, int responseCapacity) {
    /** Header magic, "NSHM" (u32). */
    public static final long MAGIC = 0x4e53484dL;
    /** Region layout version this implementation speaks. */
    public static final int VERSION = 3;
    /** Size of the region header; also the value of its {@code header_len} field. */
    public static final int HEADER_LEN = 64;
    /** Every area offset and capacity is a multiple of this. */
    public static final int ALIGNMENT = 64;
    /** Spin iterations before a reader sleeps on the futex word (a tuning value, not a wire rule). */
    public static final int DEFAULT_SPIN_TRIES = 128;

    /** u32 magic. */
    public static final int OFF_MAGIC = 0;
    /** u16 version. */
    public static final int OFF_VERSION = 4;
    /** u16 header_len. */
    public static final int OFF_HEADER_LEN = 6;
    /** i32 PID of the server process that created the region. */
    public static final int OFF_OWNER_PID = 8;
    /** u32 owner generation, for PID-reuse detection. */
    public static final int OFF_OWNER_GENERATION = 12;
    /** u32 request_offset. */
    public static final int OFF_REQUEST_OFFSET = 16;
    /** u32 request_capacity. */
    public static final int OFF_REQUEST_CAPACITY = 20;
    /** u32 response_offset. */
    public static final int OFF_RESPONSE_OFFSET = 24;
    /** u32 response_capacity. */
    public static final int OFF_RESPONSE_CAPACITY = 28;
    /** u64 request sequence, atomic. */
    public static final int OFF_REQ_SEQ = 32;
    /** u64 response sequence, atomic. */
    public static final int OFF_RESP_SEQ = 40;
    /** u32 length of the published request, atomic. */
    public static final int OFF_REQ_LEN = 48;
    /** u32 length of the published response, atomic. */
    public static final int OFF_RESP_LEN = 52;
    /** u32 futex word of the request direction, atomic. */
    public static final int OFF_REQ_SIGNAL = 56;
    /** u32 futex word of the response direction, atomic. */
    public static final int OFF_RESP_SIGNAL = 60;

    /**
     * The largest region this implementation can use: a Java buffer holds at most
     * {@link Integer#MAX_VALUE} bytes, rounded down to the alignment. The reference
     * allows regions up to {@code 2^32 - 1} bytes; a larger one is refused here
     * (the session then runs without SHM).
     */
    public static final int MAX_REGION_SIZE = Integer.MAX_VALUE & -ALIGNMENT;

    /** Where the request area of a region this side creates begins: right after the header. */
    static final int FIRST_AREA_OFFSET = HEADER_LEN;

    /**
     * @throws IllegalArgumentException when the placement breaks one of the class's invariants
     */
    public ShmRegionLayout {
        if (requestOffset < FIRST_AREA_OFFSET || responseOffset < FIRST_AREA_OFFSET
                || requestCapacity <= 0 || responseCapacity <= 0
                || !isAligned(requestOffset) || !isAligned(requestCapacity)
                || !isAligned(responseOffset) || !isAligned(responseCapacity)
                || responseOffset < (long) requestOffset + requestCapacity
                || (long) responseOffset + responseCapacity > MAX_REGION_SIZE) {
            throw new IllegalArgumentException("not a valid SHM area placement: request " + requestOffset + "+"
                    + requestCapacity + ", response " + responseOffset + "+" + responseCapacity);
        }
    }

    /**
     * The server's sizing rule: each area holds one whole message of its
     * direction, the 32-byte outer header plus the largest payload the server's
     * configuration allows (for a batch the payload already includes the item
     * directory and padding, so nothing more is added), rounded up to
     * {@link #ALIGNMENT}. The reference servers size the region from their
     * configured maxima before they read the client's hello, so any request
     * ceiling the handshake may agree to fits.
     *
     * @param maxRequestPayloadBytes the server's request payload maximum (u32)
     * @param maxResponsePayloadBytes the server's response payload maximum (u32)
     * @throws ShmRegionException REGION_TOO_LARGE when a message size or the region
     *     does not fit the reference's 32-bit fields or a Java buffer
     * @throws IllegalArgumentException when a limit is outside the u32 range
     */
    public static ShmRegionLayout forPayloadLimits(long maxRequestPayloadBytes, long maxResponsePayloadBytes)
            throws ShmRegionException {
        return forAreaCapacities(messageSize(maxRequestPayloadBytes, "request"),
                messageSize(maxResponsePayloadBytes, "response"));
    }

    /**
     * Places areas of at least the given sizes: each rounded up to
     * {@link #ALIGNMENT}, the request area right after the header, the response
     * area right after the request area.
     *
     * @param requestCapacity minimum request area size (u32, non-zero)
     * @param responseCapacity minimum response area size (u32, non-zero)
     * @throws ShmRegionException REGION_TOO_LARGE when a rounded size, an offset or the
     *     region exceeds 32 bits or {@link #MAX_REGION_SIZE}
     * @throws IllegalArgumentException for a zero capacity or one outside the u32 range
     */
    public static ShmRegionLayout forAreaCapacities(long requestCapacity, long responseCapacity)
            throws ShmRegionException {
        requireArea(requestCapacity, "request capacity");
        requireArea(responseCapacity, "response capacity");
        // All arithmetic in long: the sum of a few u32 values cannot overflow it, so every
        // bound below is checked on the true value (the C reference rounds in 32 bits and can wrap).
        long request = align(requestCapacity);
        long response = align(responseCapacity);
        long responseOffset = align(FIRST_AREA_OFFSET + request);
        long regionSize = responseOffset + response;
        if (regionSize > MAX_REGION_SIZE) {
            throw new ShmRegionException(ShmRegionError.REGION_TOO_LARGE, "areas of " + requestCapacity + " and "
                    + responseCapacity + " bytes need a region of " + regionSize + " bytes, above "
                    + MAX_REGION_SIZE);
        }
        return new ShmRegionLayout(FIRST_AREA_OFFSET, (int) request, (int) responseOffset, (int) response);
    }

    /** Bytes the region must have: up to the end of the response area, which lies after the request area. */
    public int regionSize() {
        return responseOffset + responseCapacity;
    }

    /** Rounds a non-negative {@code value} up to a multiple of {@link #ALIGNMENT}. */
    public static long align(long value) {
        return (value + ALIGNMENT - 1) & -ALIGNMENT;
    }

    static boolean isAligned(long value) {
        return (value & (ALIGNMENT - 1)) == 0;
    }

    /**
     * Header plus payload, refused above u32 as the reference refuses it (it then
     * disables SHM for the session).
     */
    private static long messageSize(long maxPayloadBytes, String direction) throws ShmRegionException {
        Checks.checkU32(maxPayloadBytes, direction + " payload limit");
        long size = Wire.HEADER_LEN + maxPayloadBytes;
        if (size > NativeBytes.U32_MAX) {
            throw new ShmRegionException(ShmRegionError.REGION_TOO_LARGE, "a " + direction + " message of "
                    + size + " bytes does not fit a 32-bit length");
        }
        return size;
    }

    private static void requireArea(long capacity, String what) {
        Checks.checkU32(capacity, what);
        if (capacity == 0) {
            // A client refuses an empty area (it reads it as a region not yet initialised).
            throw new IllegalArgumentException(what + " must not be zero");
        }
    }
}
