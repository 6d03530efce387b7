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
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
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
    /** What was found at a region path. Thread-safety: immutable enum. */
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

    /** Following {@code /proc/self/fd/N} reaches the open file itself, even after its path changed. */
    private static final Path PROC_SELF_FD = Path.of("/proc/self/fd");

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
        Inspection found = inspectFile(path);
        if (found.verdict() == Verdict.RECLAIMED) {
            unlinkIfStillTheSame(path, found.fileKey());
        }
        return found.verdict();
    }

    /**
     * Unlinks {@code path} only while it is still the file that was judged (same identity),
     * as the reference does: between the judgement and the unlink a server may have
     * replaced it with a live region of its own.
     */
    static void unlinkIfStillTheSame(Path path, Object judgedKey) throws TransportException {
        try {
            Object currentKey = fileKey(path);
            if (currentKey != null && currentKey.equals(judgedKey)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new TransportException(TransportError.IO, "cannot remove stale region " + path, e);
        }
    }

    /** The identity of whatever is at {@code path} (not following links), or null when nothing is. */
    static Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The startup scan: recovers every {@code {service}-*.ipcshm} in the run directory. An
     * entry that cannot be removed is left and the scan goes on, as the reference's does.
     *
     * @return how many files were reclaimed
     * @throws TransportException IO when the run directory cannot be listed
     */
    public static int cleanupOnStartup(ServiceEndpoint endpoint) throws TransportException {
        int reclaimed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(endpoint.runDir(),
                entry -> ShmRegionFiles.isRegionOf(endpoint, entry.getFileName().toString()))) {
            for (Path entry : entries) {
                if (recoverQuietly(entry) == Verdict.RECLAIMED) {
                    reclaimed++;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new TransportException(TransportError.IO, "cannot scan " + endpoint.runDir(), e);
        }
        return reclaimed;
    }

    /** {@link #recover(Path)}, reporting an entry that cannot be removed as kept. */
    private static Verdict recoverQuietly(Path entry) {
        try {
            return recover(entry);
        } catch (TransportException e) {
            return Verdict.UNKNOWN_KEPT;
        }
    }

    /** What is at {@code path}, without changing anything. */
    static Verdict inspect(Path path) {
        return inspectFile(path).verdict();
    }

    /** A verdict on the file found at a path, and that file's identity (null when unknown). */
    private record Inspection(Verdict verdict, Object fileKey) {
    }

    private static Inspection inspectFile(Path path) {
        NativeFd file;
        try {
            file = SharedMemoryFile.openToInspect(path);
        } catch (NativeException e) {
            if (e.is(Errno.ENOENT)) {
                return new Inspection(Verdict.ABSENT, null);
            }
            if (e.is(Errno.EMFILE) || e.is(Errno.ENFILE)) {
                return new Inspection(Verdict.UNKNOWN_KEPT, null);
            }
            // Junk that cannot even be opened (a symbolic link, say): judged by what it is now.
            return junk(path);
        }
        Object key = null;
        try (file) {
            // The identity of the file we opened and read, not of whatever the path names by now:
            // a live region put in its place meanwhile must not be unlinked on the old file's verdict.
            BasicFileAttributes attributes = Files.readAttributes(openedFile(file), BasicFileAttributes.class);
            key = attributes.fileKey();
            if (!attributes.isRegularFile()) {
                return new Inspection(Verdict.RECLAIMED, key);
            }
            ByteBuffer header = ByteBuffer.allocateDirect(ShmRegionLayout.HEADER_LEN);
            if (SharedMemoryFile.read(file, header, ShmRegionLayout.HEADER_LEN) < ShmRegionLayout.HEADER_LEN) {
                return new Inspection(Verdict.RECLAIMED, key);
            }
            ShmOwner owner = ShmRegionHeader.readOwner(header);
            boolean live = owner.claimsLiveness() && isAlive(owner.pid());
            return new Inspection(live ? Verdict.LIVE : Verdict.RECLAIMED, key);
        } catch (ShmRegionException e) {
            return new Inspection(Verdict.RECLAIMED, key);
        } catch (IOException e) {
            // The opened file cannot be identified (no /proc?): without its identity an unlink
            // could hit a live region put in its place, so the file is kept, as when out of fds.
            return new Inspection(Verdict.UNKNOWN_KEPT, null);
        }
    }

    /**
     * The identity of the file an open descriptor refers to, whatever its path names now.
     *
     * @throws IOException when it cannot be read (no {@code /proc})
     */
    static Object fileKey(NativeFd file) throws IOException {
        return Files.readAttributes(openedFile(file), BasicFileAttributes.class).fileKey();
    }

    /** The file an open descriptor refers to, through Linux's per-process descriptor links. */
    private static Path openedFile(NativeFd file) {
        return PROC_SELF_FD.resolve(Integer.toString(file.fd()));
    }

    /** A junk verdict on whatever is at {@code path} now, or ABSENT when nothing is. */
    private static Inspection junk(Path path) {
        try {
            Object key = fileKey(path);
            return key == null ? new Inspection(Verdict.ABSENT, null) : new Inspection(Verdict.RECLAIMED, key);
        } catch (IOException e) {
            return new Inspection(Verdict.UNKNOWN_KEPT, null);
        }
    }

    /** True when process {@code pid} exists (a process we may not signal exists too). */
    static boolean isAlive(int pid) {
        if (pid <= 0) {
            // kill(0, ...) and kill(-n, ...) address process groups: never a region owner.
            return false;
        }
        int result = Native.libc().kill(pid, NO_SIGNAL);
        return processExists(result, result == 0 ? 0 : Native.errno());
    }

    /**
     * What {@code kill(pid, 0)} returning {@code killResult} with {@code errno} says: the
     * process exists when the call succeeded, and also when it failed only because we may
     * not signal that process (EPERM, which a root test run never sees).
     */
    static boolean processExists(int killResult, int errno) {
        return killResult == 0 || errno == Errno.EPERM.intValue();
    }
}
