package io.netdata.netipc.protocol.lookup;

/**
 * Shared orchestrator values of lookup responses. Decoders accept any raw
 * 16-bit value and expose it unchanged; these are the ones defined today.
 *
 * <p>Thread-safety: constants only.
 */
public final class Orchestrator {
    public static final int UNKNOWN = 0;
    public static final int SYSTEMD = 1;
    public static final int DOCKER = 2;
    public static final int K8S = 3;
    public static final int KVM = 4;
    public static final int LXC = 5;
    public static final int PODMAN = 6;
    public static final int NSPAWN = 7;

    private static final String[] NAMES = {"UNKNOWN", "SYSTEMD", "DOCKER", "K8S", "KVM", "LXC", "PODMAN", "NSPAWN"};

    private Orchestrator() {
    }

    /** Symbolic name, or the number for a value not defined here. */
    public static String name(int orchestrator) {
        return orchestrator >= 0 && orchestrator < NAMES.length ? NAMES[orchestrator] : Integer.toString(orchestrator);
    }
}
