package io.netdata.netipc.cli;

/**
 * Process exit codes of the {@code netipc} tool, shared by all subcommands.
 *
 * <p>Thread-safety: constants only.
 */
public final class ExitCodes {
    /** The command did what was asked (for {@code decode --hex-lines}: every line was answered). */
    public static final int OK = 0;
    /** The input was read but is not a valid message of the requested type. */
    public static final int DECODE_FAILED = 1;
    /** Bad command line (unknown option or type, missing value) or unreadable input. */
    public static final int USAGE = 2;
    /** A bug in the tool itself; the message names the exception. */
    public static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}
