package io.netdata.netipc.nativeio;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor, closed exactly once however many times
 * {@link #close()} is called and from whichever thread.
 *
 * <p>Thread-safety: {@link #close()} and {@link #fd()} are safe from any thread;
 * using the descriptor after close is the caller's error and yields {@code -1}.
 */
public final class NativeFd implements AutoCloseable {
    /** The value {@link #fd()} returns after close. */
    public static final int CLOSED = -1;

    private final AtomicInteger fd;

    public NativeFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.fd = new AtomicInteger(fd);
    }

    /** The descriptor, or {@link #CLOSED}. */
    public int fd() {
        return fd.get();
    }

    public boolean isOpen() {
        return fd.get() != CLOSED;
    }

    @Override
    public void close() {
        int value = fd.getAndSet(CLOSED);
        if (value != CLOSED) {
            Native.libc().close(value);
        }
    }
}
