package io.netdata.netipc.service.client;

import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;

/**
 * One typed request/response of a client context: how big the request payload
 * is, how to write it, and how to read the response. The context sends it,
 * receives, checks the envelope and status, and then calls {@link #read}.
 *
 * <p>Thread-safety: used by one call at a time.
 *
 * @param <T> what the call returns
 */
interface Exchange<T> {
    /** Outer header flags of the request (a batch sets {@code FLAG_BATCH}). */
    int flags();

    /** Outer header item count of the request. */
    long itemCount();

    /** The request payload's size in bytes (it may exceed the negotiated ceiling: the context grows it). */
    long requestSize();

    /** Writes exactly {@link #requestSize()} bytes at {@code [0, requestSize())} of {@code buffer}. */
    void write(ByteBuffer buffer);

    /**
     * Reads a response whose status is OK; what it returns may borrow the response's
     * buffer, valid until the next call on the context.
     *
     * @throws ServiceException PROTOCOL when the response breaks the method's contract
     */
    T read(ReceivedMessage response) throws ServiceException;
}
