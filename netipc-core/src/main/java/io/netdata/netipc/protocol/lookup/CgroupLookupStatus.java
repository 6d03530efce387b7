package io.netdata.netipc.protocol.lookup;

/**
 * Per-item status of a CGROUPS_LOOKUP response. Decoders reject other values.
 *
 * <p>Thread-safety: constants only.
 */
public final class CgroupLookupStatus {
    public static final int KNOWN = 0;
    public static final int UNKNOWN_RETRY_LATER = 1;
    public static final int UNKNOWN_PERMANENT = 2;
    /** The server reached its response budget at this item; Level 2 retries it. */
    public static final int PAYLOAD_EXCEEDED = 3;
    /** The item cannot fit any response on its own; final, not retried. */
    public static final int OVERSIZED_ITEM = 4;

    private static final String[] NAMES = {
        "KNOWN", "UNKNOWN_RETRY_LATER", "UNKNOWN_PERMANENT", "PAYLOAD_EXCEEDED", "OVERSIZED_ITEM"};

    private CgroupLookupStatus() {
    }

    public static boolean isValid(int status) {
        return status >= KNOWN && status <= OVERSIZED_ITEM;
    }

    /** Symbolic name, or the number for an undefined value. */
    public static String name(int status) {
        return isValid(status) ? NAMES[status] : Integer.toString(status);
    }
}
