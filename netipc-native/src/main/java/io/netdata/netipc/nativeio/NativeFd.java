package io.netdata.netipc.nativeio;

import java.util.function.IntConsumer;

/**
 * An owned file descriptor, closed exactly once, and never while a system call
 * is using it.
 *
 * <p>A thread that calls into the kernel with the descriptor first
 * {@link #acquire() acquires} it and {@link #release() releases} it after the
 * call returns. {@link #close()} only marks the descriptor closed; the number is
 * handed back to the kernel by whichever comes last, the close or the last
 * release. Without this, a close on one thread between another thread's read of
 * the number and its system call would let that call act on whatever the
 * process opened next under the same number: another service's socket, a file.
 *
 * <p>A thread blocked in a call keeps the descriptor open, so a close that must
 * end such calls wakes them first: {@link #close(IntConsumer)} runs a wake-up
 * (for a socket, {@code shutdown}) on the still-valid number.
 *
 * <p>Thread-safety: every method is safe from any thread.
 */
public final class NativeFd implements AutoCloseable {
    /** The value {@link #fd()} and {@link #acquire()} return once closed. */
    public static final int CLOSED = -1;

    private final int number;
    private final UseCount uses = new UseCount();

    public NativeFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.number = fd;
    }

    /**
     * The descriptor number, or {@link #CLOSED} once close was requested. Fine
     * for display and for handing to a caller's event loop; a system call must
     * use {@link #acquire()} instead.
     */
    public int fd() {
        return isOpen() ? number : CLOSED;
    }

    /** False once close was requested. */
    public boolean isOpen() {
        return uses.isOpen();
    }

    /**
     * Reserves the descriptor for a system call: until the matching
     * {@link #release()} the number stays valid, whatever other threads do.
     *
     * @return the number, or {@link #CLOSED} (with nothing to release) once close was requested
     */
    public int acquire() {
        return uses.tryAcquire() ? number : CLOSED;
    }

    /** Ends a reservation of {@link #acquire()}; the last one after a close closes the descriptor. */
    public void release() {
        if (uses.release()) {
            Native.libc().close(number);
        }
    }

    /** Closes the descriptor once no system call uses it; idempotent. */
    @Override
    public void close() {
        close(null);
    }

    /**
     * Marks the descriptor closed, runs {@code wake} on its number (still valid
     * then) so that calls blocked on it return, and closes it once the last of
     * them has released it; idempotent: only the first call wakes.
     *
     * @param wake run with the descriptor number; may be null
     */
    public void close(IntConsumer wake) {
        if (!uses.beginClose()) {
            return;
        }
        try {
            if (wake != null) {
                wake.accept(number);
            }
        } finally {
            release();
        }
    }
}
