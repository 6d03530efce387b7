package io.netdata.netipc.service.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits for a managed server's counters: a request is counted once its answer
 * is sent, so a client may read the answer a moment before the count moves.
 */
final class ServerStatusWait {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 2;

    private ServerStatusWait() {
    }

    /** Returns the first status that satisfies {@code condition}; fails after 10 s. */
    static ServerStatus until(ManagedServer server, Predicate<ServerStatus> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ServerStatus status = server.status();
        while (!condition.test(status)) {
            assertThat(System.nanoTime()).as(what + ", last seen " + status).isLessThan(deadline);
            Thread.sleep(POLL_MILLIS);
            status = server.status();
        }
        return status;
    }
}
