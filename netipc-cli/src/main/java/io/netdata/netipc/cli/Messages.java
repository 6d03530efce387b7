package io.netdata.netipc.cli;

import java.util.regex.Pattern;

/**
 * Formatting of diagnostics for standard error.
 *
 * <p>Thread-safety: stateless.
 */
public final class Messages {
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

    private Messages() {
    }

    /** {@code message} with its line breaks folded into single spaces, so a diagnostic stays one line. */
    public static String oneLine(String message) {
        return LINE_BREAKS.matcher(message.strip()).replaceAll(" ");
    }
}
