package io.netdata.netipc.service.server;

import java.nio.ByteBuffer;

/**
 * Decodes one request payload, runs the service's handler and encodes its
 * answer: the one place a managed server knows its service kind's codec.
 *
 * <p>Thread-safety: not thread-safe; each session has its own instance, whose
 * views and builders it reuses from request to request.
 */
interface RequestDispatcher {
    /**
     * Answers the request {@code request[offset, offset + length)} into
     * {@code response[responseOffset, responseOffset + capacity)}.
     *
     * @return the response payload's length
     * @throws DispatchFailure with the status the client gets instead
     */
    int dispatch(ByteBuffer request, int offset, int length, ByteBuffer response, int responseOffset, int capacity)
            throws DispatchFailure;

    /**
     * Whether the last answer is complete but would have carried more with more
     * room (a lookup that answered items PAYLOAD_EXCEEDED or OVERSIZED_ITEM): the
     * server then asks again with a larger buffer while its ceiling allows.
     */
    default boolean wantsMoreRoom() {
        return false;
    }
}
