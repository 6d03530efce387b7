package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.server.AppsLookupHandler;
import io.netdata.netipc.service.server.CgroupsLookupHandler;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.service.server.IncrementHandler;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import io.netdata.netipc.service.server.StringReverseHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Exports every {@link NetIpcHandler} bean through a managed server tied to
 * the application's lifecycle: the handlers are checked once every singleton
 * exists (one handler interface each, one handler per service name, a usable
 * run directory), the servers start with the context's lifecycle and stop
 * gracefully when it closes, which removes their sockets and shared-memory
 * regions.
 *
 * <p>Thread-safety: lifecycle methods are called by the container.
 */
public final class NetIpcHandlerServers implements SmartInitializingSingleton, SmartLifecycle {
    /**
     * Servers start before the refresher's clients connect and before the web server, and
     * stop after both, once Spring Boot's graceful web shutdown ({@code DEFAULT_PHASE - 1024})
     * and the web server ({@code DEFAULT_PHASE - 2048}) have drained the requests that may
     * call them.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    private static final String SUBJECT = "@NetIpcHandler bean '%s'";

    private final ListableBeanFactory beans;
    private final NetIpcSettings settings;
    private final NetIpcRegistry registry;
    private final NetIpcInstrumentation instrumentation;
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final List<ManagedServer> running = new ArrayList<>();

    public NetIpcHandlerServers(ListableBeanFactory beans, NetIpcSettings settings, NetIpcRegistry registry,
            NetIpcInstrumentation instrumentation) {
        this.beans = beans;
        this.settings = settings;
        this.registry = registry;
        this.instrumentation = instrumentation;
    }

    /** A handler bean, what it exports, and its server's configuration. */
    private record Declared(String beanName, ServiceKind kind, Object handler, ServerConfig config) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String name : beans.getBeanNamesForAnnotation(NetIpcHandler.class)) {
            NetIpcHandler annotation = beans.findAnnotationOnBean(name, NetIpcHandler.class);
            Object handler = beans.getBean(name);
            String subject = String.format(SUBJECT, name);
            ServiceKind kind = kindOf(subject, handler);
            String service = resolve(annotation.service());
            Declared other = declared.get(service);
            if (other != null) {
                throw new NetIpcConfigurationException(subject, "exports service '" + service
                        + "', which bean '" + other.beanName() + "' exports too",
                        "Give each @NetIpcHandler its own service name.");
            }
            ServerConfig config = settings.serverConfig(subject, service, annotation,
                    instrumentation.serverObserver(service, kind));
            declared.put(service, new Declared(name, kind, handler, config));
            registry.addServer(new NetIpcRegistry.ServerEntry(name, service, kind));
        }
    }

    /** The service name with its ${...} placeholders resolved, so that it can come from properties. */
    private String resolve(String service) {
        String resolved = beans instanceof ConfigurableBeanFactory configurable
                ? configurable.resolveEmbeddedValue(service) : service;
        return resolved != null ? resolved : service;
    }

    /** The one service kind {@code handler} serves. */
    static ServiceKind kindOf(String subject, Object handler) {
        List<ServiceKind> kinds = new ArrayList<>();
        if (handler instanceof IncrementHandler) {
            kinds.add(ServiceKind.INCREMENT);
        }
        if (handler instanceof StringReverseHandler) {
            kinds.add(ServiceKind.STRING_REVERSE);
        }
        if (handler instanceof CgroupsSnapshotHandler) {
            kinds.add(ServiceKind.CGROUPS_SNAPSHOT);
        }
        if (handler instanceof CgroupsLookupHandler) {
            kinds.add(ServiceKind.CGROUPS_LOOKUP);
        }
        if (handler instanceof AppsLookupHandler) {
            kinds.add(ServiceKind.APPS_LOOKUP);
        }
        if (kinds.size() != 1) {
            throw new NetIpcConfigurationException(subject, kinds.isEmpty()
                    ? "implements no netipc handler interface" : "implements several handler interfaces " + kinds,
                    "Implement exactly one of IncrementHandler, StringReverseHandler, CgroupsSnapshotHandler, "
                            + "CgroupsLookupHandler and AppsLookupHandler.");
        }
        return kinds.get(0);
    }

    @Override
    public synchronized void start() {
        if (!running.isEmpty()) {
            return;
        }
        for (Declared handler : declared.values()) {
            try {
                ManagedServer server = serve(handler);
                running.add(server);
                registry.started(handler.config().endpoint().serviceName(), server);
            } catch (ServiceException | RuntimeException e) {
                stop();
                throw new NetIpcConfigurationException(String.format(SUBJECT, handler.beanName()),
                        "cannot export service '" + handler.config().endpoint().serviceName() + "': "
                                + e.getMessage(),
                        "Check that no other live server uses that service name in the run directory.", e);
            }
        }
    }

    private static ManagedServer serve(Declared handler) throws ServiceException {
        return switch (handler.kind()) {
            case INCREMENT -> ManagedServer.increment(handler.config(), (IncrementHandler) handler.handler());
            case STRING_REVERSE -> ManagedServer.stringReverse(handler.config(),
                    (StringReverseHandler) handler.handler());
            case CGROUPS_SNAPSHOT -> ManagedServer.cgroupsSnapshot(handler.config(),
                    (CgroupsSnapshotHandler) handler.handler());
            case CGROUPS_LOOKUP -> ManagedServer.cgroupsLookup(handler.config(),
                    (CgroupsLookupHandler) handler.handler());
            case APPS_LOOKUP -> ManagedServer.appsLookup(handler.config(), (AppsLookupHandler) handler.handler());
        };
    }

    /** Closes every server: sessions are ended, threads joined, socket and regions removed. */
    @Override
    public synchronized void stop() {
        for (ManagedServer server : running) {
            server.close();
            registry.stopped(server.endpoint().serviceName());
        }
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
