package io.netdata.netipc.protocol.lookup;

/**
 * Cgroup status of an APPS_LOOKUP response item. Decoders reject other values.
 *
 * <p>Thread-safety: constants only.
 */
public final class AppsCgroupStatus {
    public static final int KNOWN = 0;
    public static final int UNKNOWN_RETRY_LATER = 1;
    public static final int UNKNOWN_PERMANENT = 2;
    /** The process lives in the host's root cgroup. */
    public static final int HOST_ROOT = 3;

    private static final String[] NAMES = {"KNOWN", "UNKNOWN_RETRY_LATER", "UNKNOWN_PERMANENT", "HOST_ROOT"};

    private AppsCgroupStatus() {
    }

    public static boolean isValid(int status) {
        return status >= KNOWN && status <= HOST_ROOT;
    }

    /** Symbolic name, or the number for an undefined value. */
    public static String name(int status) {
        return isValid(status) ? NAMES[status] : Integer.toString(status);
    }
}
