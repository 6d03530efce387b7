package io.netdata.netipc.nativeio;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Entry point to the native layer: checks the platform and binds libc once, on
 * first use, turning every way that can fail into an
 * {@link UnsupportedPlatformException} instead of a linkage error deep inside a
 * later call.
 *
 * <p>Thread-safety: safe for concurrent use; binding happens once.
 */
public final class Native {
    private static final String LIBC = "c";

    private Native() {
    }

    /** Binds libc on first use; a failure is kept, so every later call reports the same reason. */
    private static final class Holder {
        static final LibC LIB;
        static final UnsupportedPlatformException FAILURE;

        static {
            LibC lib = null;
            UnsupportedPlatformException failure = null;
            try {
                lib = bind();
            } catch (UnsupportedPlatformException e) {
                failure = e;
            } catch (Throwable e) {
                // Anything else (an Error during binding) must not leave later calls with a bare
                // NoClassDefFoundError for this holder.
                failure = new UnsupportedPlatformException("cannot bind libc on " + NativePlatform.describe()
                        + ": " + e, e);
            }
            LIB = lib;
            FAILURE = failure;
        }

        private static LibC bind() {
            NativePlatform.ensureSupported();
            try {
                return LibraryLoader.create(LibC.class).failImmediately().load(LIBC);
            } catch (LinkageError | RuntimeException e) {
                throw new UnsupportedPlatformException(
                        "cannot bind libc through JNR-FFI on " + NativePlatform.describe() + ": " + e, e);
            }
        }
    }

    /**
     * The bound libc.
     *
     * @throws UnsupportedPlatformException when the platform is unsupported or libc cannot be
     *     bound, with the first failure's reason, on every call
     */
    public static LibC libc() {
        if (Holder.FAILURE != null) {
            // A new exception per call, for this caller's stack; the first failure is its cause.
            throw new UnsupportedPlatformException(Holder.FAILURE.getMessage(), Holder.FAILURE);
        }
        return Holder.LIB;
    }

    /**
     * The native address of a direct buffer's first byte (independent of its
     * position), for passing to {@link LibC} calls without copying.
     *
     * @throws IllegalArgumentException when {@code buffer} is not direct
     */
    public static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("native calls need a direct buffer");
        }
        libc();
        // jffi's lookup allocates nothing, unlike wrapping the buffer in a Pointer first.
        return MemoryIO.getInstance().getDirectBufferAddress(buffer);
    }

    /** The {@code errno} saved by the calling thread's last native call. */
    public static int errno() {
        return LastError.getLastError(Runtime.getRuntime(libc()));
    }

    /**
     * Returns {@code result}, or throws when it is negative (the libc failure convention).
     *
     * @throws NativeException with the saved {@code errno}
     */
    public static int check(int result, String operation) throws NativeException {
        if (result < 0) {
            throw new NativeException(operation, errno());
        }
        return result;
    }

    /**
     * Returns {@code result}, or throws when it is negative.
     *
     * @throws NativeException with the saved {@code errno}
     */
    public static long check(long result, String operation) throws NativeException {
        if (result < 0) {
            throw new NativeException(operation, errno());
        }
        return result;
    }
}
