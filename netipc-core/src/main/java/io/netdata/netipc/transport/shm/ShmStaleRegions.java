package io.netdata.netipc.transport.shm;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.SharedMemoryFile;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import jnr.constants.platform.Errno;

/**
 * Stale-region detection (upstream {@code level1-posix-shm.md}, "Stale region
 * detection"): whatever sits at a region path is kept only when it is a region
 * whose owner process is alive and whose owner generation is non-zero, or when
 * liveness cannot be checked for lack of descriptors; everything else (a dead
 * owner, a zero generation, a bad magic, a short file, a symbolic link, any
 * other file) is unlinked.
 *
 * <p>Thread-safety: stateless.
 */
public final class ShmStaleRegions {
    /** What was found at a region path. */
    public enum Verdict {
        /** Nothing was there. */
        ABSENT,
        /** A live server's region: left alone. */
        LIVE,
        /** Out of descriptors, so liveness is unknown: left alone, treated as live. */
        UNKNOWN_KEPT,
        /** Stale or junk: unlinked. */
        RECLAIMED
    }

    /** {@code kill(pid, 0)}: checks that a process exists without signalling it. */
    static final int NO_SIGNAL = 0;

    private ShmStaleRegions() {
    }

    /**
     * Inspects {@code path} and unlinks what is stale.
     *
     * @throws TransportException IO when a stale file cannot be removed
     */
    public static Verdict recover(Path path) throws TransportException {
        Verdict verdict = inspect(path);
        if (verdict == Verdict.RECLAIMED) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new TransportException(TransportError.IO, "cannot remove stale region " + path, e);
            }
        }
        return verdict;
    }

    /**
     * The startup scan: recovers every {@code {service}-*.ipcshm} in the run directory.
     *
     * @return how many files were reclaimed
     * @throws TransportException IO when the run directory cannot be listed or a stale file removed
     */
    public static int cleanupOnStartup(ServiceEndpoint endpoint) throws TransportException {
        int reclaimed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(endpoint.runDir(),
                entry -> ShmRegionFiles.isRegionOf(endpoint, entry.getFileName().toString()))) {
            for (Path entry : entries) {
                if (recover(entry) == Verdict.RECLAIMED) {
                    reclaimed++;
                }
            }
        } catch (IOException e) {
            throw new TransportException(TransportError.IO, "cannot scan " + endpoint.runDir(), e);
        }
        return reclaimed;
    }

    /** What is at {@code path}, without changing anything. */
    static Verdict inspect(Path path) {
        NativeFd file;
        try {
            file = SharedMemoryFile.openToInspect(path);
        } catch (NativeException e) {
            if (e.is(Errno.ENOENT)) {
                return Verdict.ABSENT;
            }
            return e.is(Errno.EMFILE) || e.is(Errno.ENFILE) ? Verdict.UNKNOWN_KEPT : Verdict.RECLAIMED;
        }
        try (file) {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return Verdict.RECLAIMED;
            }
            ByteBuffer header = ByteBuffer.allocateDirect(ShmRegionLayout.HEADER_LEN);
            if (SharedMemoryFile.read(file, header, ShmRegionLayout.HEADER_LEN) < ShmRegionLayout.HEADER_LEN) {
                return Verdict.RECLAIMED;
            }
            ShmOwner owner = ShmRegionHeader.readOwner(header);
            return owner.claimsLiveness() && isAlive(owner.pid()) ? Verdict.LIVE : Verdict.RECLAIMED;
        } catch (NativeException | ShmRegionException e) {
            return Verdict.RECLAIMED;
        }
    }

    /** True when process {@code pid} exists (a process we may not signal exists too). */
    static boolean isAlive(int pid) {
        if (pid <= 0) {
            // kill(0, ...) and kill(-n, ...) address process groups: never a region owner.
            return false;
        }
        return Native.libc().kill(pid, NO_SIGNAL) == 0 || Native.errno() == Errno.EPERM.intValue();
    }
}
