package io.netdata.netipc.nativeio;

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
 * thread; {@link #clear()} and {@link #close()} belong to the owner.
 */
public final class AbortSignal implements AutoCloseable {
    /** {@code EFD_CLOEXEC} and {@code EFD_NONBLOCK} share the values of the open flags on Linux. */
    private static final int FLAGS = OpenFlags.O_CLOEXEC.intValue() | OpenFlags.O_NONBLOCK.intValue();
    /** An eventfd is read and written in units of one 8-byte counter. */
    private static final int COUNTER_SIZE = Long.BYTES;

    private final NativeFd fd;
    private final ByteBuffer one = ByteBuffer.allocateDirect(COUNTER_SIZE).order(ByteOrder.nativeOrder());
    private final ByteBuffer drain = ByteBuffer.allocateDirect(COUNTER_SIZE);
    private final long oneAddress;
    private final long drainAddress;

    private AbortSignal(int fd) {
        this.fd = new NativeFd(fd);
        one.putLong(0, 1);
        this.oneAddress = Native.address(one);
        this.drainAddress = Native.address(drain);
    }

    /**
     * A new, unsignaled abort object.
     *
     * @throws NativeException when {@code eventfd} fails
     */
    public static AbortSignal create() throws NativeException {
        return new AbortSignal(Native.check(Native.libc().eventfd(0, FLAGS), "eventfd"));
    }

    /** The descriptor to include in {@code poll}; readable while signaled. */
    public int fd() {
        return fd.fd();
    }

    /** Signals: every current and later wait on it returns ABORTED until {@link #clear()}. */
    public void signal() {
        // The counter only saturates after 2^64 - 2 signals (EAGAIN): it is signaled either way.
        Native.libc().write(fd.fd(), oneAddress, COUNTER_SIZE);
    }

    /**
     * Clears a signal.
     *
     * @throws NativeException when the descriptor cannot be read for a reason other than "not signaled"
     */
    public void clear() throws NativeException {
        if (Native.libc().read(fd.fd(), drainAddress, COUNTER_SIZE) < 0) {
            int errno = Native.errno();
            if (errno != Errno.EAGAIN.intValue()) {
                throw new NativeException("read eventfd", errno);
            }
        }
    }

    /** True while signaled. */
    public boolean isSignaled() throws NativeException {
        return new ReadinessWait().await(fd.fd(), NativeFd.CLOSED, ReadinessWait.NOW) == WaitResult.READY;
    }

    @Override
    public void close() {
        fd.close();
    }
}
