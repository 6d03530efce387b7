package io.netdata.netipc.protocol;

/**
 * The single exception type thrown by codec decoders, views and builders when
 * the bytes (or the values handed to a builder) violate the wire contract.
 *
 * <p>Decoders never throw anything else for any input bytes. Misuse of the Java
 * API itself (a {@code null} buffer, an index range outside the buffer) raises
 * the usual {@link NullPointerException} or {@link IndexOutOfBoundsException}.
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
