package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * The client-owned buffer a stitched lookup answer is encoded into: tried at
 * 64 KiB, doubled while the answer does not fit, never beyond the configured
 * {@code maxLookupResponseBytes}, nor beyond the largest heap buffer a JVM
 * reliably allocates: a configured ceiling above that (it may be up to 4 GiB)
 * ends with LIMIT there, where doubling could otherwise never reach it.
 *
 * <p>Thread-safety: used by one call at a time (the owning client's, under its
 * call lock).
 */
final class StitchBuffer {
    /** The first size tried; doubled while the answer does not fit. */
    private static final long START_BYTES = 64 * 1024;
    /**
     * The largest array to ask for: JVMs keep a few header words of the {@code int}
     * range for themselves, so larger requests can fail however much heap is free.
     */
    static final int MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;

    /** Encodes the answer into {@code [0, capacity)}; returns its length. */
    @FunctionalInterface
    interface Encoder {
        int encode(ByteBuffer buffer, int capacity);
    }

    private final IntFunction<ByteBuffer> allocator;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    StitchBuffer() {
        this(ByteBuffer::allocate);
    }

    /** With the heap replaced, for tests that follow the growth without allocating gigabytes. */
    StitchBuffer(IntFunction<ByteBuffer> allocator) {
        this.allocator = allocator;
    }

    /** The buffer holding what {@link #encode} last wrote. */
    ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Encodes with room doubled as needed.
     *
     * @return the encoded length, at {@code [0, length)} of {@link #buffer()}
     * @throws ServiceException LIMIT when it does not fit {@code ceiling} bytes (or
     *     {@link #MAX_BUFFER_BYTES}, whichever is smaller); PROTOCOL when an answer cannot
     *     be encoded at all
     */
    int encode(long ceiling, Encoder encoder) throws ServiceException {
        long limit = Math.min(ceiling, MAX_BUFFER_BYTES);
        long size = Math.min(START_BYTES, limit);
        while (true) {
            if (buffer.capacity() < size) {
                buffer = allocator.apply((int) size);
            }
            try {
                return encoder.encode(buffer, (int) size);
            } catch (CodecException e) {
                if (e.error() != CodecError.OVERFLOW) {
                    throw new ServiceException(ServiceError.PROTOCOL, "the stitched answer: " + e.getMessage(), e);
                }
                if (size >= limit) {
                    throw new ServiceException(ServiceError.LIMIT, "the stitched answer exceeds " + limit
                            + " bytes (maxLookupResponseBytes " + ceiling + ")", e);
                }
                size = Math.min(size * 2, limit);
            }
        }
    }
}
