package io.netdata.netipc.protocol;

/**
 * Envelope-level status carried in the outer header's {@code transport_status}.
 * These never describe business outcomes.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum TransportStatus {
    OK(0),
    BAD_ENVELOPE(1),
    AUTH_FAILED(2),
    INCOMPATIBLE(3),
    UNSUPPORTED(4),
    LIMIT_EXCEEDED(5),
    INTERNAL_ERROR(6);

    private static final TransportStatus[] BY_CODE = values();

    private final int code;

    TransportStatus(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The status for a wire value, or {@code null} when the value is not defined. */
    public static TransportStatus fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
