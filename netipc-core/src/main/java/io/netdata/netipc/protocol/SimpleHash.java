package io.netdata.netipc.protocol;

import io.netdata.netipc.protocol.internal.Utf8Chars;

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
     * Hash of the UTF-8 encoding of {@code name} (an unpaired surrogate counts as
     * {@code '?'}, as {@code String.getBytes(UTF_8)} encodes it), as an unsigned
     * 32-bit value. Allocation-free: characters are encoded on the fly.
     */
    public static long of(CharSequence name) {
        int hash = OFFSET_BASIS;
        for (int i = 0, n = name.length(); i < n; ) {
            int codePoint = Utf8Chars.codePointAt(name, i);
            i += Utf8Chars.charCount(codePoint);
            int length = Utf8Chars.length(codePoint);
            for (int k = 0; k < length; k++) {
                hash = mix(hash, Utf8Chars.byteOf(codePoint, length, k));
            }
        }
        return Integer.toUnsignedLong(hash);
    }

    private static int mix(int hash, int octet) {
        return (hash ^ octet) * PRIME;
    }
}
