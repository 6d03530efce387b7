package io.netdata.netipc.cli;

/**
 * Process exit codes of the {@code netipc} tool, shared by all subcommands.
 *
 * <p>Thread-safety: constants only.
 */
public final class ExitCodes {
    /** The command did what was asked (for {@code decode --hex-lines}: every line was answered). */
    public static final int OK = 0;
    /**
     * Any other failure: a malformed message for {@code decode}, a call the
     * service failed or refused, a connection that broke.
     */
    public static final int FAILED = 1;
    /** The input was read but is not a valid message of the requested type. */
    public static final int DECODE_FAILED = FAILED;
    /** Bad command line (unknown option or type, missing value) or unreadable input. */
    public static final int USAGE = 2;
    /** No service answers at the endpoint (no socket, or nobody listening on it). */
    public static final int NOT_FOUND = 3;
    /** The service refused the authentication token. */
    public static final int AUTH_FAILED = 4;
    /** The service shares no profile or protocol version with the tool. */
    public static final int INCOMPATIBLE = 5;
    /** The service did not answer within the timeout. */
    public static final int TIMEOUT = 6;
    /** A bug in the tool itself; the message names the exception (sysexits' EX_SOFTWARE). */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
