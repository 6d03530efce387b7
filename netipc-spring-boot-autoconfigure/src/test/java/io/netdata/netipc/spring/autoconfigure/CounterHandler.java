package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.service.server.IncrementHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reference increment handler, exported as service {@code counter} by the tests' contexts. Two
 * values misbehave on purpose: {@link #FAIL} throws (answered INTERNAL_ERROR) and {@link #HOLD}
 * waits until {@link #release()}, so that a call outlasts its timeout without any timing.
 */
@NetIpcHandler(service = "counter")
class CounterHandler implements IncrementHandler {
    static final long FAIL = -1;
    static final long HOLD = -2;

    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public long handle(long value) throws InterruptedException {
        if (value == FAIL) {
            throw new IllegalStateException("asked to fail");
        }
        if (value == HOLD) {
            released.await(Await.BOUND.toNanos(), TimeUnit.NANOSECONDS);
        }
        return value + 1;
    }

    /** Lets every held request go on. */
    void release() {
        released.countDown();
    }
}
