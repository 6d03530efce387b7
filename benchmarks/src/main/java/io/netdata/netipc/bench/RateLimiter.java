package io.netdata.netipc.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The reference driver's pacing: a fixed interval between sends, slept (never
 * spun) when ahead; 0 requests per second means no limit.
 *
 * <p>Thread-safety: confined to one thread.
 */
final class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long interval;
    private long next;

    RateLimiter(long targetPerSecond) {
        this.interval = targetPerSecond == 0 ? 0 : NANOS_PER_SECOND / targetPerSecond;
        this.next = System.nanoTime();
    }

    void await() {
        if (interval == 0) {
            return;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        next += interval;
    }
}
