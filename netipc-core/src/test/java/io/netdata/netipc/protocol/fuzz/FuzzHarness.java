package io.netdata.netipc.protocol.fuzz;

import io.netdata.netipc.protocol.fuzz.Placement.Region;

/**
 * Runs one fuzz input through a {@link FuzzTarget}:
 *
 * <ol>
 *   <li>decode and walk it in every {@link Placement} (the fuzzer's own array;
 *       a read-only, big-endian heap buffer at offset 7; a little-endian
 *       direct buffer at offset 13), with fresh view objects for the first and
 *       long-lived re-wrapped ones for the others;</li>
 *   <li>require equal outcomes everywhere (same owned value, or the same
 *       {@link io.netdata.netipc.protocol.CodecError}), input and guard bytes
 *       unchanged;</li>
 *   <li>on success, apply the target's re-encoding oracle.</li>
 * </ol>
 *
 * <p>Only {@link io.netdata.netipc.protocol.CodecException} is caught (inside
 * {@link Outcome#of}); anything else thrown by the codec, and every
 * {@link AssertionError} of an oracle, reaches Jazzer as a finding.
 */
final class FuzzHarness {
    private static final String[] PLACEMENT_MESSAGES = new String[Placement.values().length];

    static {
        for (Placement placement : Placement.values()) {
            PLACEMENT_MESSAGES[placement.ordinal()] = ": outcome in " + placement + " equals outcome in "
                    + Placement.HEAP_EXACT;
        }
    }

    private FuzzHarness() {
    }

    static void run(FuzzTarget target, byte[] data) {
        byte[] pristine = data.clone();
        Outcome reference = null;
        for (Placement placement : Placement.values()) {
            Region region = placement.place(placement == Placement.HEAP_EXACT ? data : pristine);
            ViewPool pool = ViewPool.forPlacement(placement);
            Outcome outcome = Outcome.of(() -> target.walk(pool, region.buffer(), region.offset(), region.length()));
            region.checkUntouched(pristine);
            if (reference == null) {
                reference = outcome;
            } else {
                Oracle.checkEquals(reference, outcome, target, PLACEMENT_MESSAGES[placement.ordinal()]);
            }
        }
        if (reference.ok()) {
            target.checkRoundTrip(reference.value(), pristine);
        }
    }
}
