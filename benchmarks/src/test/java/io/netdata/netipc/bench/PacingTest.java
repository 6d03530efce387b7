package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter and {@link BenchClients#measure}'s pacing, on a fake clock:
 * counts of calls, never wall-clock thresholds.
 */
class PacingTest {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Calls a limiter lets through from now until {@code windowNanos} have passed on the fake clock. */
    private static long callsIn(RateLimiter limiter, FakeClock clock, long windowNanos, long nanosPerCall) {
        long end = clock.nanoTime() + windowNanos;
        long calls = 0;
        while (true) {
            limiter.await();
            if (clock.nanoTime() >= end) {
                return calls;
            }
            calls++;
            clock.advance(nanosPerCall);
        }
    }

    @Test
    void aPacedWindowStaysAtItsTarget() {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(1000, clock);
        long calls = callsIn(limiter, clock, 2 * NANOS_PER_SECOND, 1000);
        assertThat(calls).isBetween(1999L, 2001L);
    }

    @Test
    void earlyWakeUpsDoNotLetACallGoEarly() {
        FakeClock clock = new FakeClock(4);
        RateLimiter limiter = new RateLimiter(1000, clock);
        assertThat(callsIn(limiter, clock, NANOS_PER_SECOND, 0)).isLessThanOrEqualTo(1001L);
    }

    @Test
    void aRestartedLimiterOwesNothingFromBefore() {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(1000, clock);
        limiter.await();
        clock.advance(NANOS_PER_SECOND / 2);
        limiter.start();
        // Half a second behind, a limiter left running would let about 500 calls through at once.
        assertThat(callsIn(limiter, clock, NANOS_PER_SECOND, 1)).isLessThanOrEqualTo(1001L);
    }

    @Test
    void zeroAndRatesAboveOnePerNanosecondAreUnlimited() {
        for (long rate : new long[] {0, 2_000_000_000L, -1}) {
            FakeClock clock = new FakeClock();
            RateLimiter limiter = new RateLimiter(rate, clock);
            for (int i = 0; i < 1000; i++) {
                limiter.await();
            }
            assertThat(clock.sleeps()).as("rate %s", Long.toUnsignedString(rate)).isZero();
        }
    }

    /**
     * The warm-up's last call is slow (class loading, the interpreter) and ends after the warm-up: the
     * measured window must not start with the catch-up burst a limiter left running would allow.
     */
    @Test
    void aSlowWarmUpLeavesNoBurstInTheMeasuredWindow() throws Exception {
        FakeClock clock = new FakeClock();
        long rate = 1000;
        int durationSeconds = 2;
        long[] calls = {0};
        boolean[] measuring = {false};
        long warmup = BenchClients.warmupNanos(durationSeconds);
        Measurement measurement = BenchClients.measure(clock, durationSeconds, rate, new BenchClients.Exchange() {
            @Override
            public long run() {
                calls[0]++;
                clock.advance(calls[0] == 2 && !measuring[0] ? warmup + NANOS_PER_SECOND / 2 : 1000);
                return 1;
            }

            @Override
            public void startMeasuring() {
                measuring[0] = true;
            }
        });
        double window = measurement.wallNanos() / (double) NANOS_PER_SECOND;
        assertThat(window).isGreaterThan(1.0);
        assertThat((double) measurement.requests()).isLessThanOrEqualTo(rate * window + 1);
        assertThat((double) measurement.requests()).isGreaterThanOrEqualTo(rate * window - 1);
    }

    @Test
    void anUnpacedRunCountsEveryAnsweredItem() throws Exception {
        FakeClock clock = new FakeClock();
        Measurement measurement = BenchClients.measure(clock, 1, 0, () -> {
            clock.advance(1_000_000);
            return 3;
        });
        // 0.8 s measured at 1 ms a call, 3 items a call.
        assertThat(measurement.requests()).isBetween(2397L, 2403L);
        assertThat(clock.sleeps()).isZero();
    }
}
