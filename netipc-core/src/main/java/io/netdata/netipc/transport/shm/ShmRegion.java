package io.netdata.netipc.transport.shm;

import io.netdata.netipc.nativeio.Futex;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.SharedMapping;
import io.netdata.netipc.nativeio.SharedMemoryFile;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.constants.platform.Errno;

/**
 * One session's mapped region file (upstream {@code level1-posix-shm.md},
 * "Region lifecycle"): created, reserved, zeroed and headed by the server
 * before its hello-ack, attached and validated by the client after it.
 *
 * <p>The mapping is a {@link SharedMapping}: users hold it
 * ({@link SharedMapping#acquire()}) around every access, and {@link #close()}
 * wakes any reader sleeping on a signal word before the mapping goes away,
 * which happens only after the last user has released it. The server's close
 * also unlinks the file.
 *
 * <p>Thread-safety: {@link #close()} and {@link #unlink()} are safe from any
 * thread; the rest is immutable.
 */
public final class ShmRegion implements AutoCloseable {
    private static final int[] SIGNAL_WORDS = {ShmRegionLayout.OFF_REQ_SIGNAL, ShmRegionLayout.OFF_RESP_SIGNAL};

    private final Path path;
    private final SharedMapping mapping;
    private final ShmRegionHeader header;
    private final boolean owned;
    /** The identity of the file this server created, or null (a client's region, or unknown). */
    private final Object fileKey;
    /** Set by the first unlink: the path is removed at most once, so never a later region's file. */
    private final AtomicBoolean unlinked = new AtomicBoolean();

    private ShmRegion(Path path, SharedMapping mapping, ShmRegionHeader header, boolean owned, Object fileKey) {
        this.path = path;
        this.mapping = mapping;
        this.header = header;
        this.owned = owned;
        this.fileKey = fileKey;
    }

    /**
     * Creates the region of session {@code sessionId}: stale recovery at its path,
     * {@code O_EXCL} create with mode 0600, every block reserved, mapped, zeroed and
     * headed with this process as owner. On any failure nothing is left behind.
     *
     * @throws TransportException ADDRESS_IN_USE when a live region (or one whose liveness
     *     cannot be checked) holds the path; ALLOCATION_FAILED when the blocks cannot be
     *     reserved; IO otherwise
     */
    public static ShmRegion create(ServiceEndpoint endpoint, long sessionId, ShmRegionLayout layout)
            throws TransportException {
        Path path = ShmRegionFiles.path(endpoint, sessionId);
        ShmStaleRegions.Verdict found = ShmStaleRegions.recover(path);
        if (found == ShmStaleRegions.Verdict.LIVE || found == ShmStaleRegions.Verdict.UNKNOWN_KEPT) {
            throw new TransportException(TransportError.ADDRESS_IN_USE, found == ShmStaleRegions.Verdict.LIVE
                    ? "a live region holds " + path : "cannot tell whether the region at " + path + " is live");
        }
        NativeFd file;
        try {
            file = SharedMemoryFile.create(path);
        } catch (NativeException e) {
            throw new TransportException(e.is(Errno.EEXIST) ? TransportError.ADDRESS_IN_USE : TransportError.IO,
                    e.getMessage(), e);
        }
        boolean created = false;
        Object key = identity(file);
        try (file) {
            reserve(file, layout.regionSize());
            SharedMapping mapping = map(file, layout.regionSize());
            try {
                ShmOwner owner = new ShmOwner(Native.libc().getpid(), ShmOwner.generationAt(System.nanoTime()));
                ByteBuffer region = mapping.acquire();
                try {
                    ShmRegionHeader.write(region, layout, owner.pid(), owner.generation());
                } catch (InternalError e) {
                    // A page vanished: another process of this user shrank the file we just reserved.
                    throw new TransportException(TransportError.IO, "region " + path + " shrank while it was "
                            + "being initialised", e);
                } finally {
                    mapping.release();
                }
                created = true;
                return new ShmRegion(path, mapping, new ShmRegionHeader(owner, layout), true, key);
            } finally {
                if (!created) {
                    mapping.close();
                }
            }
        } finally {
            if (!created) {
                deleteIfOurs(path, key);
            }
        }
    }

