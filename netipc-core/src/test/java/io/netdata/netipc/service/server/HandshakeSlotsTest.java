package io.netdata.netipc.service.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The bound on concurrent handshakes: a taker waits for a release, and closing ends the wait. */
class HandshakeSlotsTest {
    private static final long WAIT_MILLIS = 10_000;

    @Test
    void aTakerBeyondTheLimitWaitsForARelease() throws Exception {
        HandshakeSlots slots = new HandshakeSlots(2);
        assertThat(slots.take(() -> true)).isTrue();
        assertThat(slots.take(() -> true)).isTrue();
        AtomicReference<Boolean> third = new AtomicReference<>();
        Thread taker = new Thread(() -> third.set(slots.take(() -> true)));
        taker.start();
        awaitWaiting(taker);
        assertThat(third.get()).as("no slot yet").isNull();

        slots.release();
        taker.join(WAIT_MILLIS);

        assertThat(third.get()).isTrue();
    }

    @Test
    void closingEndsTheWaitWithoutASlot() throws Exception {
        HandshakeSlots slots = new HandshakeSlots(1);
        AtomicBoolean open = new AtomicBoolean(true);
        assertThat(slots.take(open::get)).isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread taker = new Thread(() -> second.set(slots.take(open::get)));
        taker.start();
        awaitWaiting(taker);

        open.set(false);
        slots.wakeAll();
        taker.join(WAIT_MILLIS);

        assertThat(second.get()).isFalse();
        assertThat(slots.take(open::get)).as("closed: no slot, no wait").isFalse();
    }

    @Test
    void needsAtLeastOneSlot() {
        assertThatThrownBy(() -> new HandshakeSlots(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Until {@code thread} waits in {@code take} (a state, not a duration, decides). */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.currentTimeMillis()).as("the taker waits").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
