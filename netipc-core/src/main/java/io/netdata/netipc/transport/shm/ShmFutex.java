package io.netdata.netipc.transport.shm;

import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;

/**
 * Sleeping and waking on a 32-bit word of the region: on Linux the shared (not
 * private) {@code FUTEX_WAIT} and {@code FUTEX_WAKE}, which the native layer
 * provides; tests use a pure-Java stand-in. The data plane needs nothing more.
 *
 * <p>The data plane calls these only while the region stays mapped (see
 * {@code docs/shm.md}, "Lifecycle hooks").
 *
 * <p>Thread-safety: implementations must allow {@link #wake} from any thread while
 * another thread is in {@link #await}; one implementation instance may serve one
 * waiting thread at a time (a native one may own its timeout buffer).
 */
public interface ShmFutex {
    /**
     * Sleeps while the word at {@code wordOffset} still holds {@code expected}, for
     * at most {@code timeoutNanos}, and returns at once when it does not. It may
     * also return early for any reason (a wake, a signal, a spurious wake-up):
     * callers re-check their condition and their deadline after every return.
     *
     * @param region the whole region, direct and aligned
     * @param wordOffset a 4-byte aligned offset of a u32 word in {@code region}
     * @param expected the value read from the word before deciding to wait
     * @param timeoutNanos positive
     * @throws TransportException IO when the wait itself fails (not for the outcomes above)
     */
    void await(ByteBuffer region, int wordOffset, int expected, long timeoutNanos) throws TransportException;

    /**
     * Wakes the waiters on the word at {@code wordOffset}; at most one thread (the
     * peer's reader of this direction) waits on it.
     *
     * @throws TransportException IO when the wake fails
     */
    void wake(ByteBuffer region, int wordOffset) throws TransportException;
}
