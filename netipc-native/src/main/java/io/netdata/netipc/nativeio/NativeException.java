package io.netdata.netipc.nativeio;

import java.io.IOException;
import jnr.constants.platform.Errno;

/**
 * A failed native call: the operation, the {@code errno} value and its symbolic
 * name (for example {@code ENOENT}).
 *
 * <p>Thread-safety: immutable.
 */
public final class NativeException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final String UNKNOWN_ERRNO = "E?";

    private final String operation;
    private final int errno;

    public NativeException(String operation, int errno) {
        super(operation + " failed: " + errnoName(errno) + " (" + errno + ")");
        this.operation = operation;
        this.errno = errno;
    }

    /** The native operation that failed, e.g. {@code "connect /run/netdata/x.sock"}. */
    public String operation() {
        return operation;
    }

    /** The raw {@code errno} value. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}, e.g. {@code "ECONNREFUSED"}. */
    public String errnoName() {
        return errnoName(errno);
    }

    /** True when {@link #errno()} is {@code expected}. */
    public boolean is(Errno expected) {
        return expected.defined() && expected.intValue() == errno;
    }

    /** The symbolic name of an {@code errno} value on this platform. */
    public static String errnoName(int errno) {
        Errno value = Errno.valueOf(errno);
        return value == null || value == Errno.__UNKNOWN_CONSTANT__ ? UNKNOWN_ERRNO + errno : value.name();
    }
}
