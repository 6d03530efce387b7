package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport when a process has no descriptor left (EMFILE), shown by a child JVM started
 * with a low descriptor limit ({@link DescriptorExhaustionChild}) so this process keeps its own.
 * Stale-endpoint recovery cannot probe the socket file it finds and must keep it (it might be a
 * live server's), and sockets that cannot be created are I/O failures, not crashes.
 *
 * <p>Not covered: {@code UdsListener.open}'s own failing {@code socket()}. The stale-endpoint
 * probe opens and closes a descriptor just before it, so plain exhaustion always fails the probe
 * first (ADDRESS_IN_USE), and the listener's socket gets the probe's freed slot otherwise.
 */
class UdsDescriptorExhaustionTest {
    /** Room for the JVM's own descriptors (its class-path jars among them), and few enough to fill in a moment. */
    private static final int DESCRIPTOR_LIMIT = 256;

    @TempDir
    static Path runDir;

    private static Map<String, String> report;

    @BeforeAll
    static void runChild() throws Exception {
        try (ChildJvm child = ChildJvm.startWithDescriptorLimit(DESCRIPTOR_LIMIT, runDir.resolve("child.stderr"),
                DescriptorExhaustionChild.class, runDir.toString())) {
            report = child.report();
            assertThat(child.process().waitFor(UdsTestSupport.WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the child exits once it has reported").isTrue();
            assertThat(child.process().exitValue()).as("exit status; stderr:\n%s", child.stderr()).isZero();
        }
    }

    @Test
    void theChildFilledEveryDescriptorItHad() {
        assertThat(Integer.parseInt(report.get(DescriptorExhaustionChild.FILLERS))).isPositive();
    }

    @Test
    void aStaleEndpointIsKeptWhenNoDescriptorIsLeftToProbeIt() {
        assertThat(report).containsEntry(DescriptorExhaustionChild.STALE_OPEN, "ADDRESS_IN_USE EMFILE")
                .containsEntry(DescriptorExhaustionChild.STALE_KEPT, "true");
    }

    @Test
    void theKeptEndpointIsReclaimedOnceDescriptorsAreFreeAgain() {
        assertThat(report).containsEntry(DescriptorExhaustionChild.RECLAIM, DescriptorExhaustionChild.OK);
    }

    @Test
    void aStaleRegionIsKeptWhenNoDescriptorIsLeftToInspectIt() {
        assertThat(report).containsEntry(DescriptorExhaustionChild.SHM_STALE, "UNKNOWN_KEPT")
                .containsEntry(DescriptorExhaustionChild.SHM_KEPT, "true")
                .containsEntry(DescriptorExhaustionChild.SHM_CREATE, "ADDRESS_IN_USE");
    }

    @Test
    void theKeptRegionIsReclaimedOnceDescriptorsAreFreeAgain() {
        assertThat(report).containsEntry(DescriptorExhaustionChild.SHM_RECLAIM, "RECLAIMED");
    }

    @Test
    void connectingWithoutADescriptorForTheSocketIsAnIoFailure() {
        assertThat(report).containsEntry(DescriptorExhaustionChild.CONNECT, "IO EMFILE");
    }
}
