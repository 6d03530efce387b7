package io.netdata.netipc.nativeio;

/**
 * The native layer cannot run here: the operating system or architecture is
 * not one netipc-java supports (Linux on x86_64 or aarch64), or libc could not
 * be bound. Raised at first use, never from deep inside a call.
 *
 * <p>Thread-safety: immutable.
 */
public final class UnsupportedPlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedPlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
