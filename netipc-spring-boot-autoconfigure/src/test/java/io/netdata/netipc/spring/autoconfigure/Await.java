package io.netdata.netipc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, within a bound, for something the refresh scheduler does on its own threads. */
final class Await {
    static final Duration BOUND = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(10);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(POLL.toMillis());
        }
    }
}
