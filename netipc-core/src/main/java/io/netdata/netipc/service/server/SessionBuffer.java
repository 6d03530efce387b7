package io.netdata.netipc.service.server;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * A session's answer buffer, allocated on first use and grown by doubling up
 * to the session's ceiling only when an answer did not fit: a server of many
 * sessions with a large ceiling then holds what its answers needed, not the
 * ceiling times the sessions.
 *
 * <p>Thread-safety: confined to its session's thread.
 */
final class SessionBuffer {
    /** Room a session starts with: the reference clients' default response ceiling. */
    static final int INITIAL_BYTES = 65_536;
    /** The payload of an answer that has none. */
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int GROWTH_FACTOR = 2;

    private final int limit;
    private final IntFunction<ByteBuffer> allocator;
    private final String purpose;
    private ByteBuffer buffer;
    private int capacity;

    /**
     * @param limit the most this buffer may hold (the session's agreed ceiling)
     * @param allocator allocates a buffer of the given size (the heap, except in tests)
     * @param purpose what the buffer holds, for the failure message
     */
    SessionBuffer(int limit, IntFunction<ByteBuffer> allocator, String purpose) {
        this.limit = limit;
        this.allocator = allocator;
        this.purpose = purpose;
        this.capacity = Math.min(limit, INITIAL_BYTES);
    }

    /** The buffer, allocated with its current capacity on first use. */
    ByteBuffer buffer() throws DispatchFailure {
        if (buffer == null) {
            buffer = allocate(capacity);
        }
        return buffer;
    }

    /** The buffer an answer was built in, or {@link #EMPTY} before the first. */
    ByteBuffer allocated() {
        return buffer != null ? buffer : EMPTY;
    }

    /** Bytes an answer may take now. */
    int capacity() {
        return capacity;
    }

    /**
     * Doubles the room, within the limit, dropping the old contents.
     *
     * @return false when the buffer is at its limit already
     */
    boolean grow() throws DispatchFailure {
        if (capacity >= limit) {
            return false;
        }
        int grown = (int) Math.min((long) capacity * GROWTH_FACTOR, limit);
        buffer = allocate(grown);
        capacity = grown;
        return true;
    }

    private ByteBuffer allocate(int size) throws DispatchFailure {
        try {
            return allocator.apply(size);
        } catch (OutOfMemoryError e) {
            // The heap is the server's, not the client's: a failure of the server, not a limit of the call.
            throw DispatchFailure.handlerFailed("no heap for a " + purpose + " of " + size + " bytes", e);
        }
    }
}
