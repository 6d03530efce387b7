package io.netdata.netipc.service;

import java.time.Duration;

/**
 * The named defaults of Level 2, used wherever a configuration leaves a limit
 * at zero (upstream {@code level2-typed-api.md}, principles 4 and 5). They are
 * the reference implementations' defaults, so that an unconfigured Java peer
 * proposes and accepts what an unconfigured C, Rust or Go peer does. None of
 * them is a protocol limit.
 *
 * <p>Thread-safety: constants only.
 */
public final class ServiceDefaults {
    /** Request payload a client proposes, and a server accepts, when none is configured. */
    public static final long REQUEST_PAYLOAD_BYTES = 1024;
    /** Response payload when none is configured. */
    public static final long RESPONSE_PAYLOAD_BYTES = 65_536;
    /** Batch items per message when none are configured (no batching). */
    public static final long BATCH_ITEMS = 1;
    /** The largest payload overflow recovery grows a proposal to when no ceiling is configured. */
    public static final long PAYLOAD_GROWTH_CAP_BYTES = 1024 * 1024;
    /** The smallest proposal overflow recovery makes. */
    public static final long MIN_GROWN_PAYLOAD_BYTES = 16;
    /** How many times one call may reconnect with grown capacities. */
    public static final int MAX_OVERFLOW_RETRIES = 8;
    /** The bound of one typed call, the complete logical response included. */
    public static final Duration CALL_TIMEOUT = Duration.ofMillis(30_000);
    /** Items of one logical lookup call. */
    public static final long LOOKUP_ITEMS = 65_536;
    /** Level 1 round trips of one logical lookup call. */
    public static final long LOOKUP_SUBCALLS = 4096;
    /** Bytes of one stitched logical lookup response. */
    public static final long LOOKUP_RESPONSE_BYTES = 64L * 1024 * 1024;
    /**
     * The payload ceilings a managed server starts with when none are configured
     * (the reference's {@code NIPC_MAX_PAYLOAD_DEFAULT}); it then learns larger ones,
     * up to {@link #PAYLOAD_GROWTH_CAP_BYTES}, from what its sessions needed.
     */
    public static final long SERVER_PAYLOAD_BYTES = 1024;
    /** Concurrent sessions of a managed server when no maximum is configured. */
    public static final int MAX_SESSIONS = 64;
    /** How long closing a managed server waits for its threads. */
    public static final Duration SERVER_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private ServiceDefaults() {
    }
}
