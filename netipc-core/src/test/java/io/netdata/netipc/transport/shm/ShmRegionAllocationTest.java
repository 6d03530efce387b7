package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.uds.ChildJvm;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region whose blocks cannot be reserved fails with the distinct
 * ALLOCATION_FAILED, leaving nothing behind and never a sparse file. The
 * failure is provoked in a child JVM whose file-size limit ({@code ulimit -f})
 * is below the region's size: {@code fallocate} then fails with {@code EFBIG}
 * (the JVM ignores the accompanying {@code SIGXFSZ}).
 */
class ShmRegionAllocationTest {
    /** The child's file-size limit, in the KiB units of {@code ulimit -f}. */
    private static final long FILE_SIZE_LIMIT_KIB = 1024;
    /** A request payload limit that makes the region 16 MiB, far above the limit. */
    private static final long PAYLOAD_LIMIT = 8L << 20;

    @TempDir
    Path runDir;
    @TempDir
    Path logs;

    @Test
    void aRegionTheFilesystemWillNotBackIsAnAllocationFailureThatLeavesNothingBehind() throws Exception {
        Map<String, String> report;
        try (ChildJvm child = ChildJvm.startWithLimit("-f", FILE_SIZE_LIMIT_KIB, logs.resolve("stderr"),
                RegionAllocationChild.class, runDir.toString(), "alloc", Long.toString(PAYLOAD_LIMIT))) {
            report = child.report();
            assertThat(child.process().waitFor(ChildJvm.STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(report).containsEntry(RegionAllocationChild.ERROR, TransportError.ALLOCATION_FAILED.name())
                .containsEntry(RegionAllocationChild.LEFT_BEHIND, "0")
                .doesNotContainKey(RegionAllocationChild.CREATED);
    }
}
