package io.netdata.netipc.transport.shm;

import io.netdata.netipc.transport.ServiceEndpoint;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Names of per-session region files: {@code {run_dir}/{service}-{session_id:016x}.ipcshm}
 * (upstream {@code level1-posix-shm.md}, "Region file path").
 *
 * <p>Thread-safety: stateless.
 */
public final class ShmRegionFiles {
    /** Suffix of every region file. */
    public static final String SUFFIX = ".ipcshm";
    private static final String SEPARATOR = "-";
    private static final HexFormat SESSION_ID_HEX = HexFormat.of().withLowerCase();

    private ShmRegionFiles() {
    }

    /** The region file of session {@code sessionId} (unsigned 64-bit, raw bits) of {@code endpoint}. */
    public static Path path(ServiceEndpoint endpoint, long sessionId) {
        return endpoint.runDir().resolve(endpoint.serviceName() + SEPARATOR + SESSION_ID_HEX.toHexDigits(sessionId)
                + SUFFIX);
    }

    /**
     * True when {@code fileName} looks like a region file of {@code endpoint}'s service:
     * {@code {service}-*.ipcshm}, the startup scan's pattern.
     */
    public static boolean isRegionOf(ServiceEndpoint endpoint, String fileName) {
        String prefix = endpoint.serviceName() + SEPARATOR;
        return fileName.length() > prefix.length() + SUFFIX.length() && fileName.startsWith(prefix)
                && fileName.endsWith(SUFFIX);
    }
}
