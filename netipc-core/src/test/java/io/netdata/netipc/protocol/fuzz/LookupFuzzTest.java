package io.netdata.netipc.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the CGROUPS_LOOKUP and APPS_LOOKUP codecs in
 * {@code io.netdata.netipc.protocol.lookup}. See {@link FuzzHarness} and
 * {@code docs/fuzzing.md}.
 */
class LookupFuzzTest {

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void cgroupsLookupRequest(byte[] data) {
        FuzzHarness.run(FuzzTarget.CGROUPS_LOOKUP_REQUEST, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void cgroupsLookupResponse(byte[] data) {
        FuzzHarness.run(FuzzTarget.CGROUPS_LOOKUP_RESPONSE, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void appsLookupRequest(byte[] data) {
        FuzzHarness.run(FuzzTarget.APPS_LOOKUP_REQUEST, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void appsLookupResponse(byte[] data) {
        FuzzHarness.run(FuzzTarget.APPS_LOOKUP_RESPONSE, data);
    }
}
