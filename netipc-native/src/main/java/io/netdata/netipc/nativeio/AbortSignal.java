package io.netdata.netipc.nativeio;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;

/**
 * A wake-up object for blocked waits: an {@code eventfd} that another thread
 * signals to abort a {@link ReadinessWait} in progress. A signal is sticky: every
 * wait that includes it returns {@link WaitResult#ABORTED} until {@link #clear()}.
 *
 * <p>Thread-safety: {@link #signal()} and {@link #isSignaled()} are safe from any
 * thread, and so is {@link #close()}: a wait or signal in progress keeps the
 * eventfd open until it returns. A signal after close does nothing; waiting on
 * a closed signal, {@link #isSignaled()} and {@link #clear()} after close throw
 * {@link IllegalStateException}. {@link #clear()} belongs to the owner.
 *
 * <p>{@link #isSignaled()} reads a flag kept beside the eventfd instead of polling
 * it: a call checks its abort before every send, and a {@code poll} there cost a
 * system call per call. {@link #signal()} and {@link #clear()} change the flag and
 * the eventfd together under one lock, so the two always agree once either
 * returns (a waiter polling the eventfd and a caller reading the flag see the same
 * state).
 */
public final class AbortSignal implements AutoCloseable {
    /** {@code EFD_CLOEXEC} and {@code EFD_NONBLOCK} share the values of the open flags on Linux. */
    private static final int FLAGS = OpenFlags.O_CLOEXEC.intValue() | OpenFlags.O_NONBLOCK.intValue();
    /** An eventfd is read and written in units of one 8-byte counter. */
    private static final int COUNTER_SIZE = Long.BYTES;

    private final NativeFd fd;
    private final ByteBuffer one;
    private final ByteBuffer drain;
    private final long oneAddress;
    private final long drainAddress;
    /** Orders {@link #signal()} against {@link #clear()}, so that the flag and the eventfd agree. */
    private final Object transition = new Object();
    /** True from a signal until the clear after it; mirrors the eventfd's counter being non-zero. */
    private volatile boolean signaled;

    private AbortSignal(int fd, ByteBuffer one, ByteBuffer drain) {
        this.fd = new NativeFd(fd);
        this.one = one;
        this.drain = drain;
        this.oneAddress = Native.address(one);
        this.drainAddress = Native.address(drain);
    }

    /**
     * A new, unsignaled abort object.
     *
     * @throws NativeException when {@code eventfd} fails
     */
    public static AbortSignal create() throws NativeException {
        // Buffers first: once the eventfd exists nothing may fail before it has an owner.
        ByteBuffer one = ByteBuffer.allocateDirect(COUNTER_SIZE).order(ByteOrder.nativeOrder());
        one.putLong(0, 1);
        ByteBuffer drain = ByteBuffer.allocateDirect(COUNTER_SIZE);
        return new AbortSignal(Native.check(Native.libc().eventfd(0, FLAGS), "eventfd"), one, drain);
    }

    /**
     * The descriptor to include in a caller's own {@code poll}; readable while signaled.
     * Poll it only: {@link #isSignaled()} reads a flag kept in step with the counter by
     * {@link #signal()} and {@link #clear()}, so a caller that read (drained) or wrote the
     * descriptor would leave the two disagreeing.
     */
    public int fd() {
        return fd.fd();
    }

    /** Signals: every current and later wait on it returns ABORTED until {@link #clear()}. */
    public void signal() {
        int eventFd = fd.acquire();
        if (eventFd == NativeFd.CLOSED) {
            return;
        }
        try {
            synchronized (transition) {
                signaled = true;
                // The counter only saturates after 2^64 - 2 signals (EAGAIN): it is signaled either way.
                Native.libc().write(eventFd, oneAddress, COUNTER_SIZE);
            }
        } finally {
            fd.release();
            Reference.reachabilityFence(one);
        }
    }

    /**
     * Clears a signal.
     *
     * @throws NativeException when the descriptor cannot be read for a reason other than "not signaled"
     * @throws IllegalStateException after close
     */
    public void clear() throws NativeException {
        int eventFd = acquireOpen();
        try {
            synchronized (transition) {
                if (Native.libc().read(eventFd, drainAddress, COUNTER_SIZE) < 0) {
                    int errno = Native.errno();
                    if (errno != Errno.EAGAIN.intValue()) {
                        throw new NativeException("read eventfd", errno);
                    }
                }
                signaled = false;
            }
        } finally {
            releaseAcquired();
            Reference.reachabilityFence(drain);
        }
    }

    /**
     * True while signaled: from the start of a {@link #signal()} until a {@link #clear()}
     * after it. No system call and no allocation (a call checks it before every send).
     * Whenever the eventfd is readable this is true, provided the descriptor is only
     * polled (see {@link #fd()}).
     *
     * @throws IllegalStateException after close
     */
    public boolean isSignaled() {
        if (!fd.isOpen()) {
            throw new IllegalStateException("abort signal is closed");
        }
        return signaled;
    }

    /**
     * Acquires the eventfd for a wait that polls it; the caller must {@link #releaseAcquired()}.
     *
     * @throws IllegalStateException after close: a wait the caller believes abortable must not
     *     silently become unabortable
     */
    int acquireOpen() {
        int eventFd = fd.acquire();
        if (eventFd == NativeFd.CLOSED) {
            throw new IllegalStateException("abort signal is closed");
        }
        return eventFd;
    }

    /** Ends the reservation of {@link #acquireOpen()}. */
    void releaseAcquired() {
        fd.release();
    }

    /** Closes the eventfd once no wait or signal uses it; idempotent. */
    @Override
    public void close() {
        fd.close();
    }
}
