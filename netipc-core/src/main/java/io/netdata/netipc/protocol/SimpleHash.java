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

    private SimpleHash() {
    }

    /** Hash of {@code bytes}, as an unsigned 32-bit value. */
    public static long of(ByteSource bytes) {
        int hash = OFFSET_BASIS;
        for (int i = 0, n = bytes.length(); i < n; i++) {
            hash = (hash ^ (bytes.byteAt(i) & 0xFF)) * PRIME;
        }
        return Integer.toUnsignedLong(hash);
    }

    /** Hash of {@code bytes}, as an unsigned 32-bit value. */
    public static long of(byte[] bytes) {
        int hash = OFFSET_BASIS;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xFF)) * PRIME;
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
                codePoint = '?';
            }
            hash = mixUtf8(hash, codePoint);
        }
        return Integer.toUnsignedLong(hash);
    }

    private static int mixUtf8(int hash, int codePoint) {
        if (codePoint < 0x80) {
            return mix(hash, codePoint);
        }
        if (codePoint < 0x800) {
            hash = mix(hash, 0xC0 | (codePoint >>> 6));
            return mix(hash, 0x80 | (codePoint & 0x3F));
        }
        if (codePoint < 0x10000) {
            hash = mix(hash, 0xE0 | (codePoint >>> 12));
            hash = mix(hash, 0x80 | ((codePoint >>> 6) & 0x3F));
            return mix(hash, 0x80 | (codePoint & 0x3F));
        }
        hash = mix(hash, 0xF0 | (codePoint >>> 18));
        hash = mix(hash, 0x80 | ((codePoint >>> 12) & 0x3F));
        hash = mix(hash, 0x80 | ((codePoint >>> 6) & 0x3F));
        return mix(hash, 0x80 | (codePoint & 0x3F));
    }

    private static int mix(int hash, int octet) {
        return (hash ^ octet) * PRIME;
    }
}
