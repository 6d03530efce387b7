package io.netdata.netipc.spring.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that implements exactly one typed handler interface of
 * netipc-core ({@code IncrementHandler}, {@code StringReverseHandler},
 * {@code CgroupsSnapshotHandler}, {@code CgroupsLookupHandler} or
 * {@code AppsLookupHandler}): the auto-configuration exports it as the
 * service {@link #service()} through a managed server that starts with the
 * application context and stops, removing its socket and shared-memory
 * regions, when the context closes.
 *
 * <p>Two handlers for one service name, or a handler that implements no (or
 * more than one) handler interface, fail start-up.
 *
 * <p>The handler runs on the server's session threads, concurrently: it must
 * be thread-safe. Request views and response builders are valid only during
 * one invocation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NetIpcHandler {
    /**
     * The service name: the socket is {@code {netipc.run-dir}/{service}.sock}. It may hold
     * {@code ${...}} placeholders, resolved against the environment.
     */
    String service();

    /** Sessions served at once; 0 for {@code netipc.servers.max-sessions}. */
    int maxSessions() default 0;

    /** The profiles offered; empty for {@code netipc.servers.profiles}, then {@code netipc.profiles}. */
    NetIpcProfile[] profiles() default {};
}
