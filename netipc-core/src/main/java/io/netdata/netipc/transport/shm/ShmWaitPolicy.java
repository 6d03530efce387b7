package io.netdata.netipc.transport.shm;

import java.util.concurrent.TimeUnit;

/**
 * How a reader waits for a publication (upstream {@code level1-posix-shm.md},
 * "Spin and wait"): up to {@code spinTries} checks of the sequence with a CPU
 * pause hint in between, then sleeps on the futex word, each sleep at most
 * {@code waitSliceNanos} so the {@link ShmAbortCheck} runs at least that often.
 *
 * <p>Thread-safety: immutable.
 *
 * @param spinTries checks before the first sleep; 0 sleeps at once (more spinning buys
 *     throughput at the price of CPU at low request rates)
 * @param waitSliceNanos the longest single sleep, positive
 */
public record ShmWaitPolicy(int spinTries, long waitSliceNanos) {
    /**
     * The reference's slice: its client re-checks its abort flag, and its server
     * its running flag and the session socket, every 100 ms while waiting.
     */
    public static final long DEFAULT_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** {@link ShmRegionLayout#DEFAULT_SPIN_TRIES} spins, then 100 ms slices. */
    public static final ShmWaitPolicy DEFAULT =
            new ShmWaitPolicy(ShmRegionLayout.DEFAULT_SPIN_TRIES, DEFAULT_WAIT_SLICE_NANOS);

    /**
     * @throws IllegalArgumentException for a negative spin count or a non-positive slice
     */
    public ShmWaitPolicy {
        if (spinTries < 0) {
            throw new IllegalArgumentException("spin tries must not be negative: " + spinTries);
        }
        if (waitSliceNanos <= 0) {
            throw new IllegalArgumentException("wait slice must be positive: " + waitSliceNanos);
        }
    }
}
