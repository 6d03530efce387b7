package io.netdata.netipc.cli.serve;

import io.netdata.netipc.service.server.ManagedServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closes {@code serve}'s server when the JVM shuts down (SIGINT, SIGTERM),
 * whenever the signal comes; closing removes the socket and region files.
 *
 * <p>The hook is registered before the server binds its socket: registered
 * after, a signal between the two would end the JVM with nobody to close the
 * server, and its socket file would stay. So the hook may run while the server
 * is still starting; it then waits for the start to end (at most
 * {@link #START_WAIT}, so that a start that hangs cannot keep the JVM alive)
 * and closes what it made. A start that ends after a stop was asked is told so
 * by {@link #started}, and does not announce itself.
 *
 * <p>Thread-safety: {@link #stop()} runs on the hook's thread, the rest on the
 * command's; the latches order them.
 */
final class ShutdownStop {
    /** Far longer than binding a socket takes; a bound on a start that hangs (reading a data file, say). */
    static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final String HOOK_THREAD = "netipc-serve-stop";

    private final CountDownLatch startEnded = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Runnable afterStop;
    private volatile ManagedServer server;
    private volatile boolean stopRequested;
    private Thread hook;

    /** @param afterStop run by the hook once it has closed a server */
    ShutdownStop(Runnable afterStop) {
        this.afterStop = afterStop;
    }

    /** A stop that the JVM's shutdown runs; to be registered before the server starts. */
    static ShutdownStop register(Runnable afterStop) {
        ShutdownStop stop = new ShutdownStop(afterStop);
        stop.hook = new Thread(stop::stop, HOOK_THREAD);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /**
     * The server started. Returns false when a stop was asked meanwhile: the
     * hook closes the server (it waited for it), and the command should only
     * wait for that.
     */
    boolean started(ManagedServer startedServer) {
        server = startedServer;
        startEnded.countDown();
        return !stopRequested;
    }

    /** The start failed: there is nothing to close, and the hook is dropped unless it is already running. */
    void startFailed() {
        startEnded.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs, and finds nothing to close.
            }
        }
    }

    /** Waits until the hook has closed the server. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The hook: waits for a start under way, then closes its server. */
    void stop() {
        stopRequested = true;
        try {
            startEnded.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ManagedServer startedServer = server;
        if (startedServer != null) {
            startedServer.close();
            afterStop.run();
        }
        stopped.countDown();
    }
}
