package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.cache.CgroupsSnapshot;
import io.netdata.netipc.service.client.ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The scheduler that keeps the managed clients connected and the caches
 * fresh. The Level 2 contract keeps the library free of hidden threads, so the
 * auto-configuration owns them: each client not ready is refreshed every
 * {@code netipc.refresh-interval} (calls fail fast with NOT_READY meanwhile),
 * each cache every {@code refresh-interval} after its previous refresh ended.
 *
 * <p>It starts after the @NetIpcHandler servers (an application may consume its
 * own services) and stops before them, after the web server has drained its
 * requests: stopping lets refreshes in progress end for a second, then raises
 * the aborts of the clients and caches still refreshing (no other), waits for
 * the threads, and lowers those aborts again.
 *
 * <p>Thread-safety: lifecycle methods are called by the container; the tasks
 * run on the scheduler's own daemon threads.
 */
public final class NetIpcRefresher implements SmartLifecycle {
    /** Starts after the servers ({@link NetIpcHandlerServers#PHASE}), so stops before them. */
    public static final int PHASE = NetIpcHandlerServers.PHASE + 1;
    static final String THREAD_PREFIX = "netipc-refresh-";
    private static final int MAX_THREADS = 4;
    /** How long stopping lets refreshes in progress end by themselves before aborting them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(NetIpcRefresher.class.getName());

    private final NetIpcRegistry registry;
    private final NetIpcSettings settings;
    private final ApplicationEventPublisher events;
    private ScheduledThreadPoolExecutor scheduler;
    /** The refreshes running now, so that stopping aborts only them. */
    private final Set<Abortable> inFlight = ConcurrentHashMap.newKeySet();

    public NetIpcRefresher(NetIpcRegistry registry, NetIpcSettings settings, ApplicationEventPublisher events) {
        this.registry = registry;
        this.settings = settings;
        this.events = events;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        List<NetIpcRegistry.ClientEntry> clients = registry.clients();
        List<NetIpcRegistry.CacheEntry> caches = registry.caches();
        int tasks = clients.size() + caches.size();
        scheduler = new ScheduledThreadPoolExecutor(Math.max(1, Math.min(tasks, MAX_THREADS)), daemonThreads());
        long clientInterval = settings.clientRefreshInterval().toNanos();
        for (NetIpcRegistry.ClientEntry client : clients) {
            scheduler.scheduleWithFixedDelay(() -> refresh(client), 0, clientInterval, TimeUnit.NANOSECONDS);
        }
        for (NetIpcRegistry.CacheEntry cache : caches) {
            scheduler.scheduleWithFixedDelay(() -> refresh(cache), 0, cache.refreshInterval().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A task that throws is never run again: catch everything a refresh may throw. */
    private void refresh(NetIpcRegistry.ClientEntry entry) {
        if (entry.client().ready()) {
            return;
        }
        Runnable clearer = () -> clearAbort(entry.client()::clearAbort, entry.name());
        Abortable running = new Abortable(entry.client()::abort, clearer);
        inFlight.add(running);
        try {
            entry.client().refresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "netipc client " + entry.name() + ": refresh failed", e);
        } finally {
            inFlight.remove(running);
        }
    }

    private void refresh(NetIpcRegistry.CacheEntry entry) {
        Runnable clearer = () -> clearAbort(entry.cache()::clearAbort, entry.name());
        Abortable running = new Abortable(entry.cache()::abort, clearer);
        inFlight.add(running);
        try {
            CgroupsSnapshot before = entry.cache().snapshot();
            boolean wasReady = entry.cache().ready();
            if (entry.cache().refresh() && entry.publishEvents()) {
                CgroupsSnapshot after = entry.cache().snapshot();
                if (!wasReady || after.generation() != before.generation()) {
                    events.publishEvent(new CgroupsSnapshotChangedEvent(entry.cache(), entry.name(),
                            before.generation(), after));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "netipc cache " + entry.name() + ": refresh failed", e);
        } finally {
            inFlight.remove(running);
        }
    }

    /** A refresh in progress: how to end it, and how to lower its abort afterwards. */
    private record Abortable(Runnable abort, Runnable clear) {
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        List<Runnable> clearers = new ArrayList<>();
        try {
            if (!awaitTermination(STOP_GRACE)) {
                abortAll(clearers);
                if (!awaitTermination(STOP_WAIT)) {
                    LOG.warning("netipc refresh threads did not stop within " + STOP_WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scheduler = null;
            clearers.forEach(Runnable::run);
        }
    }

    private boolean awaitTermination(Duration bound) throws InterruptedException {
        return scheduler.awaitTermination(bound.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Ends the refreshes still running, and only those: the other clients, READY and in use by
     * the application, are left alone. The aborts are sticky, so each gets its clearer.
     */
    private void abortAll(List<Runnable> clearers) {
        for (Abortable running : List.copyOf(inFlight)) {
            running.abort().run();
            clearers.add(running.clear());
        }
    }

    @FunctionalInterface
    private interface AbortClearer {
        void clear() throws ServiceException;
    }

    private static void clearAbort(AbortClearer clearer, String name) {
        try {
            clearer.clear();
        } catch (ServiceException e) {
            // A closed client stays closed; nothing else can fail here but the platform's eventfd.
            LOG.log(Level.FINE, "netipc " + name + ": abort not cleared", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
