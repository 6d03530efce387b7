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
 * <p>The native address of the region is looked up once per region and kept:
 * the lookup is a JNI call, and a publisher wakes after every message.
 *
 * <p>Thread-safety: {@link #wake} from any thread; {@link #await} from one
 * thread at a time (the instance owns the wait's {@code timespec}).
 */
public final class NativeShmFutex implements ShmFutex {
    /** Only the peer's reader of a direction ever waits on its word. */
    private static final int ONE_WAITER = 1;

    private final Futex futex = new Futex();
    /**
     * The region buffer last waited on and the one last woken through, each with its
     * address (a publisher and a consumer hold buffers of their own over the same region):
     * immutable pairs, so any thread may read them.
     */
    private volatile Resolved waited;
    private volatile Resolved woken;

    private record Resolved(ByteBuffer region, long address) {
        /** True when this pair resolves {@code buffer}. */
        boolean resolves(ByteBuffer buffer) {
            return region == buffer;
        }
    }

    @Override
    public void await(ByteBuffer region, int wordOffset, int expected, long timeoutNanos) throws TransportException {
        try {
            Resolved last = waited;
            if (last == null || !last.resolves(region)) {
                last = new Resolved(region, Native.address(region));
                waited = last;
            }
            futex.await(last.address() + wordOffset, expected, timeoutNanos);
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, "futex wait: " + e.getMessage(), e);
        }
    }

    @Override
    public void wake(ByteBuffer region, int wordOffset) throws TransportException {
        try {
            Resolved last = woken;
            if (last == null || !last.resolves(region)) {
                last = new Resolved(region, Native.address(region));
                woken = last;
            }
            Futex.wake(last.address() + wordOffset, ONE_WAITER);
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, "futex wake: " + e.getMessage(), e);
        }
    }
}
