package io.netdata.netipc.service.server;

import io.netdata.netipc.service.ServiceDefaults;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A payload ceiling a managed server offers its next sessions. Configured, it
 * never changes; left at zero it starts at {@link ServiceDefaults#SERVER_PAYLOAD_BYTES}
 * and grows to the next power of two of any payload a session needed, at most
 * to {@link ServiceDefaults#PAYLOAD_GROWTH_CAP_BYTES} (the reference servers'
 * learned capacities).
 *
 * <p>Thread-safety: thread-safe; sessions note what they needed concurrently.
 */
final class LearnedCeiling {
    private final AtomicLong current;
    private final long growthCeiling;

    /** @param configured the configured ceiling (unsigned 32-bit); 0 to learn one */
    LearnedCeiling(long configured) {
        this.current = new AtomicLong(configured != 0 ? configured : ServiceDefaults.SERVER_PAYLOAD_BYTES);
        this.growthCeiling = configured != 0 ? configured : ServiceDefaults.PAYLOAD_GROWTH_CAP_BYTES;
    }

    /** The ceiling to offer now. */
    long current() {
        return current.get();
    }

    /** Grows the ceiling so that a payload of {@code needed} bytes fits, within the growth ceiling. */
    void note(long needed) {
        long grown = Math.min(nextPowerOfTwo(needed), growthCeiling);
        // Every request notes its size: a plain read keeps the common case (no growth) free of a CAS.
        if (grown > current.get()) {
            current.accumulateAndGet(grown, Math::max);
        }
    }

    /** The smallest power of two at or above {@code value} (1 for 0), saturating at 2^62. */
    static long nextPowerOfTwo(long value) {
        if (value <= 1) {
            return 1;
        }
        long power = Long.highestOneBit(value - 1) << 1;
        return power <= 0 ? Long.highestOneBit(Long.MAX_VALUE) : power;
    }
}
