package io.netdata.netipc.service.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default thread factory of a managed server: daemon platform threads
 * named after the service, so that a server never keeps a JVM alive and its
 * threads are recognisable in a thread dump.
 *
 * <p>Thread-safety: thread-safe.
 */
final class ServerThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    ServerThreads(ServerConfig config) {
        this.prefix = "netipc-" + config.endpoint().serviceName() + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + next.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }
}
