package io.netdata.netipc.transport.shm;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A pure-Java stand-in for the futex, so the data plane can be tested without
 * native code: a waiter registers, re-checks the word and parks; a wake unparks
 * every registered waiter. A wake can still slip between the check and the park
 * (the word accesses are acquire/release, not sequentially consistent), so each
 * park is also capped at {@link #MAX_NAP_NANOS}: a lost wake costs latency,
 * never a hang, and {@code await} may return early, as the real futex may.
 * Waiting and waking allocate nothing.
 */
final class ParkingFutex implements ShmFutex {
    /** The longest single park. */
    static final long MAX_NAP_NANOS = 1_000_000;
    /** More threads than ever wait at once in these tests (one reader per direction). */
    private static final int SLOTS = 8;

    private final AtomicReferenceArray<Thread> waiters = new AtomicReferenceArray<>(SLOTS);
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong wakes = new AtomicLong();

    @Override
    public void await(ByteBuffer region, int wordOffset, int expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            throw new AssertionError("the data plane asked for a non-positive sleep: " + timeoutNanos);
        }
        waits.incrementAndGet();
        Thread self = Thread.currentThread();
        int slot = claim(self);
        try {
            if (ShmWords.load(region, wordOffset) == expected) {
                LockSupport.parkNanos(this, Math.min(timeoutNanos, MAX_NAP_NANOS));
            }
        } finally {
            waiters.set(slot, null);
        }
    }

    @Override
    public void wake(ByteBuffer region, int wordOffset) {
        wakes.incrementAndGet();
        for (int i = 0; i < SLOTS; i++) {
            Thread waiter = waiters.get(i);
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
    }

    /** How many times a reader asked to sleep. */
    long waits() {
        return waits.get();
    }

    /** How many times a writer woke. */
    long wakes() {
        return wakes.get();
    }

    private int claim(Thread self) {
        while (true) {
            for (int i = 0; i < SLOTS; i++) {
                if (waiters.compareAndSet(i, null, self)) {
                    return i;
                }
            }
            Thread.onSpinWait();
        }
    }
}
