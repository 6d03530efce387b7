package io.netdata.netipc.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the CGROUPS_SNAPSHOT codecs in
 * {@code io.netdata.netipc.protocol.cgroups}. See {@link FuzzHarness} and
 * {@code docs/fuzzing.md}.
 */
class CgroupsSnapshotFuzzTest {

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void cgroupsSnapshotRequest(byte[] data) {
        FuzzHarness.run(FuzzTarget.CGROUPS_SNAPSHOT_REQUEST, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void cgroupsSnapshotResponse(byte[] data) {
        FuzzHarness.run(FuzzTarget.CGROUPS_SNAPSHOT_RESPONSE, data);
    }
}
