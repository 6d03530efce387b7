package io.netdata.netipc.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The monotonic clock and the sleep the clients pace and time themselves with;
 * tests put a clock of their own in its place, so that pacing is checked on
 * counts rather than on wall-clock time.
 *
 * <p>Thread-safety: {@link #SYSTEM} is; other implementations say.
 */
interface BenchClock {
    /** {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    BenchClock SYSTEM = new BenchClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /** Sleeps about {@code nanos} (never spins). */
    void sleepNanos(long nanos);
}
