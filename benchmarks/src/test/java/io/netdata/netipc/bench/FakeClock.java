package io.netdata.netipc.bench;

/**
 * A clock that moves only when told: by {@link #advance} (the work a test's
 * exchange pretends to do) and by sleeps, which pass exactly the time asked
 * for, or a part of it to play a spurious wake-up.
 *
 * <p>Thread-safety: confined to the test's thread.
 */
final class FakeClock implements BenchClock {
    private long now = 1_000_000_000L;
    private final long sleepDivisor;
    private long sleeps;

    /** Sleeps that last as long as asked. */
    FakeClock() {
        this(1);
    }

    /** Sleeps that last {@code 1 / sleepDivisor} of what was asked (at least 1 ns), as early wake-ups. */
    FakeClock(long sleepDivisor) {
        this.sleepDivisor = sleepDivisor;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps++;
        now += Math.max(1, nanos / sleepDivisor);
    }

    void advance(long nanos) {
        now += nanos;
    }

    long sleeps() {
        return sleeps;
    }
}
