package io.netdata.netipc.transport.handshake;

import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.transport.TransportError;

/**
 * What a server does with a client's hello.
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface ServerDecision {

    /** Reply with an OK hello-ack carrying {@code ack}; the session runs with {@code parameters}. */
    record Accept(HelloAck ack, SessionParameters parameters) implements ServerDecision {
    }

    /** Reply with a rejection hello-ack of {@code status}, then close; {@code error} is the local outcome. */
    record Reject(TransportStatus status, TransportError error, String reason) implements ServerDecision {
    }

    /** Close without replying: the bytes are not a hello the server can answer. */
    record Drop(String reason) implements ServerDecision {
    }
}
