package io.netdata.netipc.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.protocol.CodecException;
import java.util.Arrays;

/**
 * The two obligations of a golden vector (decode to its values, encode to its
 * bytes) and the owned-copy round trip, run for every {@link BufferKind}: the
 * bytes must not depend on the buffer's kind or byte order, and encoders must
 * write exactly their region, padding included.
 */
final class GoldenChecks {
    /** Bytes of context shown around the first difference of two encodings. */
    private static final int CONTEXT = 16;

    private GoldenChecks() {
    }

    /**
     * Asserts that {@code bytes} decode to {@code expected}: inside a region of
     * every buffer kind, and at the very end of a heap buffer.
     */
    static <E> void assertDecodes(GoldenCodec<E> codec, byte[] bytes, E expected) {
        for (BufferKind kind : BufferKind.values()) {
            BufferKind.Region region = kind.regionWith(bytes);
            inContext("decoding from a " + kind + " buffer",
                    () -> codec.assertDecodes(region.buffer(), region.offset(), bytes.length, expected));
        }
        inContext("decoding at the end of a buffer", () -> codec.assertDecodes(GoldenFiles.atBufferEnd(bytes),
                GoldenFiles.REGION_OFFSET, bytes.length, expected));
    }

    /**
     * Asserts that encoding {@code value} into a region of {@code capacity}
     * bytes, pre-filled with non-zero guard bytes, gives exactly {@code expected}
     * and leaves everything outside the region untouched.
     */
    static <E> void assertEncodes(GoldenCodec<E> codec, E value, int capacity, byte[] expected) {
        for (BufferKind kind : BufferKind.values()) {
            inContext("encoding into a " + kind + " region of " + capacity + " bytes",
                    () -> assertEncodesInto(codec, value, kind.region(capacity), expected));
        }
    }

    private static <E> void assertEncodesInto(GoldenCodec<E> codec, E value, BufferKind.Region region,
            byte[] expected) {
        int length = codec.encode(value, region.buffer(), region.offset(), region.capacity());
        assertThat(region.guardsIntact()).as("bytes outside the region untouched").isTrue();
        assertThat(length).as("encoded length").isBetween(0, region.capacity());
        assertSameBytes("encoded bytes", region.bytes(length), expected);
    }

    /** Asserts that decoding, copying to the owned form and encoding that copy gives {@code bytes} back. */
    static <E> void assertOwnedCopyReencodes(GoldenCodec<E> codec, byte[] bytes, E expected) {
        E owned = codec.decodeOwned(GoldenFiles.atBufferEnd(bytes), GoldenFiles.REGION_OFFSET, bytes.length,
                expected);
        assertThat(owned).as("owned copy of the decoded bytes").isEqualTo(expected);
        inContext("re-encoding the owned copy", () -> assertEncodes(codec, owned, bytes.length, bytes));
    }

    /** Compares two encodings, reporting the first difference instead of both byte arrays. */
    static void assertSameBytes(String context, byte[] actual, byte[] expected) {
        int mismatch = Arrays.mismatch(actual, expected);
        if (mismatch < 0) {
            return;
        }
        int from = Math.max(0, mismatch - CONTEXT);
        throw new AssertionError(String.format(
                "%s: got %d bytes, expected %d; first difference at byte %d%n  got      [%d..]: %s%n"
                        + "  expected [%d..]: %s",
                context, actual.length, expected.length, mismatch, from, excerpt(actual, from), from,
                excerpt(expected, from)));
    }

    private static String excerpt(byte[] bytes, int from) {
        int to = Math.min(bytes.length, from + 2 * CONTEXT);
        return GoldenFiles.hex(Arrays.copyOfRange(bytes, Math.min(from, to), to));
    }

    /** Runs {@code check}, turning a failure or a codec rejection into an assertion failure naming {@code context}. */
    private static void inContext(String context, Runnable check) {
        try {
            check.run();
        } catch (AssertionError | CodecException e) {
            throw new AssertionError(context + ": " + e.getMessage(), e);
        }
    }
}
