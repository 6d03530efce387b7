package io.netdata.netipc.service;

import io.netdata.netipc.protocol.Wire;
import java.util.Locale;

/**
 * The service kinds of Level 2 (upstream {@code level2-typed-api.md}, "Service
 * Model"): one client context targets one kind, one managed server exports one
 * kind, and each kind is served by exactly one request method.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum ServiceKind {
    INCREMENT(Wire.METHOD_INCREMENT, true),
    STRING_REVERSE(Wire.METHOD_STRING_REVERSE, true),
    CGROUPS_SNAPSHOT(Wire.METHOD_CGROUPS_SNAPSHOT, false),
    CGROUPS_LOOKUP(Wire.METHOD_CGROUPS_LOOKUP, false),
    APPS_LOOKUP(Wire.METHOD_APPS_LOOKUP, false);

    private final int methodCode;
    private final boolean batchable;

    ServiceKind(int methodCode, boolean batchable) {
        this.methodCode = methodCode;
        this.batchable = batchable;
    }

    /**
     * The kind's name as the specification writes it ({@code cgroups-snapshot},
     * {@code apps-lookup}, ...), for configuration, metrics tags and reports.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The outer header's {@code code} of this kind's requests and responses. */
    public int methodCode() {
        return methodCode;
    }

    /**
     * Whether requests of this kind may travel as Level 1 batches
     * ({@code FLAG_BATCH}, one item per request); lookups carry their own item
     * directories and snapshots have one request, so they never do.
     */
    public boolean batchable() {
        return batchable;
    }
}
