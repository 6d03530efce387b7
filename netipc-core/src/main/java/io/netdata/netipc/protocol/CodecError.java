package io.netdata.netipc.protocol;

/**
 * Error classes reported by the codec. The names match the reference
 * implementation's error classes so that verdicts can be compared one to one.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum CodecError {
    /** The input is shorter than a fixed header, directory or declared area. */
    TRUNCATED,
    /** The magic number does not match. */
    BAD_MAGIC,
    /** The envelope version is not supported. */
    BAD_VERSION,
    /** The outer header declares a header length other than 32. */
    BAD_HEADER_LEN,
    /** The outer header declares an unknown message kind. */
    BAD_KIND,
    /** A layout version, flag, reserved field, status or structural rule is violated. */
    BAD_LAYOUT,
    /** An offset plus length points outside its enclosing area. */
    OUT_OF_BOUNDS,
    /** A string is not followed by its NUL terminator. */
    MISSING_NUL,
    /** An item offset is not a multiple of 8. */
    BAD_ALIGNMENT,
    /** An item count is impossible for the enclosing structure. */
    BAD_ITEM_COUNT,
    /** A builder or encoder ran out of room in its output buffer. */
    OVERFLOW
}
