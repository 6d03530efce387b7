package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The native futex keeps each region's address after the first lookup: every
 * wait and wake must still land on the word of the buffer it is given, whichever
 * buffer came before.
 */
class NativeShmFutexTest {
    /** Longer than the hang guard: a wait on the wrong word would show as a hang, not a quick return. */
    private static final long LONG_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final int WORD = 0;

    @Test
    void waitsReadTheWordOfTheBufferTheyAreGivenWhenBuffersAlternate() {
        ByteBuffer holdsOne = ShmTestRegions.allocate(Long.BYTES);
        ByteBuffer holdsZero = ShmTestRegions.allocate(Long.BYTES);
        ByteBuffer sameMemoryAsOne = holdsOne.duplicate();
        holdsOne.putInt(WORD, 1);
        holdsZero.putInt(WORD, 0);
        NativeShmFutex futex = new NativeShmFutex();
        // Each wait expects the value the *other* buffer holds, so it returns at once only when it
        // reads its own word; one reading a remembered address of the other buffer would sleep.
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int round = 0; round < 3; round++) {
                futex.await(holdsZero, WORD, 1, LONG_SLEEP_NANOS);
                futex.await(holdsOne, WORD, 0, LONG_SLEEP_NANOS);
                futex.await(sameMemoryAsOne, WORD, 0, LONG_SLEEP_NANOS);
            }
        });
    }

    @Test
    void wakesThroughAnyBufferOfTheRegionReachItsSleeper() throws Exception {
        ByteBuffer region = ShmTestRegions.allocate(Long.BYTES);
        ByteBuffer other = ShmTestRegions.allocate(Long.BYTES);
        NativeShmFutex sleeperSide = new NativeShmFutex();
        NativeShmFutex wakerSide = new NativeShmFutex();
        wakerSide.wake(other, WORD);
        Thread sleeper = new Thread(() -> {
            try {
                sleeperSide.await(region, WORD, 0, LONG_SLEEP_NANOS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sleeper.start();
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            // A wake may come before the sleep begins; keep waking the region, through a buffer the
            // waker has not used before, until the sleeper is gone.
            while (sleeper.isAlive()) {
                wakerSide.wake(region.duplicate(), WORD);
                sleeper.join(1);
            }
        });
        assertThat(sleeper.isAlive()).isFalse();
    }
}
