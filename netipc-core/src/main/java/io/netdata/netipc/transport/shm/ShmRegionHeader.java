package io.netdata.netipc.transport.shm;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The static part of a region header (everything but the atomic words): written
 * by the server that creates the region, validated by the client that attaches
 * to it (upstream {@code level1-posix-shm.md}, "Server creates a per-session
 * region" steps 5-6 and "Client attaches to the region" steps 3-6).
 *
 * <p>A client treats the header as hostile: it was written by another process,
 * which may be buggy, malicious or still writing. {@link #validate} reads every
 * field exactly once, bounds all arithmetic in {@code long}, and returns the
 * values it checked; the data plane then uses only those, never the header
 * again, so a header changed after the check cannot move an area.
 *
 * <p>The buffer given to these methods is the whole mapping: its capacity is the
 * mapped size, whatever its position and limit. Thread-safety: immutable record;
 * the static methods keep no state.
 *
 * @param owner the owner PID and generation
 * @param layout the validated area placement
 */
public record ShmRegionHeader(ShmOwner owner, ShmRegionLayout layout) {
    public ShmRegionHeader {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(layout, "layout");
    }

    /**
     * The checks a client can make on the file size before mapping it.
     *
     * @throws ShmRegionException NOT_READY when the file is shorter than the header (the
     *     server may not have reserved it yet); REGION_TOO_LARGE when it is longer than
     *     one Java buffer can map
     */
    public static void checkFileSize(long fileSize) throws ShmRegionException {
        if (fileSize < ShmRegionLayout.HEADER_LEN) {
            throw new ShmRegionException(ShmRegionError.NOT_READY,
                    "region file of " + fileSize + " bytes is shorter than its header");
        }
        if (fileSize > ShmRegionLayout.MAX_REGION_SIZE) {
            throw new ShmRegionException(ShmRegionError.REGION_TOO_LARGE,
                    "region file of " + fileSize + " bytes is larger than " + ShmRegionLayout.MAX_REGION_SIZE);
        }
    }

    /**
     * Initialises a region the caller has just reserved and mapped: zeroes all of
     * it (every atomic word starts at 0) and writes the header, then issues a
     * release fence, as the reference does, so that the header is complete in
     * memory before anything the caller does next (such as sending the hello-ack
     * that lets the client attach).
     *
     * @param region the whole mapping, at least {@code layout.regionSize()} bytes
     * @param ownerPid this process's id
     * @param ownerGeneration non-zero u32 (see {@link ShmOwner#generationAt(long)}); zero would
     *     make the region look stale to every stale check
     * @throws IllegalArgumentException when the buffer is too small or the generation is zero or
     *     outside the u32 range
     * @throws java.nio.ReadOnlyBufferException when the buffer is read-only
     */
    public static void write(ByteBuffer region, ShmRegionLayout layout, int ownerPid, long ownerGeneration) {
        ByteBuffer whole = whole(region);
        if (whole.capacity() < layout.regionSize()) {
            throw new IllegalArgumentException("buffer of " + whole.capacity() + " bytes cannot hold a region of "
                    + layout.regionSize());
        }
        if (!new ShmOwner(ownerPid, ownerGeneration).claimsLiveness()) {
            throw new IllegalArgumentException("owner generation must not be zero");
        }
        zero(whole);
        NativeBytes.putU32(whole, ShmRegionLayout.OFF_MAGIC, ShmRegionLayout.MAGIC);
        NativeBytes.putU16(whole, ShmRegionLayout.OFF_VERSION, ShmRegionLayout.VERSION);
        NativeBytes.putU16(whole, ShmRegionLayout.OFF_HEADER_LEN, ShmRegionLayout.HEADER_LEN);
        NativeBytes.putU32(whole, ShmRegionLayout.OFF_OWNER_PID, ownerPid);
        NativeBytes.putU32(whole, ShmRegionLayout.OFF_OWNER_GENERATION, ownerGeneration);
        NativeBytes.putU32(whole, ShmRegionLayout.OFF_REQUEST_OFFSET, layout.requestOffset());
        NativeBytes.putU32(whole, ShmRegionLayout.OFF_REQUEST_CAPACITY, layout.requestCapacity());
        NativeBytes.putU32(whole, ShmRegionLayout.OFF_RESPONSE_OFFSET, layout.responseOffset());
        NativeBytes.putU32(whole, ShmRegionLayout.OFF_RESPONSE_CAPACITY, layout.responseCapacity());
        VarHandle.releaseFence();
    }

    /**
     * Validates the header a client found, in the reference's order (so a region
     * the reference rejects is rejected here with the matching class), then checks
     * what the reference leaves to later failures: that each area can hold the
     * longest message the handshake agreed for its direction.
     *
     * <ol>
     *   <li>mapping shorter than the header: NOT_READY</li>
     *   <li>magic: BAD_MAGIC; version: BAD_VERSION; header_len: BAD_HEADER_LEN</li>
     *   <li>an area offset inside the header or a zero capacity: NOT_READY</li>
     *   <li>request end beyond 32 bits, an offset or capacity not a multiple of 64, or a
     *       response area starting before the request area ends: BAD_LAYOUT</li>
     *   <li>mapping shorter than the end of either area: REGION_TOO_SMALL</li>
     *   <li>an area shorter than 32 plus the agreed payload ceiling of its direction:
     *       AREA_TOO_SMALL</li>
     * </ol>
     *
     * @param region the whole mapping of the region file (its capacity is the file size)
     * @param maxRequestPayloadBytes the agreed request payload ceiling (u32)
     * @param maxResponsePayloadBytes the agreed response payload ceiling (u32)
     * @return the owner and the area placement, as checked
     * @throws ShmRegionException for the first rule the header breaks
     * @throws IllegalArgumentException when a ceiling is outside the u32 range
     */
    public static ShmRegionHeader validate(ByteBuffer region, long maxRequestPayloadBytes,
            long maxResponsePayloadBytes) throws ShmRegionException {
        Checks.checkU32(maxRequestPayloadBytes, "request payload ceiling");
        Checks.checkU32(maxResponsePayloadBytes, "response payload ceiling");
        ByteBuffer whole = whole(region);
        long size = whole.capacity();
        if (size < ShmRegionLayout.HEADER_LEN) {
            throw new ShmRegionException(ShmRegionError.NOT_READY,
                    "mapping of " + size + " bytes is shorter than the region header");
        }
        // Pairs with the server's release fence after it wrote the header.
        VarHandle.acquireFence();
        checkIdentity(whole);
        long requestOffset = u32(whole, ShmRegionLayout.OFF_REQUEST_OFFSET);
        long requestCapacity = u32(whole, ShmRegionLayout.OFF_REQUEST_CAPACITY);
        long responseOffset = u32(whole, ShmRegionLayout.OFF_RESPONSE_OFFSET);
        long responseCapacity = u32(whole, ShmRegionLayout.OFF_RESPONSE_CAPACITY);
        if (requestOffset < ShmRegionLayout.FIRST_AREA_OFFSET || requestCapacity == 0
                || responseOffset < ShmRegionLayout.FIRST_AREA_OFFSET || responseCapacity == 0) {
            throw new ShmRegionException(ShmRegionError.NOT_READY, "areas not initialised: request "
                    + requestOffset + "+" + requestCapacity + ", response " + responseOffset + "+" + responseCapacity);
        }
        long requestEnd = requestOffset + requestCapacity;
        long responseEnd = responseOffset + responseCapacity;
        if (requestEnd > NativeBytes.U32_MAX) {
            throw new ShmRegionException(ShmRegionError.BAD_LAYOUT,
                    "request area " + requestOffset + "+" + requestCapacity + " ends beyond 32 bits");
        }
        if (!ShmRegionLayout.isAligned(requestOffset) || !ShmRegionLayout.isAligned(requestCapacity)
                || !ShmRegionLayout.isAligned(responseOffset) || !ShmRegionLayout.isAligned(responseCapacity)
                || responseOffset < requestEnd) {
            throw new ShmRegionException(ShmRegionError.BAD_LAYOUT, "impossible areas: request " + requestOffset
                    + "+" + requestCapacity + ", response " + responseOffset + "+" + responseCapacity);
        }
        if (size < Math.max(requestEnd, responseEnd)) {
            throw new ShmRegionException(ShmRegionError.REGION_TOO_SMALL, "mapping of " + size
                    + " bytes is shorter than its areas (" + Math.max(requestEnd, responseEnd) + ")");
        }
        requireRoom(requestCapacity, maxRequestPayloadBytes, "request");
        requireRoom(responseCapacity, maxResponsePayloadBytes, "response");
        // Every value is now below the mapping size, itself at most Integer.MAX_VALUE.
        ShmRegionLayout layout = new ShmRegionLayout((int) requestOffset, (int) requestCapacity,
                (int) responseOffset, (int) responseCapacity);
        return new ShmRegionHeader(readOwnerFields(whole), layout);
    }

    /**
     * What stale-region detection needs from a header: the owner, once the magic
     * shows the file is a region at all.
     *
     * @param header at least the first {@link ShmRegionLayout#HEADER_LEN} bytes of the file
     * @throws ShmRegionException NOT_READY when fewer bytes are given, BAD_MAGIC (both mean
     *     the file is junk at a region path)
     */
    public static ShmOwner readOwner(ByteBuffer header) throws ShmRegionException {
        ByteBuffer whole = whole(header);
        if (whole.capacity() < ShmRegionLayout.HEADER_LEN) {
            throw new ShmRegionException(ShmRegionError.NOT_READY,
                    whole.capacity() + " bytes are shorter than a region header");
        }
        VarHandle.acquireFence();
        checkMagic(whole);
        return readOwnerFields(whole);
    }

    private static void checkIdentity(ByteBuffer whole) throws ShmRegionException {
        checkMagic(whole);
        int version = u16(whole, ShmRegionLayout.OFF_VERSION);
        if (version != ShmRegionLayout.VERSION) {
            throw new ShmRegionException(ShmRegionError.BAD_VERSION, "region version " + version);
        }
        int headerLen = u16(whole, ShmRegionLayout.OFF_HEADER_LEN);
        if (headerLen != ShmRegionLayout.HEADER_LEN) {
            throw new ShmRegionException(ShmRegionError.BAD_HEADER_LEN, "region header_len " + headerLen);
        }
    }

    private static void checkMagic(ByteBuffer whole) throws ShmRegionException {
        long magic = u32(whole, ShmRegionLayout.OFF_MAGIC);
        if (magic != ShmRegionLayout.MAGIC) {
            throw new ShmRegionException(ShmRegionError.BAD_MAGIC, "region magic 0x" + Long.toHexString(magic));
        }
    }

    private static ShmOwner readOwnerFields(ByteBuffer whole) {
        int pid = (int) u32(whole, ShmRegionLayout.OFF_OWNER_PID);
        return new ShmOwner(pid, u32(whole, ShmRegionLayout.OFF_OWNER_GENERATION));
    }

    private static void requireRoom(long capacity, long maxPayloadBytes, String direction)
            throws ShmRegionException {
        long needed = Wire.HEADER_LEN + maxPayloadBytes;
        if (capacity < needed) {
            throw new ShmRegionException(ShmRegionError.AREA_TOO_SMALL, direction + " area of " + capacity
                    + " bytes cannot hold a message of the agreed " + needed + " bytes");
        }
    }

    /** The whole mapping, independent of the caller's position and limit. */
    private static ByteBuffer whole(ByteBuffer region) {
        return region.duplicate().clear();
    }

    private static void zero(ByteBuffer whole) {
        int size = whole.capacity();
        int index = 0;
        // Region sizes are multiples of 64; the tail loop covers any other buffer size.
        for (; index + Long.BYTES <= size; index += Long.BYTES) {
            whole.putLong(index, 0L);
        }
        for (; index < size; index++) {
            whole.put(index, (byte) 0);
        }
    }
}
