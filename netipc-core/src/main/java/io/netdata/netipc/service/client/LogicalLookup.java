package io.netdata.netipc.service.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The logical lookup call shared by the lookup clients (upstream
 * {@code level2-typed-api.md}, "Current Lookup Service Contracts", and the
 * "Typed Client Responsibilities" of both lookup codec specs): split the keys
 * into requests that fit, ask PAYLOAD_EXCEEDED suffixes again, answer keys no
 * request can carry as OVERSIZED_ITEM, check count, echoes and generation,
 * and stitch. A subclass knows one method's keys and views.
 *
 * <p>Thread-safety: used by one call at a time: {@link #run()} holds the
 * context's call lock, and the owning client holds it too while it sets the
 * keys and reads the answer.
 *
 * @param <V> the method's response view
 * @param <I> the method's owned answer
 */
abstract class LogicalLookup<V, I> {
    private final ClientConnection connection;

    LogicalLookup(ClientConnection connection) {
        this.connection = connection;
    }

    /** How many keys the call has. */
    abstract int keyCount();

    /** The most keys from {@code start} on whose request fits {@code capacity} bytes; 0 when not even one. */
    abstract int fittingCount(int start, long capacity);

    /** The final answer for key {@code index}, which no request can carry. */
    abstract I oversized(int index);

    /** Sends keys {@code [start, start + count)} as one request and returns the response view. */
    abstract V send(int start, int count, long deadline) throws ServiceException;

    abstract int itemCount(V response);

    abstract long generation(V response);

    /** Whether answer {@code item} of {@code response} echoes key {@code key}. */
    abstract boolean echoes(V response, int item, int key);

    /** Whether answer {@code item} is marked PAYLOAD_EXCEEDED. */
    abstract boolean payloadExceeded(V response, int item);

    /** An owned copy of answer {@code item}, kept across the next request. */
    abstract I owned(V response, int item);

    /** The kept answers as one response view. */
    abstract V stitch(List<I> answers, long generation) throws ServiceException;

    /** The payload bytes of the response {@link #send} returned last. */
    abstract int lastResponseBytes();

    /**
     * Runs the logical call, holding the context's call lock throughout (reentrant: the
     * owning client already holds it while it sets the keys and reads the answer).
     *
     * @throws ServiceException NOT_READY (or CLOSED) without I/O, whatever the keys; LIMIT
     *     for a configured ceiling; PROTOCOL for an answer that breaks the contract; OVERFLOW;
     *     otherwise as any call
     */
    final V run() throws ServiceException {
        connection.lock();
        try {
            connection.requireReady();
            ClientConfig config = connection.config();
            if (keyCount() > config.maxLookupItems()) {
                throw new ServiceException(ServiceError.LIMIT, keyCount() + " keys exceed maxLookupItems "
                        + config.maxLookupItems());
            }
            return lookUp(connection.deadline());
        } finally {
            connection.unlock();
        }
    }

    private V lookUp(long deadline) throws ServiceException {
        List<I> answers = new ArrayList<>();
        long generation = 0;
        boolean haveGeneration = false;
        long subcalls = 0;
        int start = 0;
        while (start < keyCount()) {
            int count = fittingCount(start, connection.requestCapacity());
            if (count == 0) {
                answers.add(oversized(start));
                start++;
                continue;
            }
            V response = request(start, count, deadline, ++subcalls);
            if (haveGeneration && generation(response) != generation) {
                throw new ServiceException(ServiceError.PROTOCOL, "sub-responses of generations "
                        + Long.toUnsignedString(generation) + " and "
                        + Long.toUnsignedString(generation(response)));
            }
            generation = generation(response);
            haveGeneration = true;
            int answered = accepted(response, start, count);
            if (start == 0 && answered == keyCount()) {
                // One request answered everything: the response itself is the logical answer, no copy.
                return withinCeiling(response);
            }
            // More requests follow, which reuse the response buffer: keep owned copies.
            for (int i = 0; i < answered; i++) {
                answers.add(owned(response, i));
            }
            start += answered;
        }
        if (haveGeneration) {
            return stitch(answers, generation);
        }
        // No key was sent (there is none, or none fits a request): an empty request still carries
        // the provider's generation, as in the reference, rather than one made up here.
        V response = request(keyCount(), 0, deadline, ++subcalls);
        accepted(response, keyCount(), 0);
        return keyCount() == 0 ? withinCeiling(response) : stitch(answers, generation(response));
    }

    /** Sends one request of the logical call, the {@code subcall}-th. */
    private V request(int start, int count, long deadline, long subcall) throws ServiceException {
        long ceiling = connection.config().maxLookupSubcalls();
        if (subcall > ceiling) {
            throw new ServiceException(ServiceError.LIMIT, "the lookup needs more than maxLookupSubcalls "
                    + ceiling + " requests");
        }
        // The deadline is checked before anything is sent, by the call itself.
        return send(start, count, deadline);
    }

    /**
     * A response returned as the logical answer is bound by {@code maxLookupResponseBytes}
     * as a stitched one is: the ceiling is on the answer, however it was assembled.
     */
    private V withinCeiling(V response) throws ServiceException {
        long ceiling = connection.config().maxLookupResponseBytes();
        if (lastResponseBytes() > ceiling) {
            throw new ServiceException(ServiceError.LIMIT, "the answer of " + lastResponseBytes()
                    + " bytes exceeds maxLookupResponseBytes " + ceiling);
        }
        return response;
    }

    /**
     * Checks the answers of one sub-response: count and echoes; a PAYLOAD_EXCEEDED answer
     * ends the accepted prefix, and every answer after it must be PAYLOAD_EXCEEDED too.
     *
     * @return how many answers, from the first, are accepted
     */
    private int accepted(V response, int start, int count) throws ServiceException {
        if (itemCount(response) != count) {
            throw new ServiceException(ServiceError.PROTOCOL, count + " keys answered with "
                    + itemCount(response) + " items");
        }
        int exceededAt = -1;
        for (int i = 0; i < count; i++) {
            if (!echoes(response, i, start + i)) {
                throw new ServiceException(ServiceError.PROTOCOL, "answer " + (start + i)
                        + " does not echo its key");
            }
            boolean exceeded = payloadExceeded(response, i);
            if (exceededAt >= 0 && !exceeded) {
                throw new ServiceException(ServiceError.PROTOCOL, "answer " + (start + i)
                        + " follows a PAYLOAD_EXCEEDED answer without being one");
            }
            if (exceeded && exceededAt < 0) {
                exceededAt = i;
            }
        }
        if (exceededAt == 0) {
            throw new ServiceException(ServiceError.OVERFLOW, "the server cannot fit even one answer in its "
                    + "response budget");
        }
        return exceededAt < 0 ? count : exceededAt;
    }
}
