package io.netdata.netipc.cache;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The Level 3 cgroups snapshot cache (upstream {@code level3-snapshot-api.md}):
 * a local, indexed copy of the provider's snapshot, refreshed when the caller
 * says so, built only on the Level 2 {@link CgroupsSnapshotClient}.
 *
 * <ul>
 *   <li>{@link #refresh()} connects if needed, asks for the snapshot, copies and
 *       indexes it, and publishes the copy in one volatile write. On any failure
 *       (no provider, transport error, malformed response, timeout, abort) the
 *       previous copy stays; the Level 2 client has already dropped a broken
 *       session, so the next refresh reconnects. A snapshot that arrived but
 *       could not be copied (no heap for it, or a defect: a runtime exception or
 *       {@link OutOfMemoryError}) is a failed refresh too, reported as
 *       {@link ServiceError#CLIENT_ERROR}; the cache drops the session itself.</li>
 *   <li>{@link #ready()} says whether a refresh has ever succeeded; no system call.</li>
 *   <li>{@link #snapshot()} is the read guard: the published copy is immutable, so a
 *       reader holding it is never invalidated by a concurrent refresh, and there is
 *       nothing to unlock. Its lookups by {@code hash + name} allocate nothing.</li>
 * </ul>
 *
 * <p>Thread-safety: refreshes are serialized; {@link #snapshot()}, {@link #get},
 * {@link #ready()} and {@link #status()} are safe from any thread at any time;
 * {@link #abort()} and {@link #close()} from any thread wake a refresh waiting for
 * its snapshot; a refresh still connecting finishes its connection attempt first,
 * bounded by the handshake timeout (see {@link CgroupsSnapshotClient#abort()}).
 */
public final class CgroupsSnapshotCache implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CgroupsSnapshotCache.class.getName());

    private final CgroupsSnapshotClient client;
    private final Clock clock;
    /** Copies and indexes a received snapshot: {@link CgroupsSnapshot#copyOf}, except in tests. */
    private final Function<CgroupsSnapshotResponseView, CgroupsSnapshot> copier;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile CgroupsSnapshot published = CgroupsSnapshot.EMPTY;
    private volatile boolean populated;
    private volatile long successes;
    private volatile long failures;
    private volatile Instant lastSuccess;
    private volatile ServiceError lastError;

    private CgroupsSnapshotCache(CgroupsSnapshotClient client, Clock clock,
            Function<CgroupsSnapshotResponseView, CgroupsSnapshot> copier) {
        this.client = client;
        this.clock = clock;
        this.copier = copier;
    }

    /**
     * An empty cache for the snapshot service of {@code config}; it needs no provider
     * until {@link #refresh()}.
     *
     * @throws ServiceException TRANSPORT when the platform cannot provide an abort signal
     */
    public static CgroupsSnapshotCache create(ClientConfig config) throws ServiceException {
        return create(config, CgroupsSnapshot::copyOf);
    }

    /** {@link #create(ClientConfig)} with the copying of snapshots replaced, for tests. */
    static CgroupsSnapshotCache create(ClientConfig config,
            Function<CgroupsSnapshotResponseView, CgroupsSnapshot> copier) throws ServiceException {
        return new CgroupsSnapshotCache(CgroupsSnapshotClient.create(config), Clock.systemUTC(), copier);
    }

    /**
     * Connects if needed and rebuilds the cache from a fresh snapshot.
     *
     * @return true when the cache was rebuilt; false when the previous copy was kept
     *     ({@link #status()} says why)
     */
    public boolean refresh() {
        refreshLock.lock();
        try {
            client.refresh();
            if (!client.ready()) {
                return failed(ServiceError.NOT_READY);
            }
            CgroupsSnapshot fresh;
            try {
                fresh = copier.apply(client.call());
            } catch (ServiceException e) {
                return failed(e.error());
            } catch (CodecException e) {
                return failedOnProtocol(e);
            } catch (RuntimeException | OutOfMemoryError e) {
                return failedToCopy(e);
            }
            published = fresh;
            populated = true;
            successes++;
            lastSuccess = clock.instant();
            lastError = null;
            return true;
        } finally {
            refreshLock.unlock();
        }
    }

    private boolean failed(ServiceError error) {
        failures++;
        lastError = error;
        return false;
    }

    /**
     * A snapshot the client accepted but the cache may not copy (items overlapping so that
     * their copies would outgrow the payload): the provider's fault, a PROTOCOL failure,
     * and the session is dropped as for any protocol error.
     */
    private boolean failedOnProtocol(CodecException e) {
        client.disconnect();
        LOG.log(System.Logger.Level.WARNING, "netipc cgroups snapshot cache: refused the snapshot ({0}); "
                + "kept the previous copy and dropped the session", e.getMessage());
        return failed(ServiceError.PROTOCOL);
    }

    /**
     * A snapshot arrived but could not be copied or indexed (no heap for the copy, or
     * a defect): a failed refresh like any other, so the previous copy stays, and the
     * session is dropped as the specification's refresh does on a failed response, so
     * that the next refresh starts on a fresh one.
     */
    private boolean failedToCopy(Throwable e) {
        client.disconnect();
        LOG.log(System.Logger.Level.WARNING, "netipc cgroups snapshot cache: could not copy the snapshot; "
                + "kept the previous copy and dropped the session", e);
        return failed(ServiceError.CLIENT_ERROR);
    }

    /** True once a refresh has succeeded (the cache has data), whether or not connected now. */
    public boolean ready() {
        return populated;
    }

    /**
     * The current copy: the read guard. It stays valid, unchanged, for as long as it is held;
     * empty before the first successful refresh.
     */
    public CgroupsSnapshot snapshot() {
        return published;
    }

    /** {@code snapshot().get(hash, name)}. */
    public CachedCgroup get(long hash, ByteSource name) {
        return published.get(hash, name);
    }

    /** {@code snapshot().get(name)}. */
    public CachedCgroup get(CharSequence name) {
        return published.get(name);
    }

    public CacheStatus status() {
        CgroupsSnapshot current = published;
        return new CacheStatus(client.status().state(), populated, current.itemCount(), current.generation(),
                successes, failures, lastSuccess, lastError);
    }

    /**
     * Raises the Level 2 client's sticky abort: a refresh waiting for its snapshot ends, keeping
     * the cache; one that is connecting ends once its connection attempt does.
     */
    public void abort() {
        client.abort();
    }

    /** Lowers the abort. */
    public void clearAbort() throws ServiceException {
        client.clearAbort();
    }

    /** Closes the client; the cache's last copy stays readable through snapshots already taken. */
    @Override
    public void close() {
        client.close();
    }
}
