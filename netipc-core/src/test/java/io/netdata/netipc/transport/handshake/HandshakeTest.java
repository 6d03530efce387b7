package io.netdata.netipc.transport.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.NativeBytes;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The handshake's negotiation matrix, both sides, as pure functions of the packets. */
class HandshakeTest {
    private static final long TOKEN = 0xAABBCCDDEEFF0011L;
    private static final long SESSION_ID = 7;
    private static final long SOCKET_PACKET = 212_992;
    private static final int BASELINE = Wire.PROFILE_BASELINE;
    private static final int SHM = Wire.PROFILE_SHM_HYBRID;
    private static final int BOTH = BASELINE | SHM;
    private static final int HELLO_OFFSET = MessageHeaderView.SIZE;

    private static ServerHandshakeConfig server(long profiles, long preferred, long maxRequest) {
        return new ServerHandshakeConfig(profiles, preferred, maxRequest, 0, TOKEN, 0);
    }

    private static Hello hello(long supported, long preferred, long maxRequest, long token, long packetSize) {
        return ClientHandshake.hello(new ClientHandshakeConfig(supported, preferred, maxRequest, 16, 65_536, 16,
                token, 0), packetSize);
    }

    private static ByteBuffer packet(Hello hello) {
        ByteBuffer packet = ByteBuffer.allocate(ClientHandshake.HELLO_PACKET_SIZE);
        ClientHandshake.encodeHello(hello, packet, 0);
        return packet;
    }

    private static ServerDecision evaluate(ByteBuffer packet, ServerHandshakeConfig config) {
        return ServerHandshake.evaluate(packet, 0, packet.limit(), config, SOCKET_PACKET, SESSION_ID);
    }

    private static ServerDecision evaluate(Hello hello, ServerHandshakeConfig config) {
        return evaluate(packet(hello), config);
    }

    private static HelloAck accepted(ServerDecision decision) {
        assertThat(decision).isInstanceOf(ServerDecision.Accept.class);
        return ((ServerDecision.Accept) decision).ack();
    }

    private static void assertRejected(ServerDecision decision, TransportStatus status) {
        assertThat(decision).isInstanceOfSatisfying(ServerDecision.Reject.class,
                reject -> assertThat(reject.status()).isEqualTo(status));
    }

    @Nested
    class Server {
        @Test
        void acceptsABaselineClientWithTheMatrixLimits() {
            HelloAck ack = accepted(evaluate(hello(BASELINE, BASELINE, 1024, TOKEN, 65_536), server(0, 0, 0)));

            assertThat(ack.serverSupportedProfiles()).isEqualTo(BASELINE);
            assertThat(ack.intersectionProfiles()).isEqualTo(BASELINE);
            assertThat(ack.selectedProfile()).isEqualTo(BASELINE);
            assertThat(ack.agreedMaxRequestPayloadBytes()).as("the client's proposal").isEqualTo(1024);
            assertThat(ack.agreedMaxRequestBatchItems()).isEqualTo(16);
            assertThat(ack.agreedMaxResponsePayloadBytes()).as("the server's default").isEqualTo(Wire.MAX_PAYLOAD_DEFAULT);
            assertThat(ack.agreedMaxResponseBatchItems()).as("symmetric with requests").isEqualTo(16);
            assertThat(ack.agreedPacketSize()).as("min of both").isEqualTo(65_536);
            assertThat(ack.sessionId()).isEqualTo(SESSION_ID);
        }

        @Test
        void selectsBaselineWhenTheServerOffersOnlyBaseline() {
            assertThat(accepted(evaluate(hello(BOTH, SHM, 1024, TOKEN, SOCKET_PACKET), server(BASELINE, 0, 0)))
                    .selectedProfile()).isEqualTo(BASELINE);
        }

