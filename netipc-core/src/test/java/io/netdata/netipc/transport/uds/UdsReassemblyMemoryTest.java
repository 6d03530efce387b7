package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reassembly the heap cannot hold breaks only its own session (docs/transport.md, "Buffers"):
 * in a child JVM with a 64 MiB heap ({@link SmallHeapVictimChild}), a peer that really sends a
 * request of the negotiated 256 MiB makes the receiving session's buffer outgrow the heap. The
 * OutOfMemoryError is contained as LIMIT_EXCEEDED, and another session on the same listener
 * keeps echoing in the same JVM.
 */
class UdsReassemblyMemoryTest {
    @TempDir
    Path runDir;

    @Test
    void aReassemblyThatOutgrowsTheHeapIsLimitExceededAndSparesTheOtherSessions() throws Exception {
        try (ChildJvm child = ChildJvm.start(runDir.resolve("child.stderr"), SmallHeapVictimChild.class,
                runDir.toString())) {
            Map<String, String> report = child.report();
            assertThat(report).as("stderr:\n%s", child.stderr())
                    .containsEntry(SmallHeapVictimChild.VICTIM, "LIMIT_EXCEEDED")
                    .containsEntry(SmallHeapVictimChild.BYSTANDER, SmallHeapVictimChild.ECHOED);
            assertThat(report.get(SmallHeapVictimChild.CAUSE)).startsWith(OutOfMemoryError.class.getName());
        }
    }
}
