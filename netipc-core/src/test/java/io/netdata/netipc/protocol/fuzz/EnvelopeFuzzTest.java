package io.netdata.netipc.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the envelope codecs in {@code io.netdata.netipc.protocol}.
 * See {@link FuzzHarness} for what every target checks and
 * {@code docs/fuzzing.md} for how to run them.
 *
 * <p>In the normal build ({@code JAZZER_FUZZ} unset) each method runs once per
 * file of its seed corpus, {@code src/test/resources/io/netdata/netipc/protocol/fuzz/EnvelopeFuzzTestInputs/<method>/}.
 */
class EnvelopeFuzzTest {

    /** A whole message: header, then the payload or batch its kind, code and flags select. */
    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void messageHeader(byte[] data) {
        FuzzHarness.run(FuzzTarget.MESSAGE_HEADER, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void chunkHeader(byte[] data) {
        FuzzHarness.run(FuzzTarget.CHUNK_HEADER, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void hello(byte[] data) {
        FuzzHarness.run(FuzzTarget.HELLO, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void helloAck(byte[] data) {
        FuzzHarness.run(FuzzTarget.HELLO_ACK, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void increment(byte[] data) {
        FuzzHarness.run(FuzzTarget.INCREMENT, data);
    }

    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void stringReverse(byte[] data) {
        FuzzHarness.run(FuzzTarget.STRING_REVERSE, data);
    }

    /** The first 4 bytes (host order) are the outer header's item_count; the rest is the batch payload. */
    @FuzzTest(maxDuration = FuzzDefaults.MAX_DURATION)
    void batch(byte[] data) {
        FuzzHarness.run(FuzzTarget.BATCH, data);
    }
}