    /** The created file's identity, read through its descriptor; null when that cannot be read. */
    private static Object identity(NativeFd file) {
        try {
            return ShmStaleRegions.fileKey(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static void reserve(NativeFd file, long size) throws TransportException {
        try {
            SharedMemoryFile.reserve(file, size);
        } catch (NativeException e) {
            throw new TransportException(TransportError.ALLOCATION_FAILED, e.getMessage(), e);
        }
    }

    private static SharedMapping map(NativeFd file, long size) throws TransportException {
        try {
            return SharedMapping.map(file, size);
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, e.getMessage(), e);
        }
    }

    /**
     * Attaches to the region of session {@code sessionId}, validating its header
     * against the agreed payload ceilings.
     *
     * @throws ShmRegionException when the region is missing ({@link ShmRegionError#NOT_READY}),
     *     not ready or invalid; {@link ShmRegionError#retryable()} tells whether trying again
     *     later may help
     * @throws TransportException IO when the file cannot be opened or mapped
     */
    public static ShmRegion attach(ServiceEndpoint endpoint, long sessionId, long maxRequestPayloadBytes,
            long maxResponsePayloadBytes) throws ShmRegionException, TransportException {
        Path path = ShmRegionFiles.path(endpoint, sessionId);
        NativeFd file;
        try {
            file = SharedMemoryFile.open(path);
        } catch (NativeException e) {
            if (e.is(Errno.ENOENT)) {
                throw new ShmRegionException(ShmRegionError.NOT_READY, "no region at " + path + " yet");
            }
            throw new TransportException(TransportError.IO, e.getMessage(), e);
        }
        try (file) {
            long size = size(file);
            ShmRegionHeader.checkFileSize(size);
            SharedMapping mapping = map(file, size);
            boolean attached = false;
            try {
                ByteBuffer region = mapping.acquire();
                ShmRegionHeader header;
                try {
                    header = ShmRegionHeader.validate(region, maxRequestPayloadBytes, maxResponsePayloadBytes);
                } catch (InternalError e) {
                    // A page of the mapping vanished (the file shrank after its size was read).
                    throw new TransportException(TransportError.IO, "region " + path + " shrank while attaching", e);
                } finally {
                    mapping.release();
                }
                attached = true;
                return new ShmRegion(path, mapping, header, false, null);
            } finally {
                if (!attached) {
                    mapping.close();
                }
            }
        }
    }

    private static long size(NativeFd file) throws TransportException {
        try {
            return SharedMemoryFile.size(file);
        } catch (NativeException e) {
            throw new TransportException(TransportError.IO, e.getMessage(), e);
        }
    }

    /** The region file. */
    public Path path() {
        return path;
    }

    /** The mapping; hold it ({@link SharedMapping#acquire()}) around every access. */
    public SharedMapping mapping() {
        return mapping;
    }

    /** The area placement. */
    public ShmRegionLayout layout() {
        return header.layout();
    }

    /** True for the server's region, which its close unlinks. */
    public boolean isOwned() {
        return owned;
    }

    /**
     * Wakes readers sleeping on either signal word, unmaps once no user holds the
     * mapping, and (on the server) unlinks the file; idempotent.
     */
    @Override
    public void close() {
        try {
            mapping.close(this::wakeReaders);
        } finally {
            unlink();
        }
    }

    /**
     * Removes the server's region file, leaving the mapping (and the sessions using it)
     * alone: a server shutting down does this for every live session. Only the first
     * call removes anything, and only while the path still names the file this region
     * created, so a region never deletes another region created at the same path later.
     * A client's region does nothing.
     */
    public void unlink() {
        if (owned && unlinked.compareAndSet(false, true)) {
            deleteIfOurs(path, fileKey);
        }
    }

    /**
     * Runs while close still holds the mapping: bumps both signal words before waking, so
     * a reader that checked for close just before this and is about to sleep finds its
     * word changed and returns at once instead of sleeping a whole wait slice. For a
     * reader in the peer process the bump is a spurious wake-up, which it tolerates.
     */
    private void wakeReaders(ByteBuffer region) {
        try {
            for (int word : SIGNAL_WORDS) {
                ShmWords.increment(region, word);
                wake(word);
            }
        } catch (InternalError e) {
            // The peer truncated the file: the pages are gone, and so is anyone to wake through them.
        }
    }

    private void wake(int word) {
        try {
            Futex.wake(mapping.address() + word, Futex.ALL);
        } catch (NativeException e) {
            // The words are aligned and mapped here: nothing can fail that a reader would miss.
        }
    }

    /**
     * Removes {@code path} only while it still names the file this server created: another
     * server may have reclaimed it meanwhile and put a live region of its own there. When the
     * identity is unknown the path is removed as the reference does.
     */
    private static void deleteIfOurs(Path path, Object key) {
        try {
            if (key == null) {
                Files.deleteIfExists(path);
            } else {
                ShmStaleRegions.unlinkIfStillTheSame(path, key);
            }
        } catch (IOException e) {
            // Best effort (a TransportException is an IOException): the startup scan reclaims what is left.
        }
    }
}
