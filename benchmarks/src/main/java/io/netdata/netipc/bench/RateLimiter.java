package io.netdata.netipc.bench;

/**
 * The reference driver's pacing: a fixed interval between sends, slept (never
 * spun) when ahead, no sleep when behind; 0 requests per second means no limit.
 *
 * <p>When behind, the limiter lets calls through unpaced until it has caught
 * up, as the reference's does. So {@link #start} must be called when the window
 * it paces starts: a limiter left running across a slow warm-up would pay the
 * warm-up's debt with an unpaced burst inside the measured window.
 *
 * <p>Thread-safety: confined to one thread.
 */
final class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long UNLIMITED = 0;

    private final BenchClock clock;
    private final long interval;
    private long next;

    /** @param targetPerSecond unsigned; 0 for no limit, and so is a rate above a billion per second */
    RateLimiter(long targetPerSecond, BenchClock clock) {
        this.clock = clock;
        this.interval = targetPerSecond == UNLIMITED ? UNLIMITED
                : Long.divideUnsigned(NANOS_PER_SECOND, targetPerSecond);
        start();
    }

    /** Starts a new paced window now: the next call goes at once, and nothing is owed from before. */
    void start() {
        next = clock.nanoTime();
    }

    /** Waits for the next call's turn; a sleep that ends early (a spurious wake-up) sleeps again. */
    void await() {
        if (interval == UNLIMITED) {
            return;
        }
        for (long wait = next - clock.nanoTime(); wait > 0; wait = next - clock.nanoTime()) {
            clock.sleepNanos(wait);
        }
        next += interval;
    }
}
