package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.assertEchoWorks;
import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.awaitWithin;
import static io.netdata.netipc.transport.uds.HandMadePeers.failureWithin;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.Packets.CONTROL_CAPACITY;
import static io.netdata.netipc.transport.uds.Packets.HEADER;
import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.rawConnect;
import static io.netdata.netipc.transport.uds.UdsTestSupport.receivePacketWithin;
import static io.netdata.netipc.transport.uds.UdsTestSupport.sendPacket;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.handshake.SessionParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Handshake compliance on real sockets (upstream {@code level1-wire-envelope.md},
 * negotiation matrix and rejection table), one negotiated field at a time: a
 * Java server answering hand-made hellos from a raw client, and a Java client
 * accepting hand-made hello-acks from a raw server.
 */
class UdsHandshakeComplianceTest {
    private static final int BASELINE = Wire.PROFILE_BASELINE;
    private static final int SHM = Wire.PROFILE_SHM_HYBRID;
    private static final int FUTEX = Wire.PROFILE_SHM_FUTEX;
    private static final Duration SHORT_HANDSHAKE = Duration.ofMillis(200);
    /** Room for a busy machine on top of any deadline; a hang is what it catches. */
    private static final Duration MARGIN = Duration.ofSeconds(8);

    /** The 48-byte payload of every rejection, built by hand: all zero except layout_version 1 at offset 0. */
    private static byte[] rejectionPayload() {
        ByteBuffer payload = ByteBuffer.allocate(48).order(ByteOrder.nativeOrder());
        payload.putShort(0, (short) 1);
        return payload.array();
    }

    private static void assertControlHeader(Packets.Ack ack, TransportStatus status) {
        assertThat(ack.bytes()).hasSize(Packets.ACK_PACKET);
        assertThat(ack.magic()).isEqualTo(0x4e495043L);
        assertThat(ack.version()).isEqualTo(1);
        assertThat(ack.headerLen()).isEqualTo(32);
        assertThat(ack.kind()).as("CONTROL").isEqualTo(3);
        assertThat(ack.flags()).isZero();
        assertThat(ack.code()).as("HELLO_ACK").isEqualTo(2);
        assertThat(ack.status()).isEqualTo(status.code());
        assertThat(ack.payloadLen()).isEqualTo(48);
        assertThat(ack.itemCount()).isEqualTo(1);
        assertThat(ack.messageId()).isZero();
    }

    @Nested
    class JavaServerFacingHandMadeHellos {
        @TempDir
        Path runDir;

        private ServiceEndpoint endpoint() {
            return new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        }

        private UdsListener listen(ServerHandshakeConfig config) throws TransportException {
            return UdsListener.open(endpoint(), config, SHORT_HANDSHAKE);
        }

        private UdsListener listen() throws TransportException {
            return listen(new ServerHandshakeConfig(0, 0, 4096, 8192, TOKEN, 4096));
        }

        /**
         * What one raw client got for one first packet: the reply (null when
         * none came), whether the server closed the connection afterwards, and
         * the accepted session's parameters or the accept's failure.
         */
        private record Outcome(Packets.Ack reply, boolean closedAfter, SessionParameters parameters,
                long sessionId, TransportException failure) {
        }

        private Outcome exchange(UdsListener listener, byte[] firstPacket) throws Exception {
            try (NativeFd raw = rawConnect(endpoint().socketPath())) {
                sendPacket(raw.fd(), firstPacket);
                UdsSession session = null;
                TransportException failure = null;
                try {
                    session = listener.accept();
                } catch (TransportException e) {
                    failure = e;
                }
                try {
                    byte[] first = receivePacketWithin(raw.fd(), CONTROL_CAPACITY);
                    Packets.Ack reply = first.length == 0 ? null : new Packets.Ack(first);
                    boolean closed = first.length == 0
                            || (session == null && receivePacketWithin(raw.fd(), CONTROL_CAPACITY).length == 0);
                    return new Outcome(reply, closed, session == null ? null : session.parameters(),
                            session == null ? 0 : session.sessionId(), failure);
                } finally {
                    if (session != null) {
                        session.close();
                    }
                }
            }
        }

        private Outcome exchange(UdsListener listener, Hello hello) throws Exception {
            return exchange(listener, Packets.helloPacket(hello));
        }

        private static Hello hello(long supported, long preferred, long maxRequest, long batch, long maxResponse,
                long token, long packetSize) {
            return Packets.hello(supported, preferred, maxRequest, batch, maxResponse, batch, token, packetSize);
        }

        private static Hello goodHello() {
            return hello(BASELINE, BASELINE, 1024, 4, 1024, TOKEN, 4096);
        }

