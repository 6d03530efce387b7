package io.netdata.netipc.cli.decode;

import java.nio.ByteBuffer;

/**
 * Parses hex text into a re-used buffer, so decoding many hex lines allocates
 * only when a line is longer than any before it.
 *
 * <p>Accepts an even number of ASCII hex digits, either case, and nothing else
 * (no prefix, separators or whitespace).
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
final class HexBytes {
    private static final int INITIAL_CAPACITY = 4096;
    private static final int BITS_PER_DIGIT = 4;
    private static final int DECIMAL_DIGITS = 10;
    private static final int NOT_A_DIGIT = -1;

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private ByteBuffer buffer = ByteBuffer.wrap(bytes);
    private int length;

    /**
     * Parses {@code hex}; afterwards the bytes are {@code [0, length())} of {@link #buffer()}.
     *
     * @return false when {@code hex} is not an even number of hex digits (the buffer is then undefined)
     */
    boolean parse(CharSequence hex) {
        int digits = hex.length();
        if (digits % 2 != 0) {
            return false;
        }
        int count = digits / 2;
        ensureCapacity(count);
        for (int i = 0; i < count; i++) {
            int high = digit(hex.charAt(2 * i));
            int low = digit(hex.charAt(2 * i + 1));
            if (high == NOT_A_DIGIT || low == NOT_A_DIGIT) {
                return false;
            }
            bytes[i] = (byte) (high << BITS_PER_DIGIT | low);
        }
        length = count;
        return true;
    }

    /** The buffer holding the last parsed bytes at index 0. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Number of bytes parsed last. */
    int length() {
        return length;
    }

    private void ensureCapacity(int capacity) {
        if (capacity > bytes.length) {
            bytes = new byte[Math.max(capacity, 2 * bytes.length)];
            buffer = ByteBuffer.wrap(bytes);
        }
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + DECIMAL_DIGITS;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + DECIMAL_DIGITS;
        }
        return NOT_A_DIGIT;
    }
}
