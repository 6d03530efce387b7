package io.netdata.netipc.protocol.fuzz;

import io.netdata.netipc.protocol.CodecException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Assertions for fuzz targets. They throw {@link AssertionError}, which Jazzer
 * reports as a finding like any other unexpected throwable. Plain checks rather
 * than AssertJ keep the per-execution cost low.
 */
final class Oracle {
    private Oracle() {
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("oracle: " + what);
        }
    }

    /**
     * Like {@link #check(boolean, String)} with the message {@code subject + detail}.
     * The message parts are only joined on failure: these checks run millions of
     * times per fuzzing session.
     */
    static void check(boolean condition, Object subject, String detail) {
        if (!condition) {
            throw new AssertionError("oracle: " + subject + detail);
        }
    }

    /** Like {@link #check(boolean, String)} with the message {@code subject + index + detail}. */
    static void check(boolean condition, Object subject, long index, String detail) {
        if (!condition) {
            throw new AssertionError("oracle: " + subject + index + detail);
        }
    }

    static void checkEquals(Object expected, Object actual, String what) {
        checkEquals(expected, actual, what, "");
    }

    static void checkEquals(Object expected, Object actual, Object subject, String detail) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError("oracle: " + subject + detail + "\n  expected: " + expected + "\n  actual:   "
                    + actual);
        }
    }

    static void checkBytes(byte[] expected, byte[] actual, String what) {
        checkBytes(expected, actual, what, "");
    }

    static void checkBytes(byte[] expected, byte[] actual, Object subject, String detail) {
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("oracle: " + subject + detail + "\n  expected: " + hex(expected)
                    + "\n  actual:   " + hex(actual));
        }
    }

    /**
     * Runs an accessor that the codec documents as infallible once {@code wrap}
     * succeeded (for example every item of a lookup response, which {@code wrap}
     * validates in full). A {@link CodecException} from it breaks that promise.
     */
    static <T> T afterWrap(String what, Supplier<T> accessor) {
        return afterWrap(what, -1, accessor);
    }

    /** {@link #afterWrap(String, Supplier)} for element {@code index} (negative: none) of {@code what}. */
    static <T> T afterWrap(String what, int index, Supplier<T> accessor) {
        try {
            return accessor.get();
        } catch (CodecException e) {
            throw new AssertionError("oracle: " + what + (index < 0 ? "" : " " + index)
                    + " failed after a successful wrap: " + e.getMessage(), e);
        }
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }
}
