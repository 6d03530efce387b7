package io.netdata.netipc.nativeio;

import java.util.Locale;
import java.util.Set;

/**
 * Which platforms the native layer supports, decided from the JVM's own
 * description of the machine.
 *
 * <p>Thread-safety: stateless.
 */
public final class NativePlatform {
    /** Operating system name prefix the transports need (SEQPACKET sockets, futex). */
    static final String LINUX = "linux";
    /** {@code os.arch} values of the supported architectures. */
    static final Set<String> ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64");

    private NativePlatform() {
    }

    /** True when {@code osName}/{@code osArch} (as in the system properties) are supported. */
    public static boolean isSupported(String osName, String osArch) {
        return osName != null && osArch != null
                && osName.toLowerCase(Locale.ROOT).startsWith(LINUX)
                && ARCHITECTURES.contains(osArch.toLowerCase(Locale.ROOT));
    }

    /** A one-line description of this machine, for error messages. */
    public static String describe() {
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    }

    /**
     * Throws when this machine is not supported.
     *
     * @throws UnsupportedPlatformException naming the platform
     */
    public static void ensureSupported() {
        if (!isSupported(System.getProperty("os.name"), System.getProperty("os.arch"))) {
            throw new UnsupportedPlatformException(
                    "netipc native transport supports Linux on x86_64 and aarch64, not " + describe(), null);
        }
    }
}
