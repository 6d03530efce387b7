package io.netdata.netipc.service.server;

import static io.netdata.netipc.service.internal.ConfigValues.atMost;
import static io.netdata.netipc.service.internal.ConfigValues.orDefault;
import static io.netdata.netipc.service.internal.ConfigValues.requireNotNegative;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.service.ServiceDefaults;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.uds.UdsListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * How a managed server exports its one service (upstream
 * {@code level2-typed-api.md}, "Managed server", "Configuration"). A value left
 * at zero (the builder's default) means the named default; the accessors
 * return what the server uses.
 *
 * <p><b>Payload ceilings.</b> A configured ceiling is fixed: the request ceiling
 * is the most a client may propose, the response ceiling what every session
 * gets. Left at zero, a ceiling starts at {@link ServiceDefaults#SERVER_PAYLOAD_BYTES}
 * and grows, as the reference servers' do, to the next power of two of what a
 * session needed (a response that did not fit, answered LIMIT_EXCEEDED), at
 * most to {@link ServiceDefaults#PAYLOAD_GROWTH_CAP_BYTES}; the client's
 * overflow recovery then reconnects and gets it.
 *
 * <p>Thread-safety: immutable.
 */
public final class ServerConfig {
    /**
     * The longest shutdown timeout a server waits, about 146 years: a longer one
     * is clamped to it. Closing counts in nanoseconds ({@code System.nanoTime()}),
     * and this is the most whose count, added to any start time, still compares
     * correctly with the clock; a longer one would overflow and leave a close
     * unable to end.
     */
    public static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE / 2);

    private final ServiceEndpoint endpoint;
    private final long authToken;
    private final long supportedProfiles;
    private final long preferredProfiles;
    private final long maxRequestPayloadBytes;
    private final long maxResponsePayloadBytes;
    private final int maxSessions;
    private final int snapshotMaxItems;
    private final Duration handshakeTimeout;
    private final Duration shutdownTimeout;
    private final int backlog;
    private final ThreadFactory threadFactory;
    private final RequestObserver requestObserver;

    private ServerConfig(Builder builder) {
        this.endpoint = new ServiceEndpoint(Objects.requireNonNull(builder.runDir, "runDir"),
                Objects.requireNonNull(builder.serviceName, "serviceName"));
        this.authToken = builder.authToken;
        this.supportedProfiles = orDefault(builder.supportedProfiles, Wire.PROFILE_BASELINE);
        this.preferredProfiles = builder.preferredProfiles;
        this.maxRequestPayloadBytes = builder.maxRequestPayloadBytes;
        this.maxResponsePayloadBytes = builder.maxResponsePayloadBytes;
        this.maxSessions = (int) orDefault(builder.maxSessions, ServiceDefaults.MAX_SESSIONS);
        this.snapshotMaxItems = builder.snapshotMaxItems;
        this.handshakeTimeout = orDefault(builder.handshakeTimeout, UdsListener.DEFAULT_HANDSHAKE_TIMEOUT);
        this.shutdownTimeout = atMost(orDefault(builder.shutdownTimeout, ServiceDefaults.SERVER_SHUTDOWN_TIMEOUT),
                MAX_SHUTDOWN_TIMEOUT);
        this.backlog = builder.backlog;
        this.threadFactory = builder.threadFactory;
        this.requestObserver = builder.requestObserver != null ? builder.requestObserver : RequestObserver.NONE;
    }

    /** A builder for the service {@code serviceName} in {@code runDir}. */
    public static Builder builder(Path runDir, String serviceName) {
        return new Builder(runDir, serviceName);
    }


    /** The socket {@code {runDir}/{service}.sock} and the region paths of its sessions. */
    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** The token clients must present (unsigned 64-bit, raw bits). */
    public long authToken() {
        return authToken;
    }

    public long supportedProfiles() {
        return supportedProfiles;
    }

    public long preferredProfiles() {
        return preferredProfiles;
    }

    /** The configured request ceiling; 0 when the server learns it. */
    public long maxRequestPayloadBytes() {
        return maxRequestPayloadBytes;
    }

    /** The configured response ceiling; 0 when the server learns it. */
    public long maxResponsePayloadBytes() {
        return maxResponsePayloadBytes;
    }

    /**
     * Sessions served at once; a client beyond them is handshaken and hung up on. Also
     * how many clients may handshake at once (at least 8), each on its own thread.
     */
    public int maxSessions() {
        return maxSessions;
    }

    /** Items a snapshot response may hold; 0 when derived from the response ceiling. */
    public int snapshotMaxItems() {
        return snapshotMaxItems;
    }

    /** How long an accepted client has to complete its handshake (on its own thread: it delays no other). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** How long {@link ManagedServer#close()} waits for its threads; at most {@link #MAX_SHUTDOWN_TIMEOUT}. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** Pending connections the socket queues; 0 for the transport's default. */
    public int backlog() {
        return backlog;
    }

    /** Makes the acceptor and session threads; null for named daemon platform threads. */
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    /** Told of every answered request; {@link RequestObserver#NONE} when none was set. */
    public RequestObserver requestObserver() {
        return requestObserver;
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
        private long maxResponsePayloadBytes;
        private int maxSessions;
        private int snapshotMaxItems;
        private Duration handshakeTimeout;
        private Duration shutdownTimeout;
        private int backlog;
        private ThreadFactory threadFactory;
        private RequestObserver requestObserver;

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

        /** Profile bits preferred when the client prefers them too; 0 (default) for none. */
        public Builder preferredProfiles(long profiles) {
            this.preferredProfiles = Checks.checkU32(profiles, "preferredProfiles");
            return this;
        }

        /** The most a client may propose for requests; 0 (default) to learn it. */
        public Builder maxRequestPayloadBytes(long bytes) {
            this.maxRequestPayloadBytes = Checks.checkU32(bytes, "maxRequestPayloadBytes");
            return this;
        }

        /** The response ceiling every session gets; 0 (default) to learn it. */
        public Builder maxResponsePayloadBytes(long bytes) {
            this.maxResponsePayloadBytes = Checks.checkU32(bytes, "maxResponsePayloadBytes");
            return this;
        }

        /** Sessions served at once; 0 (default) for {@link ServiceDefaults#MAX_SESSIONS}. */
        public Builder maxSessions(int sessions) {
            this.maxSessions = requireNotNegative(sessions, "maxSessions");
            return this;
        }

        /** Items one snapshot response may hold; 0 (default) derives it from the response ceiling. */
        public Builder snapshotMaxItems(int items) {
            this.snapshotMaxItems = requireNotNegative(items, "snapshotMaxItems");
            return this;
        }

        /** How long a client has to complete its handshake; null or zero for the transport's default. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = requireNotNegative(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * How long closing waits for the server's threads; null or zero for the default. A timeout
         * longer than {@link ServerConfig#MAX_SHUTDOWN_TIMEOUT} is clamped to it.
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = requireNotNegative(timeout, "shutdownTimeout");
            return this;
        }

        /** Pending connections the socket queues; 0 (default) for the transport's default. */
        public Builder backlog(int connections) {
            this.backlog = requireNotNegative(connections, "backlog");
            return this;
        }

        /** Makes the server's threads (for example virtual ones); null (default) for daemon platform threads. */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = factory;
            return this;
        }

        /** Told of every answered request (for metrics); null (default) for none. */
        public Builder requestObserver(RequestObserver observer) {
            this.requestObserver = observer;
            return this;
        }

        /**
         * @throws IllegalArgumentException for a service name or run directory the transport refuses
         * @throws NullPointerException when the run directory or service name is null
         */
        public ServerConfig build() {
            return new ServerConfig(this);
        }


    }
}
