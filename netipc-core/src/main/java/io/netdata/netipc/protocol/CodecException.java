package io.netdata.netipc.protocol;

/**
 * The single exception type thrown by codec decoders, views and builders when
 * bytes violate the wire contract, or when values handed to a builder would
 * produce such bytes or do not fit its buffer.
 *
 * <p>Decoders never throw anything else for any input bytes. Misuse of the Java
 * API itself raises the usual Java exceptions instead: {@link NullPointerException}
 * for a {@code null} argument, {@link IndexOutOfBoundsException} for a region
 * outside the buffer or an item index out of range, {@link IllegalArgumentException}
 * for a number that does not fit its wire field (for example a {@code u16} status
 * of 70000), and {@link IllegalStateException} for a builder used out of order.
 *
 * <p>The exception carries no stack trace: hostile peers can make decoding fail
 * at a high rate, and the error class plus message identify the failure.
 *
 * <p>Thread-safety: immutable.
 */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final CodecError error;

    public CodecException(CodecError error, String detail) {
        super(error.name() + ": " + detail, null, false, false);
        this.error = error;
    }

    /** The error class, named as in the reference implementation. */
    public CodecError error() {
        return error;
    }
}
