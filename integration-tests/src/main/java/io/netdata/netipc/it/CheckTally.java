package io.netdata.netipc.it;

import io.netdata.netipc.protocol.CodecException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Counts the checks of a decode run; each failure is reported on one line of
 * the diagnostics stream as it happens.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
final class CheckTally {
    private final PrintStream diagnostics;
    private String subject = "";
    private int passed;
    private int failed;

    CheckTally(PrintStream diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Names what the following checks are about (a file); failures are prefixed with it. */
    void subject(String name) {
        subject = name + ": ";
    }

    /** Counts one check that holds when {@code condition} is true. */
    void check(boolean condition, String what) {
        if (condition) {
            passed++;
        } else {
            fail(what);
        }
    }

    /**
     * Counts one check, "{@code what} decodes", that holds when {@code decoder}
     * does not throw a {@link CodecException}, and returns what it decoded, or
     * nothing when there are no fields to check.
     */
    <T> Optional<T> decode(String what, Supplier<T> decoder) {
        try {
            T decoded = decoder.get();
            passed++;
            return Optional.of(decoded);
        } catch (CodecException e) {
            fail(what + " decodes: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Counts one failed check. */
    void fail(String what) {
        failed++;
        diagnostics.println("FAIL: " + subject + what);
    }

    int passed() {
        return passed;
    }

    int failed() {
        return failed;
    }
}
