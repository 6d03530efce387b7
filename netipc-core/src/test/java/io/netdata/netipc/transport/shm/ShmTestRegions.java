package io.netdata.netipc.transport.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct buffers standing in for a mapped region: aligned like a mapping (to the
 * region alignment, which is more than the 8 bytes the atomic words need).
 */
final class ShmTestRegions {
    /** A small layout for most tests: 1024-byte payload ceilings each way. */
    static final long PAYLOAD = 1024;

    private ShmTestRegions() {
    }

    /** {@code size} zero bytes at an address that is a multiple of 64, in native byte order. */
    static ByteBuffer allocate(int size) {
        // One alignment unit may be lost at each end when the slice is aligned.
        ByteBuffer raw = ByteBuffer.allocateDirect(size + 2 * ShmRegionLayout.ALIGNMENT);
        return raw.alignedSlice(ShmRegionLayout.ALIGNMENT).slice(0, size).order(ByteOrder.nativeOrder());
    }

    static ShmRegionLayout layout(long maxRequestPayload, long maxResponsePayload) {
        try {
            return ShmRegionLayout.forPayloadLimits(maxRequestPayload, maxResponsePayload);
        } catch (ShmRegionException e) {
            throw new AssertionError(e);
        }
    }

    /** A region initialised as a server creates it, with this process as owner. */
    static ByteBuffer created(ShmRegionLayout layout) {
        ByteBuffer region = allocate(layout.regionSize());
        ShmRegionHeader.write(region, layout, (int) ProcessHandle.current().pid(),
                ShmOwner.generationAt(System.nanoTime()));
        return region;
    }
}
