package io.netdata.netipc.transport.shm;

import io.netdata.netipc.nativeio.Futex;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;

/**
 * {@link ShmFutex} on Linux: shared {@code FUTEX_WAIT} and {@code FUTEX_WAKE}
 * on the region's words through {@link Futex}. Every outcome of a wait (woken,
 * value changed, interrupted, timed out) is a plain return: the consumer
 * re-checks its sequence and deadline anyway.
 *
 * <p>Thread-safety: {@link #wake} from any thread; {@link #await} from one
 * thread at a time (the instance owns the wait's {@code timespec}).
 */
public final class NativeShmFutex implements ShmFutex {
    /** Only the peer's reader of a direction ever waits on its word. */
    private static final int ONE_WAITER = 1;

    private final Futex futex = new Futex();

    @Override
    public void await(ByteBuffer region, int wordOffset, int expected, long timeoutNanos) throws TransportException {
        try {
            futex.await(Native.address(region) + wordOffset, expected, timeoutNanos);
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, "futex wait: " + e.getMessage(), e);
        }
    }

    @Override
    public void wake(ByteBuffer region, int wordOffset) throws TransportException {
        try {
            Futex.wake(Native.address(region) + wordOffset, ONE_WAITER);
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, "futex wake: " + e.getMessage(), e);
        }
    }
}
