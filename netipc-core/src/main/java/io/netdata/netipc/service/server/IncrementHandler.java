package io.netdata.netipc.service.server;

/**
 * The business logic of an INCREMENT server: one value in, one value out.
 * Called once per request, and once per item, in order, for a batch.
 *
 * <p>Throwing fails the request: the client gets INTERNAL_ERROR with no
 * payload (the whole batch, for a batch) and the session is closed.
 *
 * <p>Thread-safety: called concurrently from every session's thread; an
 * implementation must be thread-safe.
 */
@FunctionalInterface
public interface IncrementHandler {
    /**
     * @param value the request's unsigned 64-bit value, raw bits
     * @return the response's value, raw bits
     */
    long handle(long value) throws Exception;
}
