package io.netdata.netipc.service.client;

import static io.netdata.netipc.service.internal.ConfigValues.orDefault;
import static io.netdata.netipc.service.internal.ConfigValues.requireNotNegative;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.service.ServiceDefaults;
import io.netdata.netipc.transport.ServiceEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a Level 2 client context reaches its service and what it proposes
 * (upstream {@code level2-typed-api.md}, "Lifecycle"). A limit left at zero
 * (the builder's default) means the named default of {@link ServiceDefaults};
 * the accessors return the effective values.
 *
 * <p>Thread-safety: immutable.
 */
public final class ClientConfig {
    /** The handshake's bound when none is configured: a server that takes longer is not usable. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final ServiceEndpoint endpoint;
    private final long authToken;
    private final long supportedProfiles;
    private final long preferredProfiles;
    private final long maxRequestPayloadBytes;
    private final long maxRequestBatchItems;
    private final long maxResponsePayloadBytes;
    private final Duration callTimeout;
    private final Duration handshakeTimeout;
    private final long maxLookupItems;
    private final long maxLookupSubcalls;
    private final long maxLookupResponseBytes;
    private final CallObserver callObserver;

    private ClientConfig(Builder builder) {
        this.endpoint = new ServiceEndpoint(Objects.requireNonNull(builder.runDir, "runDir"),
                Objects.requireNonNull(builder.serviceName, "serviceName"));
        this.authToken = builder.authToken;
        this.supportedProfiles = orDefault(builder.supportedProfiles, Wire.PROFILE_BASELINE);
        this.preferredProfiles = builder.preferredProfiles;
        this.maxRequestPayloadBytes = orDefault(builder.maxRequestPayloadBytes, ServiceDefaults.REQUEST_PAYLOAD_BYTES);
        this.maxRequestBatchItems = orDefault(builder.maxRequestBatchItems, ServiceDefaults.BATCH_ITEMS);
        this.maxResponsePayloadBytes = orDefault(builder.maxResponsePayloadBytes,
                ServiceDefaults.RESPONSE_PAYLOAD_BYTES);
        this.callTimeout = orDefault(builder.callTimeout, ServiceDefaults.CALL_TIMEOUT);
        this.handshakeTimeout = orDefault(builder.handshakeTimeout, DEFAULT_HANDSHAKE_TIMEOUT);
        this.maxLookupItems = orDefault(builder.maxLookupItems, ServiceDefaults.LOOKUP_ITEMS);
        this.maxLookupSubcalls = orDefault(builder.maxLookupSubcalls, ServiceDefaults.LOOKUP_SUBCALLS);
        this.maxLookupResponseBytes = orDefault(builder.maxLookupResponseBytes, ServiceDefaults.LOOKUP_RESPONSE_BYTES);
        this.callObserver = builder.callObserver != null ? builder.callObserver : CallObserver.NONE;
    }

    /** A builder for the service {@code serviceName} in {@code runDir}. */
    public static Builder builder(Path runDir, String serviceName) {
        return new Builder(runDir, serviceName);
    }



    /** The socket {@code {runDir}/{service}.sock} and the region paths of its sessions. */
    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** The token presented in the hello (unsigned 64-bit, raw bits). */
    public long authToken() {
        return authToken;
    }

    public long supportedProfiles() {
        return supportedProfiles;
    }

    public long preferredProfiles() {
        return preferredProfiles;
    }

    /** The request payload first proposed; overflow recovery may grow it. */
    public long maxRequestPayloadBytes() {
        return maxRequestPayloadBytes;
    }

    /** Items per request (and, as in the reference, per response) proposed. */
    public long maxRequestBatchItems() {
        return maxRequestBatchItems;
    }

    /** The response payload first proposed; overflow recovery may grow it. */
    public long maxResponsePayloadBytes() {
        return maxResponsePayloadBytes;
    }

    /**
     * The bound of one call, the complete logical response included; one too long for a
     * {@code long} of nanoseconds (over about 292 years) counts as that longest one.
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** The bound of connecting and handshaking once. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Items of one logical lookup call. */
    public long maxLookupItems() {
        return maxLookupItems;
    }

    /** Level 1 round trips of one logical lookup call. */
    public long maxLookupSubcalls() {
        return maxLookupSubcalls;
    }

    /**
     * Bytes of one logical lookup answer, whether one response or stitched from several;
     * a stitched one is also held to the largest Java array (2 GiB less 8 bytes).
     */
    public long maxLookupResponseBytes() {
        return maxLookupResponseBytes;
    }

    /** Told of every completed call; {@link CallObserver#NONE} when none was set. */
    public CallObserver callObserver() {
        return callObserver;
    }

    /**
     * Collects the settings; {@link #build()} checks them.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private final Path runDir;
        private final String serviceName;
        private long authToken;
        private long supportedProfiles;
        private long preferredProfiles;
        private long maxRequestPayloadBytes;
        private long maxRequestBatchItems;
        private long maxResponsePayloadBytes;
        private Duration callTimeout;
        private Duration handshakeTimeout;
        private long maxLookupItems;
        private long maxLookupSubcalls;
        private long maxLookupResponseBytes;
        private CallObserver callObserver;

        private Builder(Path runDir, String serviceName) {
            this.runDir = runDir;
            this.serviceName = serviceName;
        }

        /** The shared secret (unsigned 64-bit, raw bits); 0 by default. */
        public Builder authToken(long token) {
            this.authToken = token;
            return this;
        }

        /** Profile bits offered; 0 (default) is the baseline only. */
        public Builder supportedProfiles(long profiles) {
            this.supportedProfiles = Checks.checkU32(profiles, "supportedProfiles");
            return this;
        }

        /** Profile bits preferred when the server prefers them too; 0 (default) for none. */
        public Builder preferredProfiles(long profiles) {
            this.preferredProfiles = Checks.checkU32(profiles, "preferredProfiles");
            return this;
        }

        public Builder maxRequestPayloadBytes(long bytes) {
            this.maxRequestPayloadBytes = Checks.checkU32(bytes, "maxRequestPayloadBytes");
            return this;
        }

        public Builder maxRequestBatchItems(long items) {
            this.maxRequestBatchItems = Checks.checkU32(items, "maxRequestBatchItems");
            return this;
        }

        public Builder maxResponsePayloadBytes(long bytes) {
            this.maxResponsePayloadBytes = Checks.checkU32(bytes, "maxResponsePayloadBytes");
            return this;
        }

        /** The bound of one call; null or zero for the default. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = requireNotNegative(timeout, "callTimeout");
            return this;
        }

        /** The bound of one connection attempt; null or zero for the default. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = requireNotNegative(timeout, "handshakeTimeout");
            return this;
        }

        public Builder maxLookupItems(long items) {
            this.maxLookupItems = Checks.checkU32(items, "maxLookupItems");
            return this;
        }

        public Builder maxLookupSubcalls(long subcalls) {
            this.maxLookupSubcalls = Checks.checkU32(subcalls, "maxLookupSubcalls");
            return this;
        }

        public Builder maxLookupResponseBytes(long bytes) {
            this.maxLookupResponseBytes = Checks.checkU32(bytes, "maxLookupResponseBytes");
            return this;
        }

        /** Told of every completed call (for metrics); null (default) for none. */
        public Builder callObserver(CallObserver observer) {
            this.callObserver = observer;
            return this;
        }

        /**
         * @throws IllegalArgumentException for a service name or run directory the transport refuses
         * @throws NullPointerException when the run directory or service name is null
         */
        public ClientConfig build() {
            return new ClientConfig(this);
        }

    }
}
