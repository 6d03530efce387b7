package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import java.nio.ByteBuffer;

/**
 * The client-owned buffer a stitched lookup answer is encoded into: tried at
 * 64 KiB, doubled while the answer does not fit, never beyond the configured
 * {@code maxLookupResponseBytes}.
 *
 * <p>Thread-safety: used by one call at a time (the owning client's).
 */
final class StitchBuffer {
    /** The first size tried; doubled while the answer does not fit. */
    private static final long START_BYTES = 64 * 1024;

    /** Encodes the answer into {@code [0, capacity)}; returns its length. */
    @FunctionalInterface
    interface Encoder {
        int encode(ByteBuffer buffer, int capacity);
    }

    private ByteBuffer buffer = ByteBuffer.allocate(0);

    /** The buffer holding what {@link #encode} last wrote. */
    ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Encodes with room doubled as needed.
     *
     * @return the encoded length, at {@code [0, length)} of {@link #buffer()}
     * @throws ServiceException LIMIT when it does not fit {@code ceiling} bytes; PROTOCOL when
     *     an answer cannot be encoded at all
     */
    int encode(long ceiling, Encoder encoder) throws ServiceException {
        long size = Math.min(START_BYTES, ceiling);
        while (true) {
            if (buffer.capacity() < size) {
                buffer = ByteBuffer.allocate((int) size);
            }
            try {
                return encoder.encode(buffer, (int) size);
            } catch (CodecException e) {
                if (e.error() != CodecError.OVERFLOW) {
                    throw new ServiceException(ServiceError.PROTOCOL, "the stitched answer: " + e.getMessage(), e);
                }
                if (size >= ceiling) {
                    throw new ServiceException(ServiceError.LIMIT, "the stitched answer exceeds "
                            + "maxLookupResponseBytes " + ceiling, e);
                }
                size = Math.min(size * 2, Math.min(ceiling, Integer.MAX_VALUE));
            }
        }
    }
}
