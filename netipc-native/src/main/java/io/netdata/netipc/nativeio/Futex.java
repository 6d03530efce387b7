package io.netdata.netipc.nativeio;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;

/**
 * Linux futex wait and wake on a 32-bit word in shared memory, through the raw
 * system call (libc has no wrapper). The operations are the shared ones, not
 * {@code FUTEX_PRIVATE_FLAG}: the word lives in a mapping shared between
 * processes, and a private wait would never see the other process's wake.
 *
 * <p>The word's address must stay mapped for the whole call: callers hold their
 * {@link SharedMapping} acquired while they wait or wake.
 *
 * <p>Thread-safety: {@link #wake(long, int)} is safe from any thread; an
 * instance (which owns the {@code timespec} of its waits, so waiting allocates
 * nothing) belongs to one waiting thread at a time.
 */
public final class Futex {
    /** {@code FUTEX_WAIT}: sleep while the word holds the expected value. */
    static final int FUTEX_WAIT = 0;
    /** {@code FUTEX_WAKE}: wake up to a number of waiters. */
    static final int FUTEX_WAKE = 1;
    /** Wake every waiter. */
    public static final int ALL = Integer.MAX_VALUE;
    /** Timeout value for "wait without a timeout". */
    public static final long NO_TIMEOUT = -1;

    private static final int TIMESPEC_SIZE = 2 * Long.BYTES;
    private static final int OFF_SECONDS = 0;
    private static final int OFF_NANOS = Long.BYTES;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long NULL = 0;
    private static final long SYS_FUTEX = SyscallNumbers.CURRENT.futex();

    /** How a wait ended. Thread-safety: immutable enum. */
    public enum Outcome {
        /** A wake, or a spurious return: re-check the condition. */
        WOKEN,
        /** The word did not hold the expected value when the wait began. */
        VALUE_CHANGED,
        /** The timeout passed. */
        TIMED_OUT,
        /** A signal interrupted the wait. */
        INTERRUPTED
    }

    private final ByteBuffer timespec = ByteBuffer.allocateDirect(TIMESPEC_SIZE).order(ByteOrder.nativeOrder());
    private final long timespecAddress = Native.address(timespec);

    /**
     * Sleeps while the u32 word at {@code wordAddress} holds {@code expected}, at
     * most {@code timeoutNanos} ({@link #NO_TIMEOUT} for no limit).
     *
     * @throws NativeException for a failure other than the outcomes above ({@code EFAULT},
     *     {@code EINVAL} for a misaligned word)
     * @throws IllegalArgumentException for a negative timeout other than {@link #NO_TIMEOUT}
     */
    public Outcome await(long wordAddress, int expected, long timeoutNanos) throws NativeException {
        if (timeoutNanos < 0 && timeoutNanos != NO_TIMEOUT) {
            // A computed remainder gone negative must not turn into "wait forever".
            throw new IllegalArgumentException("negative futex timeout: " + timeoutNanos);
        }
        long timeout = NULL;
        if (timeoutNanos >= 0) {
            timespec.putLong(OFF_SECONDS, timeoutNanos / NANOS_PER_SECOND);
            timespec.putLong(OFF_NANOS, timeoutNanos % NANOS_PER_SECOND);
            timeout = timespecAddress;
        }
        try {
            long result = Native.libc().syscall(SYS_FUTEX, wordAddress, FUTEX_WAIT, expected, timeout);
            if (result == 0) {
                return Outcome.WOKEN;
            }
            int errno = Native.errno();
            if (errno == Errno.EAGAIN.intValue()) {
                return Outcome.VALUE_CHANGED;
            }
            if (errno == Errno.ETIMEDOUT.intValue()) {
                return Outcome.TIMED_OUT;
            }
            if (errno == Errno.EINTR.intValue()) {
                return Outcome.INTERRUPTED;
            }
            throw new NativeException("futex wait", errno);
        } finally {
            Reference.reachabilityFence(timespec);
        }
    }

    /**
     * Wakes up to {@code count} threads waiting on the word at {@code wordAddress}.
     *
     * @return how many were woken
     * @throws NativeException when the call fails
     */
    public static int wake(long wordAddress, int count) throws NativeException {
        long woken = Native.libc().syscall(SYS_FUTEX, wordAddress, FUTEX_WAKE, count, NULL);
        if (woken < 0) {
            throw new NativeException("futex wake", Native.errno());
        }
        return (int) woken;
    }
}
