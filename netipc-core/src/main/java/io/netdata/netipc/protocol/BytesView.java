package io.netdata.netipc.protocol;

import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A borrowed, ephemeral range of bytes inside a message buffer: a string field
 * (without its NUL terminator) or a batch item.
 *
 * <p><b>Lifetime:</b> the view reads the underlying buffer directly. It is valid
 * only while the owner of that buffer keeps it alive and unchanged (see the
 * lifetime rules of the view that produced it); a view object handed out by
 * another view is re-pointed when that view is re-wrapped. Copy with
 * {@link #toByteString()}, {@link #toByteArray()} or {@link #asString()} to keep
 * the data.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class BytesView implements ByteSource {
    private static final char FIRST_NON_ASCII = 0x80;

    private ByteBuffer buffer;
    private int offset;
    private int length;

    /** Points this view at {@code [offset, offset + length)} of {@code buffer}. */
    public BytesView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The buffer this view reads. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    @Override
    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** Eight bytes at a time (an unwrapped view is empty and has no buffer). */
    @Override
    public boolean containsNul() {
        return length != 0 && NativeBytes.containsNul(buffer, offset, length);
    }

    @Override
    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return buffer.get(offset + index);
    }

    @Override
    public void copyTo(ByteBuffer target, int at) {
        target.put(at, buffer, offset, length);
    }

    /** Owned copy of the bytes. */
    public byte[] toByteArray() {
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        return copy;
    }

    /** Owned, immutable copy of the bytes. */
    public ByteString toByteString() {
        return ByteString.wrapOwned(toByteArray());
    }

    /** Decodes the bytes as UTF-8 (malformed sequences become U+FFFD). Allocates. */
    public String asString() {
        return new String(toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * True when the bytes equal {@code other}'s bytes. Allocation-free; against a
     * {@link ByteString} or another view, compared a block at a time.
     */
    public boolean contentEquals(ByteSource other) {
        int n = other.length();
        if (n != length) {
            return false;
        }
        if (n == 0) {
            // Also the answer of a view never wrapped, which has no buffer to compare.
            return true;
        }
        if (other instanceof ByteString owned) {
            return NativeBytes.rangeEquals(buffer, offset, owned.sharedBytes());
        }
        if (other instanceof BytesView view) {
            return NativeBytes.rangeEquals(buffer, offset, view.buffer, view.offset, n);
        }
        for (int i = 0; i < n; i++) {
            if (buffer.get(offset + i) != other.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the bytes are the UTF-8 encoding of {@code text}. Allocation-free
     * when {@code text} is ASCII; otherwise encodes {@code text} once.
     */
    public boolean contentEquals(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= FIRST_NON_ASCII) {
                return contentEquals(ByteString.utf8(text.toString()));
            }
        }
        if (n != length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buffer.get(offset + i) != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as UTF-8 text; for diagnostics. */
    @Override
    public String toString() {
        return buffer == null ? "" : asString();
    }
}