        @ParameterizedTest(name = "client {0}/{1}, server {2}/{3} -> {4}")
        @CsvSource({"3, 2, 3, 2, 2", "3, 1, 3, 1, 1", "3, 2, 3, 0, 2", "3, 0, 3, 1, 2", "7, 5, 7, 4, 4", "7, 3, 5, 2, 4"})
        void selectsTheHighestCommonPreferredBitElseTheHighestCommonBit(long clientSupported, long clientPreferred,
                long serverSupported, long serverPreferred, long expected) {
            HelloAck ack = accepted(evaluate(hello(clientSupported, clientPreferred, 1024, TOKEN, SOCKET_PACKET),
                    server(serverSupported, serverPreferred, 0)));
            assertThat(ack.selectedProfile()).isEqualTo(expected);
            assertThat(ack.intersectionProfiles()).isEqualTo(clientSupported & serverSupported);
        }

        @Test
        void rejectsClientsWithoutACommonProfile() {
            assertRejected(evaluate(hello(SHM, SHM, 1024, TOKEN, SOCKET_PACKET), server(BASELINE, 0, 0)),
                    TransportStatus.UNSUPPORTED);
        }

        @Test
        void rejectsAWrongToken() {
            assertRejected(evaluate(hello(BASELINE, 0, 1024, TOKEN + 1, SOCKET_PACKET), server(0, 0, 0)),
                    TransportStatus.AUTH_FAILED);
        }

        /** Authorization is rule 3 of the handshake, the profile intersection rule 4. */
        @Test
        void checksTheTokenBeforeTheProfiles() {
            assertRejected(evaluate(hello(SHM, SHM, 1024, TOKEN + 1, SOCKET_PACKET), server(BASELINE, 0, 0)),
                    TransportStatus.AUTH_FAILED);
        }

        @Test
        void rejectsARequestCeilingAboveTheServersMaximumAndAcceptsItsEqual() {
            assertRejected(evaluate(hello(BASELINE, 0, 4097, TOKEN, SOCKET_PACKET), server(0, 0, 4096)),
                    TransportStatus.LIMIT_EXCEEDED);
            assertThat(accepted(evaluate(hello(BASELINE, 0, 4096, TOKEN, SOCKET_PACKET), server(0, 0, 4096)))
                    .agreedMaxRequestPayloadBytes()).isEqualTo(4096);
        }

        @Test
        void rejectsAPacketSizeWithNoRoomAfterTheHeader() {
            assertRejected(evaluate(hello(BASELINE, 0, 1024, TOKEN, Wire.HEADER_LEN), server(0, 0, 0)),
                    TransportStatus.INCOMPATIBLE);
            assertThat(accepted(evaluate(hello(BASELINE, 0, 1024, TOKEN, Wire.HEADER_LEN + 1), server(0, 0, 0)))
                    .agreedPacketSize()).isEqualTo(Wire.HEADER_LEN + 1);
        }

        @ParameterizedTest(name = "flags {0}")
        @ValueSource(ints = {1, 0xFFFF})
        void rejectsNonZeroHelloFlagsWithBadEnvelope(int flags) {
            ByteBuffer packet = packet(hello(BASELINE, 0, 1024, TOKEN, SOCKET_PACKET));
            NativeBytes.putU16(packet, HELLO_OFFSET + HelloView.OFF_FLAGS, flags);
            assertRejected(evaluate(packet, server(0, 0, 0)), TransportStatus.BAD_ENVELOPE);
        }

        @ParameterizedTest(name = "reserved {0}")
        @ValueSource(longs = {1, 0xFFFF_FFFFL})
        void rejectsANonZeroHelloReservedWordWithBadEnvelope(long reserved) {
            ByteBuffer packet = packet(hello(BASELINE, 0, 1024, TOKEN, SOCKET_PACKET));
            NativeBytes.putU32(packet, HELLO_OFFSET + HelloView.OFF_RESERVED, reserved);
            assertRejected(evaluate(packet, server(0, 0, 0)), TransportStatus.BAD_ENVELOPE);
        }

