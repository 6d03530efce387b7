package io.netdata.netipc.cli;

/**
 * An expected failure of a command: reported as one line on standard error
 * and ended with its exit code, without a stack trace (unless {@code --debug}).
 *
 * <p>Thread-safety: immutable.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** One of {@link ExitCodes}. */
    public int exitCode() {
        return exitCode;
    }
}
