package io.netdata.netipc.service.client;

/**
 * Why a Level 2 call, or a connection attempt, failed.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum ServiceError {
    /** The client was not READY: nothing was sent. */
    NOT_READY,
    /** The call's deadline passed; the session was dropped and the request not retried. */
    TIMEOUT,
    /** The client's abort signal was raised; the session was dropped and the request not retried. */
    ABORTED,
    /** The client was closed. */
    CLOSED,
    /**
     * A request or response did not fit the negotiated payload ceilings, and
     * reconnecting with grown capacities did not help (or the limit of retries was reached).
     */
    OVERFLOW,
    /** The server answered with transport status INTERNAL_ERROR (its handler failed). */
    SERVER_ERROR,
    /**
     * This process could not use a response it received (no heap for its copy, or a
     * defect while processing it); the session was dropped so that the next refresh
     * starts on a fresh one. Level 2 calls never report it: a Level 3 cache does, for a
     * snapshot it could not rebuild itself from.
     */
    CLIENT_ERROR,
    /** The server answered with transport status UNSUPPORTED or BAD_ENVELOPE. */
    REJECTED,
    /** The response broke the method's contract (kind, code, layout, echoed key, generation). */
    PROTOCOL,
    /** The connection failed (peer gone, I/O error) and the one retry did not succeed. */
    TRANSPORT,
    /**
     * A logical-call ceiling of the configuration was exceeded: the items of a lookup or
     * batch, or a request's size, before anything was sent; the sub-requests of a lookup, or
     * its answer's bytes, once the requests that showed it had been made.
     */
    LIMIT
}
