package io.netdata.netipc.protocol;

import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An owned, immutable run of bytes: the owned form of a wire string.
 * Equality and hash code are by content.
 *
 * <p>Thread-safety: immutable.
 */
public final class ByteString implements ByteSource, Comparable<ByteString> {
    /** The empty byte string. */
    public static final ByteString EMPTY = new ByteString(new byte[0]);

    private static final byte NUL_UNKNOWN = 0;
    private static final byte NUL_ABSENT = 1;
    private static final byte NUL_PRESENT = 2;

    private final byte[] bytes;
    /**
     * Whether the bytes hold a NUL, found on first use: a server adds the same names and
     * labels to every answer, and each add checks them. Racy like {@code String.hash}:
     * every thread that computes it computes the same value, and a byte is written whole.
     */
    private byte nulState;

    private ByteString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}. */
    public static ByteString of(byte[] bytes) {
        return new ByteString(bytes.clone());
    }

    /** The UTF-8 encoding of {@code text}. */
    public static ByteString utf8(String text) {
        return new ByteString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses lowercase or uppercase hexadecimal digits. */
    public static ByteString fromHex(String hex) {
        return new ByteString(HexFormat.of().parseHex(hex));
    }

    /** Takes ownership of an array nobody else references. */
    static ByteString wrapOwned(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new ByteString(bytes);
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean containsNul() {
        byte state = nulState;
        if (state == NUL_UNKNOWN) {
            state = NativeBytes.containsNul(bytes, 0, bytes.length) ? NUL_PRESENT : NUL_ABSENT;
            nulState = state;
        }
        return state == NUL_PRESENT;
    }

    @Override
    public byte byteAt(int index) {
        return bytes[index];
    }

    @Override
    public void copyTo(ByteBuffer target, int at) {
        target.put(at, bytes);
    }

    /**
     * As {@link ByteSource#contentEquals}; between two byte strings, one vectorised array
     * compare, and against a view, the view's block compare.
     */
    @Override
    public boolean contentEquals(ByteSource other) {
        if (other instanceof ByteString that) {
            return Arrays.equals(bytes, that.bytes);
        }
        if (other instanceof BytesView view) {
            return view.contentEquals(this);
        }
        return ByteSource.super.contentEquals(other);
    }

    /** The bytes themselves, for this package's compares: never modify nor hand out. */
    byte[] sharedBytes() {
        return bytes;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Decodes the bytes as UTF-8 (malformed sequences become U+FFFD). */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Lowercase hexadecimal form. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteString that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ByteString other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** The bytes as UTF-8 text. */
    @Override
    public String toString() {
        return asString();
    }

    /** Returns {@code source} as an owned byte string, copying only when it is not one already. */
    public static ByteString copyOf(ByteSource source) {
        Objects.requireNonNull(source, "source");
        if (source instanceof ByteString owned) {
            return owned;
        }
        byte[] copy = new byte[source.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = source.byteAt(i);
        }
        return wrapOwned(copy);
    }
}