        private void assertRejected(Outcome outcome, TransportStatus status, TransportError error) {
            assertThat(outcome.reply()).as("a rejection is answered").isNotNull();
            assertControlHeader(outcome.reply(), status);
            assertThat(outcome.reply().payload()).isEqualTo(rejectionPayload());
            assertThat(outcome.closedAfter()).as("the server closes after a rejection").isTrue();
            assertThat(outcome.failure()).isNotNull();
            assertThat(outcome.failure().error()).isEqualTo(error);
        }

        private void assertDropped(Outcome outcome) {
            assertThat(outcome.reply()).as("no reply").isNull();
            assertThat(outcome.closedAfter()).isTrue();
            assertThat(outcome.failure()).isNotNull();
            assertThat(outcome.failure().error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void theRightTokenIsAcceptedWithAnOkAckCarryingTheSessionValues() throws Exception {
            try (UdsListener listener = listen()) {
                Outcome outcome = exchange(listener, goodHello());
                assertControlHeader(outcome.reply(), TransportStatus.OK);
                Packets.Ack ack = outcome.reply();
                assertThat(ack.layoutVersion()).isEqualTo(1);
                assertThat(ack.ackFlags()).isZero();
                assertThat(ack.reserved()).isZero();
                assertThat(ack.sessionId()).isEqualTo(1);
                assertThat(outcome.closedAfter()).isFalse();
                assertThat(outcome.parameters()).isEqualTo(new SessionParameters(ack.selectedProfile(),
                        ack.maxRequestPayload(), ack.maxRequestBatchItems(), ack.maxResponsePayload(),
                        ack.maxResponseBatchItems(), ack.packetSize(), ack.sessionId()));
            }
        }

        @Test
        void aWrongTokenIsRejectedWithAuthFailedAnAllZeroPayloadAndAClose() throws Exception {
            try (UdsListener listener = listen()) {
                Outcome outcome = exchange(listener, hello(BASELINE, BASELINE, 1024, 4, 1024, TOKEN + 1, 4096));
                assertRejected(outcome, TransportStatus.AUTH_FAILED, TransportError.AUTH_FAILED);
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }

        @Test
        void aServerWithTokenZeroRejectsAnyOtherTokenAndAcceptsZero() throws Exception {
            try (UdsListener listener = listen(new ServerHandshakeConfig(0, 0, 4096, 4096, 0, 0))) {
                assertRejected(exchange(listener, hello(BASELINE, 0, 1024, 1, 1024, 1, 4096)),
                        TransportStatus.AUTH_FAILED, TransportError.AUTH_FAILED);
                assertThat(exchange(listener, hello(BASELINE, 0, 1024, 1, 1024, 0, 4096)).reply().status())
                        .isEqualTo(TransportStatus.OK.code());
            }
        }

        @Test
        void noCommonProfileIsRejectedWithUnsupported() throws Exception {
            try (UdsListener listener = listen()) {
                assertRejected(exchange(listener, hello(SHM | FUTEX, SHM, 1024, 4, 1024, TOKEN, 4096)),
                        TransportStatus.UNSUPPORTED, TransportError.UNSUPPORTED);
            }
        }

        /** Authorization is rule 3 of the spec's handshake, the profiles rule 4 (the reference servers swap them). */
        @Test
        void theTokenCheckComesBeforeTheProfileCheck() throws Exception {
            try (UdsListener listener = listen()) {
                assertRejected(exchange(listener, hello(SHM, SHM, 1024, 4, 1024, TOKEN + 1, 4096)),
                        TransportStatus.AUTH_FAILED, TransportError.AUTH_FAILED);
            }
        }

        /*
         * Listeners refuse to offer anything but the baseline until shared memory exists, so selection
         * among several common profiles (preferred first, then the highest bit) is proven on the pure
         * negotiation in HandshakeTest; over a socket the baseline wins whatever else the client offers.
         */
        @Test
        void aClientOfferingMoreProfilesThanTheBaselineGetsTheBaseline() throws Exception {
            try (UdsListener listener = listen()) {
                Packets.Ack ack = exchange(listener, hello(BASELINE | SHM | FUTEX, SHM, 1024, 1, 1024, TOKEN, 4096))
                        .reply();
                assertThat(ack.status()).isEqualTo(TransportStatus.OK.code());
                assertThat(ack.serverSupportedProfiles()).isEqualTo(BASELINE);
                assertThat(ack.intersectionProfiles()).isEqualTo(BASELINE);
                assertThat(ack.selectedProfile()).isEqualTo(BASELINE);
            }
        }

        @Test
        void aRequestPayloadProposalAboveTheServerMaximumIsRejectedWithLimitExceeded() throws Exception {
            try (UdsListener listener = listen()) {
                assertRejected(exchange(listener, hello(BASELINE, 0, 4097, 1, 1024, TOKEN, 4096)),
                        TransportStatus.LIMIT_EXCEEDED, TransportError.LIMIT_EXCEEDED);
            }
        }

        @Test
        void aRequestPayloadProposalUpToTheServerMaximumIsAgreedAsProposed() throws Exception {
            try (UdsListener listener = listen()) {
                assertThat(exchange(listener, hello(BASELINE, 0, 4096, 1, 1024, TOKEN, 4096)).reply()
                        .maxRequestPayload()).isEqualTo(4096);
                Outcome small = exchange(listener, hello(BASELINE, 0, 10, 1, 1024, TOKEN, 4096));
                assertThat(small.reply().maxRequestPayload()).as("the client's proposal, not the server's maximum")
                        .isEqualTo(10);
                assertThat(small.parameters().maxRequestPayloadBytes()).isEqualTo(10);
            }
        }

        @Test
        void requestBatchItemsAreEchoedAndResponseBatchItemsMirrorThemWhateverTheHint() throws Exception {
            try (UdsListener listener = listen()) {
                Hello hello = Packets.hello(BASELINE, 0, 1024, 7, 1024, 99, TOKEN, 4096);
                Outcome outcome = exchange(listener, hello);
                assertThat(outcome.reply().maxRequestBatchItems()).isEqualTo(7);
                assertThat(outcome.reply().maxResponseBatchItems()).isEqualTo(7);
                assertThat(outcome.parameters().maxRequestBatchItems()).isEqualTo(7);
                assertThat(outcome.parameters().maxResponseBatchItems()).isEqualTo(7);
            }
        }

        @Test
        void theServerEnforcesTheMirroredResponseBatchLimitOnItsOwnResponses() throws Exception {
            try (UdsListener listener = listen();
                    HandMadePeers.RawClient peer = HandMadePeers.rawClient(listener,
                            Packets.hello(BASELINE, 0, 1024, 2, 1024, 50, TOKEN, 4096))) {
                ByteBuffer payload = ByteBuffer.allocate(64);
                TransportException refused = failure(() -> peer.server().sendResponse(Packets.CODE, Wire.FLAG_BATCH,
                        Packets.OK, 3, 1, payload, 0, 64));
                assertThat(refused.error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
                assertThat(peer.server().isBroken()).isFalse();
            }
        }

        @Test
        void theResponsePayloadCeilingIsTheServersWhateverTheClientHints() throws Exception {
            try (UdsListener listener = listen()) {
                assertThat(exchange(listener, hello(BASELINE, 0, 1024, 1, 1, TOKEN, 4096)).reply()
                        .maxResponsePayload()).isEqualTo(8192);
                assertThat(exchange(listener, hello(BASELINE, 0, 1024, 1, 0xFFFF_FFFFL, TOKEN, 4096)).reply()
                        .maxResponsePayload()).isEqualTo(8192);
            }
            try (UdsListener defaults = listen(new ServerHandshakeConfig(0, 0, 0, 0, TOKEN, 0))) {
                assertThat(exchange(defaults, hello(BASELINE, 0, 1024, 1, 1 << 20, TOKEN, 4096)).reply()
                        .maxResponsePayload()).as("the named default").isEqualTo(Wire.MAX_PAYLOAD_DEFAULT);
            }
        }

        @Test
        void theAgreedPacketSizeIsTheSmallerOfBothSides() throws Exception {
            try (UdsListener listener = listen()) {
                assertThat(exchange(listener, hello(BASELINE, 0, 1024, 1, 1024, TOKEN, 100)).reply().packetSize())
                        .isEqualTo(100);
                assertThat(exchange(listener, hello(BASELINE, 0, 1024, 1, 1024, TOKEN, 8192)).reply().packetSize())
                        .isEqualTo(4096);
                assertThat(exchange(listener, hello(BASELINE, 0, 1024, 1, 1024, TOKEN, 33)).reply().packetSize())
                        .as("one byte of payload per packet is still a packet size").isEqualTo(33);
            }
        }

        @Test
        void anAgreedPacketSizeOf32OrLessIsRejectedWithIncompatible() throws Exception {
            try (UdsListener listener = listen()) {
                for (long clientPacket : new long[] {32, 1, 0}) {
                    assertRejected(exchange(listener, hello(BASELINE, 0, 1024, 1, 1024, TOKEN, clientPacket)),
                            TransportStatus.INCOMPATIBLE, TransportError.INCOMPATIBLE);
                }
            }
            try (UdsListener tiny = listen(new ServerHandshakeConfig(0, 0, 4096, 4096, TOKEN, 32))) {
                assertRejected(exchange(tiny, goodHello()), TransportStatus.INCOMPATIBLE, TransportError.INCOMPATIBLE);
            }
        }

        @Test
        void aHelloInAnotherEnvelopeVersionIsRejectedWithIncompatible() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] packet = Packets.withU16(Packets.helloPacket(goodHello()), Packets.OFF_VERSION, 2);
                assertRejected(exchange(listener, packet), TransportStatus.INCOMPATIBLE, TransportError.INCOMPATIBLE);
            }
        }

        @Test
        void aHelloInAnotherLayoutVersionIsRejectedWithIncompatible() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] packet = Packets.withU16(Packets.helloPacket(goodHello()), HEADER + Packets.HELLO_OFF_LAYOUT, 2);
                assertRejected(exchange(listener, packet), TransportStatus.INCOMPATIBLE, TransportError.INCOMPATIBLE);
            }
        }

        @Test
        void aRequestAsFirstPacketIsDroppedWithoutReplyAndTheListenerKeepsAccepting() throws Exception {
            try (UdsListener listener = listen()) {
                assertDropped(exchange(listener, Packets.message(Wire.KIND_REQUEST, 1, new byte[8])));
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }

        @Test
        void garbageAsFirstPacketIsDroppedWithoutReplyAndTheListenerKeepsAccepting() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] garbage = new byte[Packets.HELLO_PACKET];
                new Random(7).nextBytes(garbage);
                assertDropped(exchange(listener, garbage));
                assertDropped(exchange(listener, new byte[] {1, 2, 3}));
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }

        @Test
        void aHelloAckFromTheClientIsDropped() throws Exception {
            try (UdsListener listener = listen()) {
                assertDropped(exchange(listener, Packets.ackPacket(TransportStatus.OK,
                        Packets.baselineAck(1024, 1, 1024, 4096, 1))));
            }
        }

        @Test
        void aHelloTruncatedBelowItsFortyFourBytesIsDropped() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] truncated = Packets.slice(Packets.helloPacket(goodHello()), 0, HEADER + 20);
                assertDropped(exchange(listener, truncated));
                assertDropped(exchange(listener, Packets.slice(truncated, 0, HEADER)));
            }
        }

        /*
         * The spec's negotiation matrix and rejection table; the reference servers drop such a hello
         * (reserved word) or accept it (flags), but no reference client ever sends one.
         */
        @Test
        void aHelloWithANonZeroReservedWordIsRejectedWithBadEnvelope() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] packet = Packets.withU32(Packets.helloPacket(goodHello()), HEADER + Packets.HELLO_OFF_RESERVED,
                        1);
                assertRejected(exchange(listener, packet), TransportStatus.BAD_ENVELOPE, TransportError.BAD_ENVELOPE);
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }

        @Test
        void aHelloWithNonZeroFlagsIsRejectedWithBadEnvelope() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] packet = Packets.withU16(Packets.helloPacket(goodHello()), HEADER + Packets.HELLO_OFF_FLAGS, 1);
                assertRejected(exchange(listener, packet), TransportStatus.BAD_ENVELOPE, TransportError.BAD_ENVELOPE);
            }
        }

        /** The hello's shape is checked (rule 2) before the token (rule 3). */
        @Test
        void malformedFlagsAreReportedBeforeAWrongToken() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] packet = Packets.withU16(Packets.helloPacket(hello(BASELINE, BASELINE, 1024, 4, 1024,
                        TOKEN + 1, 4096)), HEADER + Packets.HELLO_OFF_FLAGS, 1);
                assertRejected(exchange(listener, packet), TransportStatus.BAD_ENVELOPE, TransportError.BAD_ENVELOPE);
            }
        }

        /**
         * Stricter than the reference, which reads the hello into 128 bytes without
         * {@code MSG_TRUNC} and so would answer the truncated packet: no correct
         * client sends a hello longer than 76 bytes.
         */
        @Test
        void aFirstPacketLongerThanAnyControlPacketIsDroppedNotTruncated() throws Exception {
            try (UdsListener listener = listen()) {
                byte[] oversized = Packets.concat(Packets.helloPacket(goodHello()), new byte[200]);
                assertDropped(exchange(listener, oversized));
            }
        }

        @Test
        void aSilentClientFailsTheAcceptWithTimeoutAfterTheHandshakeTimeout() throws Exception {
            try (UdsListener listener = listen(); NativeFd silent = rawConnect(endpoint().socketPath())) {
                long start = System.nanoTime();
                // A hang guard, not a timing: only an accept that never returns runs past the margin.
                TransportException e = awaitWithin(inBackground(() -> failure(listener::accept)),
                        SHORT_HANDSHAKE.plus(MARGIN));
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                assertThat(e.error()).isEqualTo(TransportError.TIMEOUT);
                assertThat(elapsed).as("not before the handshake timeout").isGreaterThanOrEqualTo(SHORT_HANDSHAKE);
                assertThat(receivePacketWithin(silent.fd(), CONTROL_CAPACITY)).as("dropped without reply").isEmpty();
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }

        @Test
        void aClientThatHangsUpBeforeItsHelloFailsOnlyItsOwnAcceptWithPeerClosed() throws Exception {
            try (UdsListener listener = listen()) {
                rawConnect(endpoint().socketPath()).close();
                assertThat(failure(listener::accept).error()).isEqualTo(TransportError.PEER_CLOSED);
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }

        @Test
        void sessionIdsCountUpFromOneAndFailedHandshakesUseUpTheirIds() throws Exception {
            try (UdsListener listener = listen()) {
                for (long expected = 1; expected <= 3; expected++) {
                    Outcome outcome = exchange(listener, goodHello());
                    assertThat(outcome.reply().sessionId()).isEqualTo(expected);
                    assertThat(outcome.sessionId()).isEqualTo(expected);
                }
                // A rejected, a dropped, a timed-out and a peer-closed handshake use up ids 4 to 7.
                failFourHandshakes(listener);
                Outcome eighth = exchange(listener, goodHello());
                assertThat(eighth.reply().sessionId()).isEqualTo(8);
                assertThat(eighth.sessionId()).isEqualTo(8);
                assertThat(listener.nextSessionId()).isEqualTo(9);
            }
        }

        /**
         * Fails one handshake of each kind on {@code listener}: a rejection (wrong token), a drop
         * (garbage for a hello), a timeout (a silent client) and a client that hangs up before
         * its hello; each raw client is closed again.
         */
        private void failFourHandshakes(UdsListener listener) throws Exception {
            assertThat(exchange(listener, hello(BASELINE, 0, 1024, 1, 1024, TOKEN + 1, 4096)).failure().error())
                    .isEqualTo(TransportError.AUTH_FAILED);
            assertThat(exchange(listener, new byte[] {9, 9, 9}).failure().error())
                    .isEqualTo(TransportError.PROTOCOL_VIOLATION);
            try (NativeFd silent = rawConnect(endpoint().socketPath())) {
                assertThat(failure(listener::accept).error()).isEqualTo(TransportError.TIMEOUT);
            }
            rawConnect(endpoint().socketPath()).close();
            assertThat(failure(listener::accept).error()).isEqualTo(TransportError.PEER_CLOSED);
        }

        @Test
        void noFailedAcceptLeavesASocketBehind() throws Exception {
            try (UdsListener listener = listen()) {
                // Warm up every class and lazily opened file the failures touch before counting.
                failFourHandshakes(listener);
                Map<Integer, String> before = FdCount.openSockets();
                failFourHandshakes(listener);
                FdCount.assertNoNewSockets(before);
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }

        /**
         * The hello of a client that hung up still waits in the accepted connection: the server
         * decides on it as usual, its rejection finds nobody to read it (a failed send it
         * ignores), and the outcome is the rejection's, not the hang-up's.
         */
        @Test
        void aRejectionOfAClientThatAlreadyHungUpIsStillAuthFailedAndTheListenerCarriesOn() throws Exception {
            try (UdsListener listener = listen()) {
                try (NativeFd raw = rawConnect(endpoint().socketPath())) {
                    sendPacket(raw.fd(), Packets.helloPacket(hello(BASELINE, BASELINE, 1024, 4, 1024, TOKEN + 1,
                            4096)));
                }
                assertThat(failure(listener::accept).error()).isEqualTo(TransportError.AUTH_FAILED);
                assertEchoWorks(listener, UdsTestSupport.clientConfig(1024, 4, 1024, 0));
            }
        }
    }

    @Nested
    class JavaClientFacingHandMadeAcks {
        private static final ClientHandshakeConfig CLIENT = new ClientHandshakeConfig(BASELINE, BASELINE, 4096, 4,
                8192, 4, TOKEN, 4096);

        @TempDir
        Path runDir;

        private UdsListener listen() throws TransportException {
            return UdsListener.open(new ServiceEndpoint(runDir, UdsTestSupport.SERVICE));
        }

        /** What the raw server does once it has read the client's hello. */
        private interface Script {
            void run(NativeFd raw, byte[] hello) throws Exception;
        }

        /** Connects a Java client with {@code config} and lets the raw server answer by {@code script}. */
        private TransportException connectFailure(ClientHandshakeConfig config, Duration timeout, Script script)
                throws Exception {
            try (UdsListener listener = listen()) {
                Future<UdsSession> connecting = inBackground(() -> UdsSession.connect(listener.endpoint(), config,
                        timeout));
                try (NativeFd raw = HandMadePeers.acceptWithin(listener, connecting)) {
                    byte[] hello = receivePacketWithin(raw.fd(), CONTROL_CAPACITY);
                    script.run(raw, hello);
                    // A hang guard: the connect's own deadline plus a margin only a hang runs past.
                    TransportException e = failureWithin(connecting, timeout.plus(MARGIN));
                    if (raw.isOpen()) {
                        assertThat(receivePacketWithin(raw.fd(), CONTROL_CAPACITY))
                                .as("the client closes its socket after a failed handshake").isEmpty();
                    }
                    return e;
                }
            }
        }

        private TransportException replyFailure(byte[] reply) throws Exception {
            return connectFailure(CLIENT, WAIT, (raw, hello) -> sendPacket(raw.fd(), reply));
        }

        private static byte[] okAck(HelloAck ack) {
            return Packets.ackPacket(TransportStatus.OK, ack);
        }

        private static HelloAck ack(long selected, long packetSize) {
            return new HelloAck(1, 0, BASELINE, BASELINE, selected, 4096, 4, 8192, 4, packetSize, 1);
        }

        @Test
        void theHelloCarriesTheConfiguredProposalAtTheSpecifiedOffsets() throws Exception {
            try (UdsListener listener = listen();
                    HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener, new ClientHandshakeConfig(
                            BASELINE, BASELINE, 3000, 5, 6000, 6, TOKEN, 2048), ack(BASELINE, 2048))) {
                ByteBuffer hello = ByteBuffer.wrap(peer.hello()).order(ByteOrder.nativeOrder());
                assertThat(peer.hello()).hasSize(Packets.HELLO_PACKET);
                assertThat(Integer.toUnsignedLong(hello.getInt(0))).isEqualTo(0x4e495043L);
                assertThat(hello.getShort(4)).isEqualTo((short) 1);
                assertThat(hello.getShort(6)).isEqualTo((short) 32);
                assertThat(hello.getShort(8)).as("CONTROL").isEqualTo((short) 3);
                assertThat(hello.getShort(10)).isZero();
                assertThat(hello.getShort(12)).as("HELLO").isEqualTo((short) 1);
                assertThat(hello.getShort(14)).isZero();
                assertThat(hello.getInt(16)).isEqualTo(44);
                assertThat(hello.getInt(20)).isEqualTo(1);
                assertThat(hello.getLong(24)).isZero();
                assertThat(hello.getShort(HEADER)).as("layout_version").isEqualTo((short) 1);
                assertThat(hello.getShort(HEADER + 2)).as("flags").isZero();
                assertThat(hello.getInt(HEADER + 4)).isEqualTo(BASELINE);
                assertThat(hello.getInt(HEADER + 8)).isEqualTo(BASELINE);
                assertThat(hello.getInt(HEADER + 12)).isEqualTo(3000);
                assertThat(hello.getInt(HEADER + 16)).isEqualTo(5);
                assertThat(hello.getInt(HEADER + 20)).isEqualTo(6000);
                assertThat(hello.getInt(HEADER + 24)).isEqualTo(6);
                assertThat(hello.getInt(HEADER + 28)).as("reserved").isZero();
                assertThat(hello.getLong(HEADER + 32)).isEqualTo(TOKEN);
                assertThat(hello.getInt(HEADER + 40)).isEqualTo(2048);
            }
        }

        @Test
        void theClientRunsOnTheAcksValuesNotOnItsProposal() throws Exception {
            HelloAck ack = new HelloAck(1, 0, BASELINE, BASELINE, BASELINE, 500, 3, 777, 3, 200, 99);
            try (UdsListener listener = listen(); HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener,
                    CLIENT, ack)) {
                UdsSession client = peer.client();
                assertThat(client.parameters()).isEqualTo(new SessionParameters(BASELINE, 500, 3, 777, 3, 200, 99));
                assertThat(client.sessionId()).isEqualTo(99);
                ByteBuffer payload = ByteBuffer.allocate(1000);
                assertThat(failure(() -> client.sendRequest(Packets.CODE, 0, 1, 1, payload, 0, 501)).error())
                        .isEqualTo(TransportError.LIMIT_EXCEEDED);
                assertThat(failure(() -> client.sendRequest(Packets.CODE, Wire.FLAG_BATCH, 4, 1, payload, 0, 64))
                        .error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
                client.sendRequest(Packets.CODE, 0, 1, 1, payload, 0, 500);
                assertThat(receivePacketWithin(peer.raw().fd(), 4096)).as("chunked at the agreed 200 bytes")
                        .hasSize(200);
            }
        }

        @Test
        void theServersResponseCeilingBindsTheClientEvenBelowItsHint() throws Exception {
            HelloAck ack = new HelloAck(1, 0, BASELINE, BASELINE, BASELINE, 4096, 4, 100, 4, 4096, 1);
            try (UdsListener listener = listen(); HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener,
                    CLIENT, ack)) {
                peer.client().sendRequest(Packets.CODE, 0, 1, 1, ByteBuffer.allocate(8), 0, 8);
                sendPacket(peer.raw().fd(), Packets.message(Wire.KIND_RESPONSE, 1, new byte[100]));
                assertThat(peer.client().receive(WAIT, null).payloadLength()).isEqualTo(100);
                peer.client().sendRequest(Packets.CODE, 0, 1, 2, ByteBuffer.allocate(8), 0, 8);
                sendPacket(peer.raw().fd(), Packets.message(Wire.KIND_RESPONSE, 2, new byte[101]));
                assertThat(failure(() -> peer.client().receive(WAIT, null)).error())
                        .isEqualTo(TransportError.LIMIT_EXCEEDED);
            }
        }

        /**
         * Zero agreed limits, as a reference server may ack them: a sender reads 0 as no limit
         * (as the reference does), so the client's request goes out; a receiver compares
         * with 0 as it is, so any response payload is over it.
         */
        @Test
        void zeroAgreedLimitsLeaveRequestsUnlimitedAndRefuseAnyResponsePayload() throws Exception {
            HelloAck zeroLimits = new HelloAck(1, 0, BASELINE, BASELINE, BASELINE, 0, 0, 0, 0, 4096, 1);
            try (UdsListener listener = listen(); HandMadePeers.RawServer peer = HandMadePeers.rawServer(listener,
                    CLIENT, zeroLimits)) {
                peer.client().sendRequest(Packets.CODE, 0, 1, 1, ByteBuffer.allocate(100), 0, 100);
                assertThat(receivePacketWithin(peer.raw().fd(), 4096)).hasSize(HEADER + 100);
                sendPacket(peer.raw().fd(), Packets.message(Wire.KIND_RESPONSE, 1, new byte[1]));
                TransportException e = failure(() -> peer.client().receive(WAIT, null));
                assertThat(e.error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
                assertThat(e.failedMessageIds()).containsExactly(1);
                assertThat(peer.client().isBroken()).isTrue();
            }
        }

        @Test
        void anAuthFailedRejectionFailsTheConnectWithAuthFailed() throws Exception {
            TransportException e = connectFailure(CLIENT, WAIT, (raw, hello) -> {
                sendPacket(raw.fd(), Packets.ackPacket(TransportStatus.AUTH_FAILED, HelloAck.rejection()));
                raw.close();
            });
            assertThat(e.error()).isEqualTo(TransportError.AUTH_FAILED);
        }

        @ParameterizedTest(name = "status {0} fails the connect with {1}")
        @CsvSource({"UNSUPPORTED, UNSUPPORTED", "INCOMPATIBLE, INCOMPATIBLE", "LIMIT_EXCEEDED, LIMIT_EXCEEDED",
            "BAD_ENVELOPE, BAD_ENVELOPE", "INTERNAL_ERROR, PROTOCOL_VIOLATION"})
        void eachRejectionStatusFailsTheConnectWithItsError(TransportStatus status, TransportError error)
                throws Exception {
            assertThat(replyFailure(Packets.ackPacket(status, HelloAck.rejection())).error()).isEqualTo(error);
        }

        @Test
        void anUndefinedStatusIsAProtocolViolation() throws Exception {
            byte[] reply = Packets.withU16(okAck(ack(BASELINE, 4096)), 14, 99);
            assertThat(replyFailure(reply).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void anAgreedPacketSizeAboveTheProposalIsAProtocolViolation() throws Exception {
            assertThat(replyFailure(okAck(ack(BASELINE, 4097))).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void anAgreedPacketSizeOf32IsAProtocolViolation() throws Exception {
            assertThat(replyFailure(okAck(ack(BASELINE, 32))).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void aSelectedProfileTheClientDidNotOfferIsAProtocolViolation() throws Exception {
            assertThat(replyFailure(okAck(ack(SHM, 4096))).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void aSelectionOfNoneOrOfSeveralProfilesIsAProtocolViolation() throws Exception {
            for (long selected : new long[] {0, BASELINE | SHM}) {
                byte[] reply = okAck(ack(selected, 4096));
                TransportException e = connectFailure(CLIENT, WAIT, (raw, hello) -> sendPacket(raw.fd(), reply));
                assertThat(e.error()).as("selected %s", selected).isEqualTo(TransportError.PROTOCOL_VIOLATION);
            }
        }

        @Test
        void aTruncatedAckIsAProtocolViolation() throws Exception {
            byte[] full = okAck(ack(BASELINE, 4096));
            assertThat(replyFailure(Packets.slice(full, 0, HEADER + 20)).error())
                    .isEqualTo(TransportError.PROTOCOL_VIOLATION);
            assertThat(replyFailure(Packets.slice(full, 0, HEADER)).error())
                    .isEqualTo(TransportError.PROTOCOL_VIOLATION);
            assertThat(replyFailure(Packets.slice(full, 0, 20)).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void aReplyOfTheWrongKindOrCodeIsAProtocolViolation() throws Exception {
            byte[] full = okAck(ack(BASELINE, 4096));
            assertThat(replyFailure(Packets.withU16(full, Packets.OFF_KIND, Wire.KIND_RESPONSE)).error())
                    .isEqualTo(TransportError.PROTOCOL_VIOLATION);
            assertThat(replyFailure(Packets.withU16(full, 12, Wire.CODE_HELLO)).error())
                    .isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void anAckInAnotherEnvelopeOrLayoutVersionIsIncompatible() throws Exception {
            byte[] full = okAck(ack(BASELINE, 4096));
            assertThat(replyFailure(Packets.withU16(full, Packets.OFF_VERSION, 2)).error())
                    .isEqualTo(TransportError.INCOMPATIBLE);
            assertThat(replyFailure(Packets.withU16(full, HEADER, 2)).error()).isEqualTo(TransportError.INCOMPATIBLE);
        }

        @Test
        void anAckWithNonZeroFlagsIsAProtocolViolation() throws Exception {
            byte[] full = okAck(ack(BASELINE, 4096));
            assertThat(replyFailure(Packets.withU16(full, HEADER + 2, 1)).error())
                    .isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        /** Stricter than the reference client, which would read the first 128 bytes and go on. */
        @Test
        void anAckLongerThanAnyControlPacketIsAProtocolViolation() throws Exception {
            byte[] oversized = Packets.concat(okAck(ack(BASELINE, 4096)), new byte[200]);
            assertThat(replyFailure(oversized).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void garbageForAReplyIsAProtocolViolation() throws Exception {
            byte[] garbage = new byte[Packets.ACK_PACKET];
            new Random(11).nextBytes(garbage);
            assertThat(replyFailure(garbage).error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void aServerThatClosesWithoutReplyingFailsTheConnectWithPeerClosed() throws Exception {
            TransportException e = connectFailure(CLIENT, WAIT, (raw, hello) -> raw.close());
            assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
        }

        @Test
        void aServerThatNeverRepliesFailsTheConnectWithTimeoutAtTheHandshakeDeadline() throws Exception {
            long start = System.nanoTime();
            TransportException e = connectFailure(CLIENT, SHORT_HANDSHAKE, (raw, hello) -> {
            });
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.error()).isEqualTo(TransportError.TIMEOUT);
            assertThat(elapsed).as("not before the handshake deadline").isGreaterThanOrEqualTo(SHORT_HANDSHAKE);
        }

        @Test
        void connectingToTheSocketOfADeadServerIsNotFound() throws Exception {
            ServiceEndpoint endpoint = new ServiceEndpoint(runDir, "dead");
            // A crashed server leaves its socket file behind: bound once, nobody listening.
            try (NativeFd dead = new NativeFd(Native.check(UdsSocket.open(), "socket"))) {
                byte[] address = UnixSocketAddress.of(endpoint.socketPath());
                Native.check(Native.libc().bind(dead.fd(), address, address.length), "bind");
            }
            assertThat(endpoint.socketPath()).exists();
            assertThat(failure(() -> UdsSession.connect(endpoint, CLIENT, WAIT)).error())
                    .isEqualTo(TransportError.NOT_FOUND);
        }

        @Test
        void noFailedConnectLeavesADescriptorBehind() throws Exception {
            // Warm up every class and lazily opened file the loop touches before counting.
            replyFailure(new byte[] {1});
            Map<Integer, String> before = FdCount.openSockets();
            replyFailure(new byte[] {1});
            replyFailure(okAck(ack(SHM, 4096)));
            replyFailure(Packets.ackPacket(TransportStatus.AUTH_FAILED, HelloAck.rejection()));
            connectFailure(CLIENT, WAIT, (raw, hello) -> raw.close());
            connectFailure(CLIENT, Duration.ofMillis(50), (raw, hello) -> {
            });
            failure(() -> UdsSession.connect(new ServiceEndpoint(runDir, "absent"), CLIENT, WAIT));
            FdCount.assertNoNewSockets(before);
        }
    }
}
