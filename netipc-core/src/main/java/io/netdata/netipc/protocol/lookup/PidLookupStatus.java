package io.netdata.netipc.protocol.lookup;

/**
 * Per-item PID status of an APPS_LOOKUP response. Decoders reject other values.
 *
 * <p>Thread-safety: constants only.
 */
public final class PidLookupStatus {
    public static final int KNOWN = 0;
    public static final int UNKNOWN = 1;
    /** The server reached its response budget at this item; Level 2 retries it. */
    public static final int PAYLOAD_EXCEEDED = 2;
    /** The item cannot fit any response on its own; final, not retried. */
    public static final int OVERSIZED_ITEM = 3;

    private static final String[] NAMES = {"KNOWN", "UNKNOWN", "PAYLOAD_EXCEEDED", "OVERSIZED_ITEM"};

    private PidLookupStatus() {
    }

    public static boolean isValid(int status) {
        return status >= KNOWN && status <= OVERSIZED_ITEM;
    }

    /** Symbolic name, or the number for an undefined value. */
    public static String name(int status) {
        return isValid(status) ? NAMES[status] : Integer.toString(status);
    }
}
