package io.netdata.netipc.nativeio;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the threads using a native resource (a descriptor, a mapping) so that
 * it is freed exactly once, and never while a thread still uses it: closing
 * only marks it, and whoever comes last, the closer or the last user, frees it.
 *
 * <p>Thread-safety: lock-free; every method is safe from any thread.
 */
final class UseCount {
    /** State bit: close was requested. */
    private static final int CLOSING = 1;
    /** State increment per user; the count sits above the closing bit. */
    private static final int USER = 2;

    private final AtomicInteger state = new AtomicInteger();

    /** Counts one more user; false (nothing to release) once close was requested. */
    boolean tryAcquire() {
        while (true) {
            int current = state.get();
            if ((current & CLOSING) != 0) {
                return false;
            }
            if (state.compareAndSet(current, current + USER)) {
                return true;
            }
        }
    }

    /** Ends one use; true when it was the last after a close, and the caller must free the resource. */
    boolean release() {
        return state.addAndGet(-USER) == CLOSING;
    }

    /**
     * Requests close, counting the closer as a user until its own {@link #release()} (so it can
     * still reach the resource, to wake waiters); false when close was requested before.
     */
    boolean beginClose() {
        while (true) {
            int current = state.get();
            if ((current & CLOSING) != 0) {
                return false;
            }
            if (state.compareAndSet(current, (current | CLOSING) + USER)) {
                return true;
            }
        }
    }

    /** False once close was requested. */
    boolean isOpen() {
        return (state.get() & CLOSING) == 0;
    }
}
