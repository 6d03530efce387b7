package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.client.StringReverseClient;
import java.util.Map;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers one bean per {@code netipc.clients.<name>} (typed by its kind:
 * {@link IncrementClient}, {@link AppsLookupClient}, ...) and per
 * {@code netipc.caches.<name>} ({@link CgroupsSnapshotCache}), named
 * {@code <name>} so that {@code @Qualifier("<name>")} selects it. A bean of
 * that name defined by the application wins: nothing is registered for it.
 * The beans are created through {@link NetIpcBeanFactory} and closed with the
 * context.
 *
 * <p>Thread-safety: used once, by the container, while the context starts.
 */
public final class NetIpcBeanRegistrar implements BeanDefinitionRegistryPostProcessor {
    private static final String CLOSE = "close";

    private final Environment environment;

    public NetIpcBeanRegistrar(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        NetIpcProperties properties = Binder.get(environment)
                .bind(NetIpcProperties.PREFIX, Bindable.of(NetIpcProperties.class))
                .orElseGet(NetIpcProperties::new);
        for (Map.Entry<String, NetIpcProperties.Client> client : properties.getClients().entrySet()) {
            String name = client.getKey();
            Class<?> type = clientType(name, client.getValue().getKind());
            if (!takenByTheApplication(registry, name, type, NetIpcBeanFactory.clientSubject(name))) {
                register(registry, name, type, NetIpcBeanFactory.CLIENT_METHOD);
            }
        }
        for (String name : properties.getCaches().keySet()) {
            if (!takenByTheApplication(registry, name, CgroupsSnapshotCache.class,
                    NetIpcBeanFactory.cacheSubject(name))) {
                register(registry, name, CgroupsSnapshotCache.class, NetIpcBeanFactory.CACHE_METHOD);
            }
        }
    }

    /**
     * Whether the application defines bean {@code name} itself, which then replaces ours. A bean of
     * that name whose type is known and is not {@code type} is a clash, not a replacement; when the
     * definition does not tell its type yet, {@link NetIpcBeanNameCheck} checks it later.
     */
    private static boolean takenByTheApplication(BeanDefinitionRegistry registry, String name, Class<?> type,
            String subject) {
        if (!registry.containsBeanDefinition(name)) {
            return false;
        }
        Class<?> existing = declaredType(registry.getBeanDefinition(name));
        if (existing != null && !type.isAssignableFrom(existing)) {
            throw nameTaken(subject, name, existing, type);
        }
        return true;
    }

    /**
     * The type a definition declares, as far as it can be read before any bean exists: its
     * resolved type, else the return type of its {@code @Bean} method or its class name as read
     * from byte code (a scanned component, a configuration parsed by ASM); null when unknown.
     */
    private static Class<?> declaredType(BeanDefinition definition) {
        Class<?> resolved = definition.getResolvableType().resolve();
        if (resolved != null) {
            return resolved;
        }
        String typeName = null;
        if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null) {
            typeName = annotated.getFactoryMethodMetadata().getReturnTypeName();
        } else if (definition.getFactoryMethodName() == null) {
            typeName = definition.getBeanClassName();
        }
        if (typeName == null || !ClassUtils.isPresent(typeName, null)) {
            return null;
        }
        return ClassUtils.resolveClassName(typeName, null);
    }

    static NetIpcConfigurationException nameTaken(String subject, String name, Class<?> existing, Class<?> type) {
        return new NetIpcConfigurationException(subject, "its bean name '" + name + "' is taken by a bean of "
                + existing.getName() + ", not " + type.getSimpleName(), "Rename the client or cache, or the other bean.");
    }

    private static void register(BeanDefinitionRegistry registry, String name, Class<?> type, String method) {
        RootBeanDefinition definition = new RootBeanDefinition(type);
        // The factory method returns ServiceClient: without the target type, injection by type would
        // only find the bean once it exists.
        definition.setTargetType(type);
        definition.setFactoryBeanName(NetIpcBeanFactory.BEAN_NAME);
        definition.setFactoryMethodName(method);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
        definition.setDestroyMethodName(CLOSE);
        registry.registerBeanDefinition(name, definition);
    }

    /** The bean type of a client of {@code kind}, so it can be injected by type. */
    static Class<? extends ServiceClient> clientType(String name, ServiceKind kind) {
        if (kind == null) {
            throw new NetIpcConfigurationException(NetIpcBeanFactory.clientSubject(name) + ".kind", "not set",
                    "Set the service kind: increment, string-reverse, cgroups-snapshot, cgroups-lookup or "
                            + "apps-lookup.");
        }
        return switch (kind) {
            case INCREMENT -> IncrementClient.class;
            case STRING_REVERSE -> StringReverseClient.class;
            case CGROUPS_SNAPSHOT -> CgroupsSnapshotClient.class;
            case CGROUPS_LOOKUP -> CgroupsLookupClient.class;
            case APPS_LOOKUP -> AppsLookupClient.class;
        };
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // Definitions only.
    }
}
