package io.netdata.netipc.transport;

/**
 * Why a transport operation failed. The first group mirrors the handshake's
 * transport statuses; the rest are local outcomes a caller needs to tell apart
 * (retry later, reconnect, give up).
 *
 * <p>Thread-safety: immutable enum.
 */
public enum TransportError {
    /** Another live server owns the endpoint (or liveness could not be checked). */
    ADDRESS_IN_USE,
    /** No server listens at the endpoint. */
    NOT_FOUND,
    /** The peer rejected the auth token. */
    AUTH_FAILED,
    /** Layout version or negotiated packet size is incompatible. */
    INCOMPATIBLE,
    /** No mutually supported profile. */
    UNSUPPORTED,
    /** A proposal or a message exceeds the negotiated limits. */
    LIMIT_EXCEEDED,
    /** A malformed envelope: reported by the server's hello-ack, or found by the server in a client's hello. */
    BAD_ENVELOPE,
    /** The peer broke the protocol; the session is unusable. */
    PROTOCOL_VIOLATION,
    /** The peer closed the connection. */
    PEER_CLOSED,
    /** The deadline passed before the operation completed. */
    TIMEOUT,
    /** The operation was aborted through the session's abort object. */
    ABORTED,
    /** A request was submitted with a message id that is still in flight; the session is unaffected. */
    DUPLICATE_MESSAGE_ID,
    /** The session or listener was closed locally, or broke earlier (the cause says why). */
    CLOSED,
    /**
     * Backing storage for a shared-memory region could not be reserved ({@code fallocate}
     * failed: no space, no support, a sandbox refusing the call; the cause carries errno).
     * The session can continue without shared memory.
     */
    ALLOCATION_FAILED,
    /**
     * The handshake selected shared memory but the client could not attach to the
     * server's region (missing past the attach deadline, invalid or unmappable; the
     * cause says which). The session is closed; reconnecting without the SHM
     * profiles gives a working session over the socket.
     */
    SHM_ATTACH_FAILED,
    /** Any other operating-system failure (the cause carries errno). */
    IO
}
