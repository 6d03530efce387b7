package io.netdata.netipc.protocol;

import java.nio.ByteBuffer;

/**
 * A read-only run of bytes that a builder or encoder can copy onto the wire:
 * either a borrowed {@link BytesView} (zero-copy from a decoded message) or an
 * owned {@link ByteString}.
 *
 * <p>Wire strings are bytes, not text: they are not guaranteed to be UTF-8.
 *
 * <p>Thread-safety: as the implementation's ({@link ByteString} is immutable,
 * {@link BytesView} is confined to one thread).
 */
public interface ByteSource {
    /** Number of bytes. */
    int length();

    /** The byte at {@code index}, {@code 0 <= index < length()}. */
    byte byteAt(int index);

    /** Copies all bytes to {@code target} starting at absolute index {@code at}. */
    void copyTo(ByteBuffer target, int at);

    /** True when any byte is NUL; lookup strings, which must not contain one, are checked with it. */
    default boolean containsNul() {
        for (int i = 0, n = length(); i < n; i++) {
            if (byteAt(i) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when this holds exactly the bytes of {@code other}, whatever either's kind (a
     * view and a string compare by content); allocates nothing.
     */
    default boolean contentEquals(ByteSource other) {
        int n = length();
        if (other.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (byteAt(i) != other.byteAt(i)) {
                return false;
            }
        }
        return true;
    }
}
