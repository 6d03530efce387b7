package io.netdata.netipc.protocol;

/**
 * Netdata's {@code simple_hash}: 32-bit FNV-1a over the bytes of a name. Snapshot
 * items are identified by {@code hash + name}, with the hash computed this way by
 * the producer.
 *
 * <p>Thread-safety: stateless.
 */
public final class SimpleHash {
    /** FNV-1a 32-bit offset basis. */
    public static final int OFFSET_BASIS = 0x811c9dc5;
    /** FNV-1a 32-bit prime. */
    public static final int PRIME = 16777619;

    private static final int BYTE_MASK = 0xFF;
    /** UTF-8: first code point of each longer encoding. */
    private static final int TWO_BYTE_START = 0x80;
    private static final int THREE_BYTE_START = 0x800;
    private static final int FOUR_BYTE_START = 0x10000;
    /** UTF-8: lead-byte prefixes by sequence length, continuation prefix and payload bits. */
    private static final int TWO_BYTE_LEAD = 0xC0;
    private static final int THREE_BYTE_LEAD = 0xE0;
    private static final int FOUR_BYTE_LEAD = 0xF0;
    private static final int CONTINUATION = 0x80;
    private static final int CONTINUATION_BITS = 6;
    private static final int CONTINUATION_MASK = 0x3F;
    /** What {@code String.getBytes(UTF_8)} writes for an unpaired surrogate. */
    private static final int REPLACEMENT = '?';

    private SimpleHash() {
    }

    /** Hash of {@code bytes}, as an unsigned 32-bit value. */
    public static long of(ByteSource bytes) {
        int hash = OFFSET_BASIS;
        for (int i = 0, n = bytes.length(); i < n; i++) {
            hash = mix(hash, bytes.byteAt(i) & BYTE_MASK);
        }
        return Integer.toUnsignedLong(hash);
    }

    /** Hash of {@code bytes}, as an unsigned 32-bit value. */
    public static long of(byte[] bytes) {
        int hash = OFFSET_BASIS;
        for (byte b : bytes) {
            hash = mix(hash, b & BYTE_MASK);
        }
        return Integer.toUnsignedLong(hash);
    }

    /**
     * Hash of the UTF-8 encoding of {@code name}, as an unsigned 32-bit value.
     * Allocation-free: characters are encoded on the fly.
     */
    public static long of(CharSequence name) {
        int hash = OFFSET_BASIS;
        for (int i = 0, n = name.length(); i < n; i++) {
            int codePoint = Character.codePointAt(name, i);
            if (Character.isSupplementaryCodePoint(codePoint)) {
                i++;
            } else if (Character.isSurrogate((char) codePoint)) {
                codePoint = REPLACEMENT;
            }
            hash = mixUtf8(hash, codePoint);
        }
        return Integer.toUnsignedLong(hash);
    }

    private static int mixUtf8(int hash, int codePoint) {
        if (codePoint < TWO_BYTE_START) {
            return mix(hash, codePoint);
        }
        if (codePoint < THREE_BYTE_START) {
            return mixContinuations(mix(hash, TWO_BYTE_LEAD | (codePoint >>> CONTINUATION_BITS)), codePoint, 1);
        }
        if (codePoint < FOUR_BYTE_START) {
            return mixContinuations(mix(hash, THREE_BYTE_LEAD | (codePoint >>> (2 * CONTINUATION_BITS))),
                    codePoint, 2);
        }
        return mixContinuations(mix(hash, FOUR_BYTE_LEAD | (codePoint >>> (3 * CONTINUATION_BITS))), codePoint, 3);
    }

    /** Mixes the {@code count} continuation bytes of {@code codePoint}, most significant first. */
    private static int mixContinuations(int hash, int codePoint, int count) {
        for (int shift = (count - 1) * CONTINUATION_BITS; shift >= 0; shift -= CONTINUATION_BITS) {
            hash = mix(hash, CONTINUATION | ((codePoint >>> shift) & CONTINUATION_MASK));
        }
        return hash;
    }

    private static int mix(int hash, int octet) {
        return (hash ^ octet) * PRIME;
    }
}
