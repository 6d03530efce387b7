package io.netdata.netipc.transport.shm;

import io.netdata.netipc.protocol.internal.NativeBytes;
import java.util.concurrent.TimeUnit;

/**
 * The server process a region names as its owner, as stale-region detection reads
 * it (upstream {@code level1-posix-shm.md}, "Stale region detection"): a region
 * is live only while its owner PID is alive and its generation is non-zero;
 * anything else found at a region path is reclaimed.
 *
 * <p>Thread-safety: immutable.
 *
 * @param pid the owner's process id (the header's i32)
 * @param generation the owner generation (u32); zero marks an uninitialised or legacy region
 */
public record ShmOwner(int pid, long generation) {
    /** The generation value that never claims liveness. */
    public static final long NO_GENERATION = 0;

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The reference drops the low 10 bits of the nanoseconds before mixing them in. */
    private static final int NANOS_SHIFT = 10;
    /** Used instead of a computed zero, which would make a live region look stale. */
    private static final long FALLBACK_GENERATION = 1;

    /**
     * @throws IllegalArgumentException when {@code generation} is outside the u32 range
     */
    public ShmOwner {
        if (generation < 0 || generation > NativeBytes.U32_MAX) {
            throw new IllegalArgumentException("owner generation must be a u32: " + generation);
        }
    }

    /**
     * False when the region must be treated as stale whatever its PID: the
     * generation is zero. True means "live if the PID is alive", which only the
     * native layer can check.
     */
    public boolean claimsLiveness() {
        return generation != NO_GENERATION;
    }

    /**
     * A generation for a region created at monotonic time {@code nanos}, mixed the
     * way the reference mixes its {@code CLOCK_MONOTONIC} reading (seconds XOR
     * nanoseconds shifted right by 10, truncated to 32 bits), but never zero: the
     * reference can produce zero by chance, and its own stale check then reclaims
     * a live region.
     *
     * @param nanos a non-negative monotonic clock reading in nanoseconds
     */
    public static long generationAt(long nanos) {
        long seconds = nanos / NANOS_PER_SECOND;
        long fraction = nanos % NANOS_PER_SECOND;
        long mixed = (seconds ^ (fraction >> NANOS_SHIFT)) & NativeBytes.U32_MASK;
        return mixed == NO_GENERATION ? FALLBACK_GENERATION : mixed;
    }
}
