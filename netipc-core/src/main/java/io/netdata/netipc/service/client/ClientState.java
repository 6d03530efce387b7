package io.netdata.netipc.service.client;

/**
 * The connection state of a Level 2 client context (upstream
 * {@code level2-typed-api.md}, "State model"). Only {@link #READY} lets calls
 * through; {@code refresh()} moves the others on.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum ClientState {
    /** No connection; the next refresh connects. */
    DISCONNECTED,
    /** A connection attempt is in progress (seen only by other threads). */
    CONNECTING,
    /** Connected and handshaken: calls proceed. */
    READY,
    /** No server listens at the endpoint; the next refresh tries again. */
    NOT_FOUND,
    /** The server rejected the auth token; refresh does not retry (the configuration must change). */
    AUTH_FAILED,
    /** No common profile, or an incompatible layout or limit; refresh does not retry. */
    INCOMPATIBLE,
    /** The connection was READY and broke; the next refresh reconnects. */
    BROKEN
}
