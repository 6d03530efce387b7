package io.netdata.netipc.nativeio;

import java.util.concurrent.Callable;

/**
 * Main class of the child process in {@link UnsupportedPlatformTest}, started with a system
 * property that names an unsupported architecture: it touches the native layer three ways and
 * prints, one line each, {@code key class-of-what-was-thrown}, then {@link #DONE}.
 */
public final class UnsupportedPlatformChild {
    static final String DONE = "done";
    static final String FIRST_LIBC = "first-libc";
    static final String SECOND_LIBC = "second-libc";
    static final String READINESS_WAIT = "readiness-wait";
    static final String MESSAGE = "message";
    /** Outcome of a call that threw nothing. */
    static final String NOTHING = "nothing";

    private UnsupportedPlatformChild() {
    }

    public static void main(String[] args) {
        report(FIRST_LIBC, outcome(Native::libc));
        // The second use finds the binding's holder class failed to initialise: a different path.
        report(SECOND_LIBC, outcome(Native::libc));
        report(READINESS_WAIT, outcome(ReadinessWait::new));
        try {
            Native.libc();
        } catch (UnsupportedPlatformException e) {
            report(MESSAGE, e.getMessage());
        }
        System.out.println(DONE);
        System.out.flush();
    }

    private static String outcome(Callable<?> call) {
        try {
            call.call();
            return NOTHING;
        } catch (Throwable t) {
            return t.getClass().getName();
        }
    }

    private static void report(String key, String value) {
        System.out.println(key + " " + value);
    }
}
