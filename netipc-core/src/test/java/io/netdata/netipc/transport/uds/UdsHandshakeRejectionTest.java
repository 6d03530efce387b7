package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.assertEchoWorks;
import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.failureOf;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.file.Path;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handshake rejections between a Java client and a Java listener, seen from
 * both ends: the server's accept fails with the rejection it sent and the
 * client's connect with the rejection it read, and the listener goes on
 * serving clients that fit it.
 */
class UdsHandshakeRejectionTest {
    /** The server's request ceiling; the client proposes it or one byte more. */
    private static final long MAX_REQUEST = 1024;
    private static final ServerHandshakeConfig SERVER = UdsTestSupport.serverConfig(MAX_REQUEST, MAX_REQUEST, 0);

    @TempDir
    Path runDir;

    /** What each end of one failed handshake threw. */
    private record Failures(TransportException client, TransportException server) {
    }

    private static ClientHandshakeConfig client(long maxRequest, long token) {
        return new ClientHandshakeConfig(0, 0, maxRequest, 1, MAX_REQUEST, 1, token, 0);
    }

    /**
     * Connects a client with {@code config} to a listener with {@link #SERVER}, expecting both
     * ends to fail, then proves the listener still serves a client that fits it.
     */
    private Failures handshake(ClientHandshakeConfig config) throws Exception {
        try (UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE), SERVER)) {
            Future<UdsSession> accepting = inBackground(listener::accept);
            TransportException client = failure(() -> UdsSession.connect(listener.endpoint(), config, WAIT).close());
            TransportException server = failureOf(accepting);
            assertEchoWorks(listener, client(MAX_REQUEST, TOKEN));
            return new Failures(client, server);
        }
    }

    private void assertBothEndsFailWith(ClientHandshakeConfig config, TransportError error) throws Exception {
        Failures failures = handshake(config);
        assertThat(failures.client().error()).as("the client's connect").isEqualTo(error);
        assertThat(failures.server().error()).as("the server's accept").isEqualTo(error);
    }

    @Test
    void aWrongTokenFailsBothEndsWithAuthFailed() throws Exception {
        assertBothEndsFailWith(client(MAX_REQUEST, TOKEN + 1), TransportError.AUTH_FAILED);
    }

    @Test
    void aClientWithoutATokenIsRefusedByAServerThatHasOne() throws Exception {
        assertBothEndsFailWith(client(MAX_REQUEST, 0), TransportError.AUTH_FAILED);
    }

    /** Tokens are unsigned 64-bit values compared in full: the sign bit is no exception. */
    @Test
    void tokensThatDifferOnlyInTheirTopBitDoNotMatch() throws Exception {
        assertBothEndsFailWith(client(MAX_REQUEST, TOKEN ^ Long.MIN_VALUE), TransportError.AUTH_FAILED);
    }

    @Test
    void aRequestProposalAboveTheServersMaximumFailsBothEndsWithLimitExceeded() throws Exception {
        assertBothEndsFailWith(client(MAX_REQUEST + 1, TOKEN), TransportError.LIMIT_EXCEEDED);
    }
}
