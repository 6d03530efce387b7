package io.netdata.netipc.service.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connected INCREMENT client allocates nothing per call once warm: the
 * call path, the abort probe before each attempt, and the observer hook
 * (measured on the calling thread; the test server runs on its own).
 */
class ClientSteadyStateAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    /** Room for a stray allocation of the JIT or the measurement itself, far below one per call. */
    private static final long TOLERANCE = 4096;
    private static final long SERVER_PAYLOAD = 4096;

    @TempDir
    Path runDir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void singleCallsAllocateNothingOnceWarm() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, "steady");
        long[] observed = new long[1];
        try (IncrementTestServer server = IncrementTestServer.start(endpoint,
                IncrementTestServer.config(Wire.PROFILE_BASELINE, SERVER_PAYLOAD, SERVER_PAYLOAD));
                IncrementClient client = IncrementClient.create(ClientConfig.builder(runDir, "steady")
                        .authToken(IncrementTestServer.TOKEN)
                        .callObserver((kind, error, nanos) -> observed[0]++).build())) {
            assertThat(client.refresh()).isTrue();
            long value = 0;
            for (int i = 0; i < WARM_UP; i++) {
                value = client.call(value);
            }
            long before = allocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                value = client.call(value);
            }
            long allocated = allocatedBytes() - before;

            assertThat(value).as("the counter chain").isEqualTo(WARM_UP + MEASURED);
            assertThat(observed[0]).isEqualTo(WARM_UP + MEASURED);
            assertThat(allocated).as("bytes allocated by %d calls", MEASURED).isLessThan(TOLERANCE);
        }
    }
}
