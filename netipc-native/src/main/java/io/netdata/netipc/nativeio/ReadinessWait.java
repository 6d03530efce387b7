package io.netdata.netipc.nativeio;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;

/**
 * Waits until a descriptor is readable, a deadline passes or an abort signal is
 * set, with {@code poll(2)}. One deadline covers the whole wait however often
 * the call is interrupted ({@code EINTR} is retried with the time left), so a
 * caller receiving a multi-packet message can pass the same deadline to every
 * wait. An abort wins over readiness: a signaled abort always ends the wait.
 *
 * <p>The {@code struct pollfd} array lives in direct memory owned by the
 * object, so waiting allocates nothing.
 *
 * <p>Thread-safety: not thread-safe; give each waiting thread its own instance.
 */
public final class ReadinessWait {
    /** Deadline value for "no deadline". */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Deadline value for "do not block". */
    public static final long NOW = Long.MIN_VALUE;

    /** Linux {@code poll} event bits (the same on every supported architecture). */
    static final short POLLIN = 0x001;
    static final short POLLNVAL = 0x020;

    private static final int POLLFD_SIZE = 8;
    private static final int OFF_FD = 0;
    private static final int OFF_EVENTS = 4;
    private static final int OFF_REVENTS = 6;
    private static final int TARGET = 0;
    private static final int ABORT = 1;
    private static final int INFINITE = -1;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final ByteBuffer pollfds = ByteBuffer.allocateDirect(2 * POLLFD_SIZE).order(ByteOrder.nativeOrder());
    private final long address = Native.address(pollfds);

    /**
     * Waits for {@code fd} to become readable or {@code abort} to be signaled; the
     * abort's eventfd stays open while the wait polls it, whoever closes it meanwhile.
     *
     * @param fd a descriptor the caller keeps open during the wait (see {@link NativeFd#acquire()})
     * @param abort may be null
     * @param deadlineNanos a {@link System#nanoTime()} deadline, {@link #NO_DEADLINE} or {@link #NOW}
     * @throws NativeException when {@code poll} fails or a descriptor is invalid
     * @throws IllegalStateException when {@code abort} is closed
     */
    public WaitResult await(int fd, AbortSignal abort, long deadlineNanos) throws NativeException {
        if (abort == null) {
            return await(fd, NativeFd.CLOSED, deadlineNanos);
        }
        int abortFd = abort.acquireOpen();
        try {
            return await(fd, abortFd, deadlineNanos);
        } finally {
            abort.releaseAcquired();
        }
    }

    /**
     * Waits for {@code fd} to become readable; both descriptors must stay open
     * during the wait, which is the caller's to ensure.
     *
     * @param fd the descriptor to wait for (not negative: {@code poll} would ignore it and wait forever)
     * @param abortFd an {@link AbortSignal#fd()}, or {@link NativeFd#CLOSED} for none
     * @param deadlineNanos a {@link System#nanoTime()} deadline, {@link #NO_DEADLINE} or {@link #NOW}
     * @throws NativeException when {@code poll} fails or a descriptor is invalid
     */
    public WaitResult await(int fd, int abortFd, long deadlineNanos) throws NativeException {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        try {
            return poll(fd, abortFd, deadlineNanos);
        } finally {
            // The pollfd array is read by the kernel: it must outlive the call even if this object does not.
            Reference.reachabilityFence(pollfds);
        }
    }

    private WaitResult poll(int fd, int abortFd, long deadlineNanos) throws NativeException {
        int count = abortFd == NativeFd.CLOSED ? 1 : 2;
        setEntry(TARGET, fd);
        setEntry(ABORT, abortFd);
        while (true) {
            int timeout = timeoutMillis(deadlineNanos);
            int ready = Native.libc().poll(address, count, timeout);
            if (ready < 0) {
                int errno = Native.errno();
                if (errno == Errno.EINTR.intValue()) {
                    continue;
                }
                throw new NativeException("poll", errno);
            }
            if (count == 2 && returned(ABORT) != 0) {
                checkValid(ABORT);
                return WaitResult.ABORTED;
            }
            if (returned(TARGET) != 0) {
                checkValid(TARGET);
                return WaitResult.READY;
            }
            if (timeout != INFINITE && remainingNanos(deadlineNanos) <= 0) {
                return WaitResult.TIMEOUT;
            }
        }
    }

    private void setEntry(int index, int fd) {
        int base = index * POLLFD_SIZE;
        pollfds.putInt(base + OFF_FD, fd);
        pollfds.putShort(base + OFF_EVENTS, POLLIN);
        pollfds.putShort(base + OFF_REVENTS, (short) 0);
    }

    private short returned(int index) {
        return pollfds.getShort(index * POLLFD_SIZE + OFF_REVENTS);
    }

    private void checkValid(int index) throws NativeException {
        if ((returned(index) & POLLNVAL) != 0) {
            throw new NativeException("poll fd " + pollfds.getInt(index * POLLFD_SIZE + OFF_FD),
                    Errno.EBADF.intValue());
        }
    }

    /** Milliseconds to pass to {@code poll}, rounded up so a wait never ends before its deadline. */
    private static int timeoutMillis(long deadlineNanos) {
        if (deadlineNanos == NO_DEADLINE) {
            return INFINITE;
        }
        if (deadlineNanos == NOW) {
            return 0;
        }
        long remaining = remainingNanos(deadlineNanos);
        if (remaining <= 0) {
            return 0;
        }
        long millis = (remaining + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private static long remainingNanos(long deadlineNanos) {
        return deadlineNanos == NOW ? 0 : deadlineNanos - System.nanoTime();
    }
}
