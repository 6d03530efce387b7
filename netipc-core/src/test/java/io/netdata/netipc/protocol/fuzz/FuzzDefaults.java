package io.netdata.netipc.protocol.fuzz;

/** Settings shared by the {@code @FuzzTest} methods. */
final class FuzzDefaults {
    /**
     * How long one target is fuzzed when {@code JAZZER_FUZZ} is set and no
     * {@code -Djazzer.max_duration} overrides it (Jazzer's own default is 5 minutes).
     * Has no effect in regression mode.
     */
    static final String MAX_DURATION = "60s";

    private FuzzDefaults() {
    }
}
