package io.netdata.netipc.protocol.internal;

import io.netdata.netipc.protocol.ByteSource;

/**
 * The UTF-8 encoding of a {@link CharSequence}, one byte at a time and without
 * allocating, exactly as {@code String.getBytes(UTF_8)} would produce it (an
 * unpaired surrogate becomes {@code '?'}): for hashing and comparing names that
 * callers hold as Java text against names that travel as bytes, on paths that
 * must not allocate. Not part of the public API.
 *
 * <p>Walk a text with {@link #codePointAt} and {@link #charCount}, then take
 * each code point's {@link #length} bytes with {@link #byteOf}.
 *
 * <p>Thread-safety: stateless.
 */
public final class Utf8Chars {
    /** The most bytes one UTF-16 unit encodes to (a surrogate pair: 4 bytes for 2 units). */
    private static final int MAX_BYTES_PER_CHAR = 3;
    /** First code point of each longer encoding. */
    private static final int TWO_BYTE_START = 0x80;
    private static final int THREE_BYTE_START = 0x800;
    private static final int FOUR_BYTE_START = 0x10000;
    /** Lead-byte prefixes, indexed by sequence length. */
    private static final int[] LEADS = {0, 0, 0xC0, 0xE0, 0xF0};
    private static final int CONTINUATION = 0x80;
    private static final int CONTINUATION_BITS = 6;
    private static final int CONTINUATION_MASK = 0x3F;
    private static final int BYTE_MASK = 0xFF;
    /** What {@code String.getBytes(UTF_8)} writes for an unpaired surrogate. */
    private static final int REPLACEMENT = '?';

    private Utf8Chars() {
    }

    /** The code point at {@code index} as UTF-8 encodes it: an unpaired surrogate is {@code '?'}. */
    public static int codePointAt(CharSequence text, int index) {
        char unit = text.charAt(index);
        if (!Character.isSurrogate(unit)) {
            return unit;
        }
        int codePoint = Character.codePointAt(text, index);
        return Character.isSupplementaryCodePoint(codePoint) ? codePoint : REPLACEMENT;
    }

    /** UTF-16 units {@code codePoint} took in the text: 2 for a supplementary one, else 1. */
    public static int charCount(int codePoint) {
        return Character.charCount(codePoint);
    }

    /** Bytes of the UTF-8 encoding of {@code codePoint}: 1 to 4. */
    public static int length(int codePoint) {
        if (codePoint < TWO_BYTE_START) {
            return 1;
        }
        if (codePoint < THREE_BYTE_START) {
            return 2;
        }
        return codePoint < FOUR_BYTE_START ? 3 : 4;
    }

    /** Byte {@code index} (0-based) of the {@code length}-byte UTF-8 encoding of {@code codePoint}, as 0 to 255. */
    public static int byteOf(int codePoint, int length, int index) {
        if (length == 1) {
            return codePoint;
        }
        int payload = codePoint >>> ((length - 1 - index) * CONTINUATION_BITS);
        return index == 0 ? LEADS[length] | payload : CONTINUATION | (payload & CONTINUATION_MASK);
    }

    /** True when {@code bytes} are exactly the UTF-8 encoding of {@code text}; allocates nothing. */
    public static boolean contentEquals(ByteSource bytes, CharSequence text) {
        int size = bytes.length();
        int units = text.length();
        // Each unit encodes to 1 to 3 bytes: a size outside that range cannot match, whatever the characters.
        return size >= units && size <= (long) units * MAX_BYTES_PER_CHAR && compare(bytes, text) == 0;
    }

    /**
     * Compares {@code bytes} with the UTF-8 encoding of {@code text} as unsigned
     * bytes, lexicographically, a prefix first (the order of
     * {@code Arrays.compareUnsigned}); allocates nothing.
     *
     * @return negative, zero or positive as {@code bytes} sorts before, equal to or after the encoding
     */
    public static int compare(ByteSource bytes, CharSequence text) {
        int size = bytes.length();
        int at = 0;
        for (int i = 0, units = text.length(); i < units; ) {
            int codePoint = codePointAt(text, i);
            i += charCount(codePoint);
            int length = length(codePoint);
            for (int k = 0; k < length; k++, at++) {
                if (at == size) {
                    return -1;
                }
                int difference = (bytes.byteAt(at) & BYTE_MASK) - byteOf(codePoint, length, k);
                if (difference != 0) {
                    return difference;
                }
            }
        }
        return at == size ? 0 : 1;
    }
}
