package io.netdata.netipc.it;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The handshake values every {@code interop_uds} fixture uses, in every
 * language, so that any client can talk to any server: the same auth token,
 * the baseline profile only, 64 KiB payloads and 16 batch items each way, and
 * the packet size detected from the socket.
 *
 * <p>The reference server also configures batch items and a listen backlog of
 * 4; the batch items a server grants are the ones the client proposes, and one
 * client at a time needs no particular backlog, so neither affects the wire.
 *
 * <p>Thread-safety: immutable constants.
 */
final class InteropUdsConfig {
    /** Shared secret of the interop fixtures (unsigned 64-bit, raw bits). */
    static final long AUTH_TOKEN = 0xDEADBEEFCAFEBABEL;
    static final long MAX_PAYLOAD_BYTES = 65_536;
    static final long MAX_BATCH_ITEMS = 16;
    /** Zero lets each side fall back to its default: no preferred profile, packet size from SO_SNDBUF. */
    private static final long DEFAULT = 0;

    static final ServerHandshakeConfig SERVER = new ServerHandshakeConfig(Wire.PROFILE_BASELINE, DEFAULT,
            MAX_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, AUTH_TOKEN, DEFAULT);

    static final ClientHandshakeConfig CLIENT = new ClientHandshakeConfig(Wire.PROFILE_BASELINE, DEFAULT,
            MAX_PAYLOAD_BYTES, MAX_BATCH_ITEMS, MAX_PAYLOAD_BYTES, MAX_BATCH_ITEMS, AUTH_TOKEN, DEFAULT);

    /**
     * How long a client waits for the server's hello-ack. The reference waits
     * without limit; a bound keeps a silent server from hanging a test run and
     * is far above any real handshake.
     */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private InteropUdsConfig() {
    }

    /**
     * The endpoint {@code {runDir}/{service}.sock}.
     *
     * @throws IllegalArgumentException for a service name the transport refuses
     */
    static ServiceEndpoint endpoint(Path runDir, String service) {
        return new ServiceEndpoint(runDir, service);
    }
}
