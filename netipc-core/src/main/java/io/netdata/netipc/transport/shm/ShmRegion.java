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
    /** Set by the first unlink: the path is removed at most once, so never a later region's file. */
    private final AtomicBoolean unlinked = new AtomicBoolean();

    private ShmRegion(Path path, SharedMapping mapping, ShmRegionHeader header, boolean owned) {
        this.path = path;
        this.mapping = mapping;
        this.header = header;
        this.owned = owned;
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
                return new ShmRegion(path, mapping, new ShmRegionHeader(owner, layout), true);
            } finally {
                if (!created) {
                    mapping.close();
                }
            }
        } finally {
            if (!created) {
                deleteQuietly(path);
            }
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
                return new ShmRegion(path, mapping, header, false);
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
        mapping.close(this::wakeReaders);
        unlink();
    }

    /**
     * Removes the server's region file, leaving the mapping (and the sessions using it)
     * alone: a server shutting down does this for every live session. Only the first
     * call removes anything, so a region whose file was removed never deletes another
     * region created at the same path later. A client's region does nothing.
     */
    public void unlink() {
        if (owned && unlinked.compareAndSet(false, true)) {
            deleteQuietly(path);
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

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: the startup scan reclaims what a failed unlink leaves.
        }
    }
}
