package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

/** Descriptor-leak checks: the process's open descriptors before and after a test's work. */
final class FdCount {
    /** How long descriptors closed on other threads (session closers, reapers) get to settle. */
    private static final long SETTLE_NANOS = 5_000_000_000L;
    private static final long POLL_MILLIS = 20;

    private FdCount() {
    }

    /**
     * Asserts that this process has exactly {@code before} descriptors open,
     * allowing a few seconds for closes still in progress on other threads.
     */
    static void assertReturnsTo(long before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        long now = UdsTestSupport.openDescriptors();
        while (now != before && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
            now = UdsTestSupport.openDescriptors();
        }
        assertThat(now).as("open descriptors after the test (before: %d)", before).isEqualTo(before);
    }
}
