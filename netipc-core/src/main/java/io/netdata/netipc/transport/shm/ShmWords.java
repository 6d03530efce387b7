package io.netdata.netipc.transport.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Atomic access to the header's sequence, length and signal words, with the
 * orderings the specification requires (upstream {@code level1-posix-shm.md},
 * "Memory ordering"): loads acquire, stores and increments release.
 *
 * <p>Byte-buffer view {@link VarHandle}s support these access modes only on a
 * direct buffer and only at an index whose address is a multiple of the access
 * size; {@link #requireUsable} checks both once, when a data-plane object is
 * made, so no access can fail later. Host byte order, as the other processes
 * use plain native integers.
 *
 * <p>Thread-safety: stateless; the words themselves are shared memory.
 */
final class ShmWords {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final VarHandle U64 = MethodHandles.byteBufferViewVarHandle(long[].class, ORDER);
    private static final VarHandle U32 = MethodHandles.byteBufferViewVarHandle(int[].class, ORDER);

    private ShmWords() {
    }

    /**
     * Checks that {@code region} can carry the atomic words and both areas of
     * {@code layout}: a direct buffer, aligned for 64-bit access at index 0, with
     * at least the region's size.
     *
     * @throws IllegalArgumentException otherwise
     */
    static void requireUsable(ByteBuffer region, ShmRegionLayout layout) {
        if (!region.isDirect()) {
            throw new IllegalArgumentException("the SHM region must be a direct (mapped) buffer");
        }
        if (region.alignmentOffset(0, Long.BYTES) != 0) {
            throw new IllegalArgumentException("the SHM region must start at an 8-byte aligned address");
        }
        if (region.capacity() < layout.regionSize()) {
            throw new IllegalArgumentException("buffer of " + region.capacity() + " bytes is smaller than the region ("
                    + layout.regionSize() + ")");
        }
    }

    static long loadSequence(ByteBuffer region, int offset) {
        return (long) U64.getAcquire(region, offset);
    }

    /**
     * Adds one with release ordering, as the reference's {@code add_fetch(..., RELEASE)} but
     * as a load and a release store, not an atomic read-modify-write: only this side's
     * publisher writes the word, and the JVM turns a fault in a plain or volatile access of a
     * mapping a peer truncated into an {@link InternalError}, while a fault inside a
     * compare-and-set crashes the whole process.
     */
    static void incrementSequence(ByteBuffer region, int offset) {
        U64.setRelease(region, offset, (long) U64.getAcquire(region, offset) + 1);
    }

    static int load(ByteBuffer region, int offset) {
        return (int) U32.getAcquire(region, offset);
    }

    static void store(ByteBuffer region, int offset, int value) {
        U32.setRelease(region, offset, value);
    }

    /**
     * Adds one with release ordering (wrapping at 2^32, as an unsigned C counter does), as a
     * load and a release store for the reason {@link #incrementSequence} gives. The publisher
     * and a closer may both bump a signal word at once and one bump may be lost. Nothing is
     * missed for good: each of them wakes after its own store, and a reader loads the word
     * before the sequence. At worst a reader that loaded the word between the two stores
     * sleeps on a value the lost bump left unchanged, until the next wait slice ends (only
     * when a close races a send).
     */
    static void increment(ByteBuffer region, int offset) {
        U32.setRelease(region, offset, (int) U32.getAcquire(region, offset) + 1);
    }
}
