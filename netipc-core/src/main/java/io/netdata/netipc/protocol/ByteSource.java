package io.netdata.netipc.protocol;

import java.nio.ByteBuffer;

/**
 * A read-only run of bytes that a builder or encoder can copy onto the wire:
 * either a borrowed {@link BytesView} (zero-copy from a decoded message) or an
 * owned {@link ByteString}.
 *
 * <p>Wire strings are bytes, not text: they are not guaranteed to be UTF-8.
 */
public interface ByteSource {
    /** Number of bytes. */
    int length();

    /** The byte at {@code index}, {@code 0 <= index < length()}. */
    byte byteAt(int index);

    /** Copies all bytes to {@code target} starting at absolute index {@code at}. */
    void copyTo(ByteBuffer target, int at);

    /** True when any byte is NUL; wire strings that carry a terminator must not contain one. */
    default boolean containsNul() {
        for (int i = 0, n = length(); i < n; i++) {
            if (byteAt(i) == 0) {
                return true;
            }
        }
        return false;
    }
}
