package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.transport.ServiceEndpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The listener's configurable accept-queue length. The kernel does not report
 * a socket's backlog directly, so the tests count how many connections wait in
 * the queue before a non-blocking connect finds it full: Linux admits the
 * backlog, plus one for AF_UNIX (its queue is full only once longer than the
 * backlog).
 */
class UdsListenerBacklogTest {
    @TempDir
    Path runDir;

    private ServiceEndpoint endpoint() {
        return new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
    }

    private UdsListener open(int backlog) throws Exception {
        return UdsListener.open(endpoint(), UdsListener.DEFAULT_CONFIG, UdsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                backlog);
    }

    @ParameterizedTest(name = "backlog {0} queues {1} connections")
    @CsvSource({"1, 1", "3, 3", "0, " + UdsListener.DEFAULT_BACKLOG})
    void theConfiguredBacklogIsTheQueueListenGets(int backlog, int queued) throws Exception {
        try (UdsListener listener = open(backlog);
                PendingConnections pending = PendingConnections.fillQueue(endpoint().socketPath())) {
            assertThat(pending.count()).isBetween(queued, queued + 1);
        }
    }

    @Test
    void theShorterOverloadsUseTheDefault() throws Exception {
        try (UdsListener listener = UdsListener.open(endpoint());
                PendingConnections pending = PendingConnections.fillQueue(endpoint().socketPath())) {
            assertThat(pending.count()).isBetween(UdsListener.DEFAULT_BACKLOG, UdsListener.DEFAULT_BACKLOG + 1);
        }
    }

    @Test
    void aNegativeBacklogIsRefusedBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> open(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThat(endpoint().socketPath()).doesNotExist();
    }

    @Test
    void zeroMeansTheReferenceDefault() {
        assertThat(UdsListener.effectiveBacklog(0)).isEqualTo(UdsListener.DEFAULT_BACKLOG).isEqualTo(16);
        assertThat(UdsListener.effectiveBacklog(1)).isEqualTo(1);
        assertThat(UdsListener.effectiveBacklog(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
