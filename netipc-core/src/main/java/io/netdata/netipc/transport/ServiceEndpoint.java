package io.netdata.netipc.transport;

import io.netdata.netipc.nativeio.UnixSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a service lives: a run directory and a service name. The UDS socket is
 * {@code {runDir}/{serviceName}.sock}; shared-memory regions derive their names
 * from the same pair.
 *
 * <p>Service names use letters, digits, {@code .}, {@code _} and {@code -}, and
 * are neither {@code .} nor {@code ..}, so a name can never leave the run
 * directory. The socket path must fit {@code sun_path}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param runDir the run directory, e.g. {@code /run/netdata}
 * @param serviceName the service, e.g. {@code cgroups-snapshot}
 */
public record ServiceEndpoint(Path runDir, String serviceName) {
    /** Suffix of the socket file. */
    public static final String SOCKET_SUFFIX = ".sock";
    private static final String CURRENT_DIR = ".";
    private static final String PARENT_DIR = "..";

    /**
     * @throws IllegalArgumentException for an invalid service name, a socket path that does not
     *     fit, or a run directory outside the default file system (sockets live in the real one)
     */
    public ServiceEndpoint {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(serviceName, "serviceName");
        if (runDir.getFileSystem() != FileSystems.getDefault()) {
            throw new IllegalArgumentException("run directory " + runDir + " is not on the default file system");
        }
        if (!isValidServiceName(serviceName)) {
            throw new IllegalArgumentException("invalid service name '" + serviceName
                    + "': use letters, digits, '.', '_' and '-', and not '.' or '..'");
        }
        Path socket = runDir.resolve(serviceName + SOCKET_SUFFIX);
        if (!UnixSocketAddress.fits(socket)) {
            throw new IllegalArgumentException("socket path " + socket + " is longer than the "
                    + UnixSocketAddress.MAX_PATH_BYTES + " bytes a Unix socket address can hold");
        }
    }

    /** True when {@code name} is a valid service name. */
    public static boolean isValidServiceName(String name) {
        if (name.isEmpty() || name.equals(CURRENT_DIR) || name.equals(PARENT_DIR)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** The socket file name, {@code {serviceName}.sock}. */
    public String socketFileName() {
        return serviceName + SOCKET_SUFFIX;
    }

    /** The socket path, {@code {runDir}/{serviceName}.sock}. */
    public Path socketPath() {
        return runDir.resolve(socketFileName());
    }
}