        /**
         * A hello that breaks several rules gets the status of the first one, in
         * the order of the handshake rules: the envelope and the hello's shape
         * (layout version before flags and reserved word), authorization, the
         * profiles, then the limits in the matrix's order.
         */
        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "layout 2 with non-zero flags and reserved word,  2, 1, 1, 0, 0, 1024, INCOMPATIBLE",
            "non-zero flags with a wrong token,               1, 1, 0, 1, 0, 1024, BAD_ENVELOPE",
            "non-zero reserved word with no common profile,   1, 0, 1, 0, 1, 1024, BAD_ENVELOPE",
            "wrong token with no common profile,              1, 0, 0, 1, 1, 1024, AUTH_FAILED",
            "wrong token with a packet size of 32,            1, 0, 0, 1, 0, 32,   AUTH_FAILED",
            "no common profile with a packet size of 32,      1, 0, 0, 0, 1, 32,   UNSUPPORTED"})
        void answersTheFirstRuleAHelloBreaks(String what, int layout, int flags, long reserved, long tokenDelta,
                int noProfile, long packetSize, TransportStatus expected) {
            long supported = noProfile == 1 ? SHM : BASELINE;
            ByteBuffer packet = packet(hello(supported, 0, 1024, TOKEN + tokenDelta, packetSize));
            NativeBytes.putU16(packet, HELLO_OFFSET + HelloView.OFF_LAYOUT_VERSION, layout);
            NativeBytes.putU16(packet, HELLO_OFFSET + HelloView.OFF_FLAGS, flags);
            NativeBytes.putU32(packet, HELLO_OFFSET + HelloView.OFF_RESERVED, reserved);
            assertRejected(evaluate(packet, server(BASELINE, 0, 0)), expected);
        }

        @Test
        void answersAnotherEnvelopeVersionBeforeLookingAtTheHello() {
            ByteBuffer packet = packet(hello(BASELINE, 0, 1024, TOKEN, SOCKET_PACKET));
            NativeBytes.putU16(packet, MessageHeaderView.OFF_VERSION, 2);
            NativeBytes.putU16(packet, HELLO_OFFSET + HelloView.OFF_FLAGS, 1);
            assertRejected(evaluate(packet, server(0, 0, 0)), TransportStatus.INCOMPATIBLE);
        }

        @Test
        void answersAnotherEnvelopeVersionOnAHelloWithIncompatible() {
            ByteBuffer packet = packet(hello(BASELINE, 0, 1024, TOKEN, SOCKET_PACKET));
            NativeBytes.putU16(packet, MessageHeaderView.OFF_VERSION, 2);
            assertRejected(evaluate(packet, server(0, 0, 0)), TransportStatus.INCOMPATIBLE);
        }

        @Test
        void answersAnotherHelloLayoutWithIncompatible() {
            ByteBuffer packet = packet(hello(BASELINE, 0, 1024, TOKEN, SOCKET_PACKET));
            NativeBytes.putU16(packet, HELLO_OFFSET, 2);
            assertRejected(evaluate(packet, server(0, 0, 0)), TransportStatus.INCOMPATIBLE);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"bad magic, 0, 4, 1", "other version on a non-hello, 12, 2, 2", "request kind, 8, 2, 1",
            "hello-ack code, 12, 2, 2"})
        void dropsWhatIsNotAnAnswerableHello(String what, int field, int size, long value) {
            ByteBuffer packet = packet(hello(BASELINE, 0, 1024, TOKEN, SOCKET_PACKET));
            if (size == Integer.BYTES) {
                NativeBytes.putU32(packet, field, value);
            } else {
                NativeBytes.putU16(packet, field, (int) value);
            }
            if (what.startsWith("other version")) {
                NativeBytes.putU16(packet, MessageHeaderView.OFF_VERSION, 2);
            }
            assertThat(evaluate(packet, server(0, 0, 0))).isInstanceOf(ServerDecision.Drop.class);
        }

        /** A hello shorter than 44 bytes is not answered, whatever layout version it claims (as the reference). */
        @ParameterizedTest(name = "layout {0}")
        @ValueSource(ints = {1, 2})
        void dropsTruncatedPackets(int layout) {
            ByteBuffer packet = packet(hello(BASELINE, 0, 1024, TOKEN, SOCKET_PACKET));
            NativeBytes.putU16(packet, HELLO_OFFSET + HelloView.OFF_LAYOUT_VERSION, layout);
            assertThat(ServerHandshake.evaluate(packet, 0, MessageHeaderView.SIZE - 1, server(0, 0, 0),
                    SOCKET_PACKET, SESSION_ID)).isInstanceOf(ServerDecision.Drop.class);
            assertThat(ServerHandshake.evaluate(packet, 0, ClientHandshake.HELLO_PACKET_SIZE - 1, server(0, 0, 0),
                    SOCKET_PACKET, SESSION_ID)).isInstanceOf(ServerDecision.Drop.class);
        }

        @Test
        void writesAcceptanceAndRejectionReplies() {
            ByteBuffer reply = ByteBuffer.allocate(ServerHandshake.ACK_PACKET_SIZE);
            assertThat(ServerHandshake.encodeReply(TransportStatus.AUTH_FAILED, HelloAck.rejection(), reply, 0))
                    .isEqualTo(ServerHandshake.ACK_PACKET_SIZE);

            MessageHeaderView header = MessageHeaderView.decode(reply);
            assertThat(header.toOwned()).isEqualTo(MessageHeader.of(Wire.KIND_CONTROL, 0, Wire.CODE_HELLO_ACK,
                    TransportStatus.AUTH_FAILED.code(), HelloAckView.SIZE, 1, 0));
            assertThat(new HelloAckView().wrap(reply, HELLO_OFFSET, HelloAckView.SIZE).toOwned())
                    .isEqualTo(HelloAck.rejection());
        }
    }

    @Nested
    class Client {
        private final Hello hello = hello(BOTH, SHM, 4096, TOKEN, SOCKET_PACKET);

        private ByteBuffer reply(TransportStatus status, HelloAck ack) {
            ByteBuffer reply = ByteBuffer.allocate(ServerHandshake.ACK_PACKET_SIZE);
            ServerHandshake.encodeReply(status, ack, reply, 0);
            return reply;
        }

        private HelloAck ack(long selected, long packetSize) {
            return new HelloAck(1, 0, BOTH, BOTH, selected, 4096, 16, 65_536, 16, packetSize, SESSION_ID);
        }

        private void assertFails(ByteBuffer reply, TransportError expected) {
            assertThatThrownBy(() -> ClientHandshake.accept(reply, 0, reply.limit(), hello))
                    .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.error()).isEqualTo(expected));
        }

        @Test
        void proposesDefaultsForUnsetFields() {
            Hello defaults = ClientHandshake.hello(new ClientHandshakeConfig(0, 0, 0, 0, 0, 0, TOKEN, 0), 1000);
            assertThat(defaults).isEqualTo(new Hello(1, 0, BASELINE, 0, Wire.MAX_PAYLOAD_DEFAULT,
                    ClientHandshakeConfig.DEFAULT_BATCH_ITEMS, Wire.MAX_PAYLOAD_DEFAULT,
                    ClientHandshakeConfig.DEFAULT_BATCH_ITEMS, TOKEN, 1000));
        }

        @Test
        void usesTheServersValues() throws TransportException {
            SessionParameters session = ClientHandshake.accept(reply(TransportStatus.OK, ack(SHM, 32_768)), 0,
                    ServerHandshake.ACK_PACKET_SIZE, hello);
            assertThat(session).isEqualTo(new SessionParameters(SHM, 4096, 16, 65_536, 16, 32_768, SESSION_ID));
        }

        @ParameterizedTest
        @CsvSource({"AUTH_FAILED, AUTH_FAILED", "UNSUPPORTED, UNSUPPORTED", "INCOMPATIBLE, INCOMPATIBLE",
            "LIMIT_EXCEEDED, LIMIT_EXCEEDED", "BAD_ENVELOPE, BAD_ENVELOPE", "INTERNAL_ERROR, PROTOCOL_VIOLATION"})
        void reportsRejectionsByStatus(TransportStatus status, TransportError expected) {
            assertFails(reply(status, HelloAck.rejection()), expected);
        }

        @Test
        void reportsAnUndefinedStatusAsAProtocolViolation() {
            ByteBuffer reply = reply(TransportStatus.OK, ack(SHM, SOCKET_PACKET));
            NativeBytes.putU16(reply, MessageHeaderView.OFF_TRANSPORT_STATUS, 99);
            assertFails(reply, TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void reportsAnotherVersionOrLayoutAsIncompatible() {
            ByteBuffer version = reply(TransportStatus.OK, ack(SHM, SOCKET_PACKET));
            NativeBytes.putU16(version, MessageHeaderView.OFF_VERSION, 2);
            assertFails(version, TransportError.INCOMPATIBLE);
            ByteBuffer layout = reply(TransportStatus.OK, ack(SHM, SOCKET_PACKET));
            NativeBytes.putU16(layout, HELLO_OFFSET, 2);
            assertFails(layout, TransportError.INCOMPATIBLE);
        }

        @Test
        void refusesMalformedReplies() {
            ByteBuffer magic = reply(TransportStatus.OK, ack(SHM, SOCKET_PACKET));
            NativeBytes.putU32(magic, MessageHeaderView.OFF_MAGIC, 0);
            assertFails(magic, TransportError.PROTOCOL_VIOLATION);
            ByteBuffer code = reply(TransportStatus.OK, ack(SHM, SOCKET_PACKET));
            NativeBytes.putU16(code, MessageHeaderView.OFF_CODE, Wire.CODE_HELLO);
            assertFails(code, TransportError.PROTOCOL_VIOLATION);
            ByteBuffer flags = reply(TransportStatus.OK, ack(SHM, SOCKET_PACKET));
            NativeBytes.putU16(flags, HELLO_OFFSET + 2, 1);
            assertFails(flags, TransportError.PROTOCOL_VIOLATION);
            assertFails(reply(TransportStatus.OK, ack(SHM, SOCKET_PACKET)).limit(ServerHandshake.ACK_PACKET_SIZE - 1),
                    TransportError.PROTOCOL_VIOLATION);
        }

        @ParameterizedTest
        @CsvSource({"0", "3", "4", "8"})
        void refusesAProfileItDidNotOfferOrMoreThanOne(long selected) {
            assertFails(reply(TransportStatus.OK, ack(selected, SOCKET_PACKET)), TransportError.PROTOCOL_VIOLATION);
        }

        @Test
        void refusesAPacketSizeWithNoRoomAfterTheHeader() {
            assertFails(reply(TransportStatus.OK, ack(SHM, Wire.HEADER_LEN)), TransportError.PROTOCOL_VIOLATION);
        }
    }

    @Test
    void bothSidesAgreeOnTheSession() throws TransportException {
        Hello hello = hello(BOTH, SHM, 2048, TOKEN, 100_000);
        ServerDecision.Accept decision = (ServerDecision.Accept) evaluate(hello, server(BOTH, SHM, 4096));
        ByteBuffer reply = ByteBuffer.allocate(ServerHandshake.ACK_PACKET_SIZE);
        ServerHandshake.encodeReply(TransportStatus.OK, decision.ack(), reply, 0);

        assertThat(ClientHandshake.accept(reply, 0, reply.limit(), hello)).isEqualTo(decision.parameters());
    }
}
