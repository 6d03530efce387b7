package io.netdata.netipc.transport.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fuzz targets of the two handshake decisions, pure functions of one packet:
 * the server's answer to a hello and the client's acceptance of a hello-ack.
 * Seeds: {@link HandshakeSeeds}; running a campaign: {@code docs/fuzzing.md}.
 *
 * <p>Every input is decided twice, from a heap array at offset 0 and from a
 * direct buffer at an odd offset between guard bytes; both decisions must agree
 * and neither may touch the input. Beyond "nothing but the documented outcome
 * escapes", each decision is checked against the negotiation rules of
 * {@code level1-wire-envelope.md}, read independently from the bytes.
 */
class HandshakeFuzzTest {
    static final String MAX_DURATION = "60s";
    static final long TOKEN = 0x5EED_70CE_0000_0001L;
    static final long SERVER_PACKET = 65_536;
    static final long SESSION_ID = 42;

    /** The configurations every hello is judged under: the defaults, and SHM-capable with limits. */
    static final List<ServerHandshakeConfig> SERVERS = List.of(
            new ServerHandshakeConfig(0, 0, 0, 0, TOKEN, 0),
            new ServerHandshakeConfig(Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID | Wire.PROFILE_SHM_FUTEX,
                    Wire.PROFILE_SHM_FUTEX, 4096, 8192, TOKEN, 0));

    /** The hellos every hello-ack answers: baseline only, and all three POSIX profiles. */
    static final List<Hello> HELLOS = List.of(
            new Hello(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE, 0, 1024, 1, 1024, 1, TOKEN, SERVER_PACKET),
            new Hello(Wire.LAYOUT_VERSION, 0,
                    Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID | Wire.PROFILE_SHM_FUTEX,
                    Wire.PROFILE_SHM_HYBRID, 4096, 16, 65_536, 16, TOKEN, SERVER_PACKET));

    private static final int ODD_OFFSET = 7;
    private static final int GUARD = 16;
    private static final byte GUARD_BYTE = (byte) 0xA5;
    private static final Set<TransportError> CLIENT_OUTCOMES = EnumSet.of(TransportError.AUTH_FAILED,
            TransportError.UNSUPPORTED, TransportError.INCOMPATIBLE, TransportError.LIMIT_EXCEEDED,
            TransportError.BAD_ENVELOPE, TransportError.PROTOCOL_VIOLATION);

    /** A hello packet (header and hello), as a server receives it first on a new connection. */
    @FuzzTest(maxDuration = MAX_DURATION)
    void serverHello(byte[] data) {
        for (ServerHandshakeConfig config : SERVERS) {
            ServerDecision decision = decide(data, (buffer, offset) -> ServerHandshake.evaluate(buffer, offset,
                    data.length, config, SERVER_PACKET, SESSION_ID));
            checkServerDecision(data, config, decision);
        }
    }

    /** A hello-ack packet (header and hello-ack), as a client receives it after its hello. */
    @FuzzTest(maxDuration = MAX_DURATION)
    void clientHelloAck(byte[] data) {
        for (Hello hello : HELLOS) {
            ClientOutcome outcome = decide(data, (buffer, offset) -> ClientOutcome.of(buffer, offset, data.length,
                    hello));
            checkClientOutcome(data, hello, outcome);
        }
    }

    /** The client's verdict: the session's parameters or the exception's error. */
    record ClientOutcome(SessionParameters parameters, TransportError error) {
        static ClientOutcome of(ByteBuffer buffer, int offset, int length, Hello hello) {
            try {
                return new ClientOutcome(ClientHandshake.accept(buffer, offset, length, hello), null);
            } catch (TransportException e) {
                return new ClientOutcome(null, e.error());
            }
        }
    }

    private interface Decider<T> {
        T decide(ByteBuffer buffer, int offset);
    }

    /** Decides from both placements; they must agree and leave the input and the guards alone. */
    private static <T> T decide(byte[] data, Decider<T> decider) {
        byte[] original = data.clone();
        T onHeap = decider.decide(ByteBuffer.wrap(data), 0);
        ByteBuffer direct = ByteBuffer.allocateDirect(ODD_OFFSET + data.length + GUARD).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < direct.capacity(); i++) {
            direct.put(i, GUARD_BYTE);
        }
        direct.put(ODD_OFFSET, data);
        T inDirect = decider.decide(direct.asReadOnlyBuffer(), ODD_OFFSET);
        assertThat(sameOutcome(onHeap, inDirect)).as("both placements decide alike: %s vs %s", onHeap, inDirect)
                .isTrue();
        assertThat(data).as("the input is not modified").isEqualTo(original);
        for (int i = 0; i < ODD_OFFSET; i++) {
            assertThat(direct.get(i)).as("guard byte %d", i).isEqualTo(GUARD_BYTE);
        }
        for (int i = ODD_OFFSET + data.length; i < direct.capacity(); i++) {
            assertThat(direct.get(i)).as("guard byte %d", i).isEqualTo(GUARD_BYTE);
        }
        return onHeap;
    }

    /** Equal decisions; a drop's reason may name a placement-dependent detail, so only its kind counts. */
    private static boolean sameOutcome(Object a, Object b) {
        if (a instanceof ServerDecision.Drop && b instanceof ServerDecision.Drop) {
            return true;
        }
        return Objects.equals(a, b);
    }

    private static void checkServerDecision(byte[] data, ServerHandshakeConfig config, ServerDecision decision) {
        boolean hello = holdsAHello(data);
        if (decision instanceof ServerDecision.Accept accept) {
            assertThat(hello).as("an accepted packet holds a hello").isTrue();
            assertThat(shapeRejection(data)).as("an accepted hello is well-formed").isNull();
            checkAccepted(helloView(data), config, accept);
        } else if (decision instanceof ServerDecision.Reject reject) {
            assertThat(reject.status()).isNotEqualTo(TransportStatus.OK);
            // What the client makes of the rejection on the wire is what the server reports locally.
            byte[] reply = new byte[ServerHandshake.ACK_PACKET_SIZE];
            ServerHandshake.encodeReply(reject.status(), HelloAck.rejection(), ByteBuffer.wrap(reply), 0);
            for (Hello client : HELLOS) {
                assertThat(ClientOutcome.of(ByteBuffer.wrap(reply), 0, reply.length, client).error())
                        .as("the client's reading of %s", reject).isEqualTo(reject.error());
            }
            assertThat(reject.status()).as("rejection of %s", HexFormat.of().formatHex(data))
                    .isEqualTo(justifiedRejection(data, hello, config));
        } else {
            assertThat(hello).as("a hello with its whole payload is answered, not dropped (%s)", decision)
                    .isFalse();
        }
    }

    /**
     * True when {@code data} is a valid version-1 control hello header followed
     * by at least the 44 bytes of a hello payload; nothing in the payload is
     * judged yet.
     */
    private static boolean holdsAHello(byte[] data) {
        try {
            MessageHeaderView header = MessageHeaderView.decode(data);
            return header.kind() == Wire.KIND_CONTROL && header.code() == Wire.CODE_HELLO
                    && data.length >= MessageHeaderView.SIZE + HelloView.SIZE;
        } catch (CodecException e) {
            return false;
        }
    }

    private static HelloView helloView(byte[] data) {
        return new HelloView().wrap(ByteBuffer.wrap(data), MessageHeaderView.SIZE,
                data.length - MessageHeaderView.SIZE);
    }

    /**
     * The rejection the shape of a hello packet's payload earns (upstream
     * negotiation matrix and rejection table), read at the seed generator's
     * offsets rather than through the codec: another layout version is
     * INCOMPATIBLE; in layout 1, non-zero flags or reserved word BAD_ENVELOPE;
     * null for a well-formed hello.
     */
    private static TransportStatus shapeRejection(byte[] data) {
        ByteBuffer packet = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        if (Short.toUnsignedInt(packet.getShort(HandshakeSeeds.HELLO_OFF_LAYOUT)) != Wire.LAYOUT_VERSION) {
            return TransportStatus.INCOMPATIBLE;
        }
        if (packet.getShort(HandshakeSeeds.HELLO_OFF_FLAGS) != 0
                || packet.getInt(HandshakeSeeds.HELLO_OFF_RESERVED) != 0) {
            return TransportStatus.BAD_ENVELOPE;
        }
        return null;
    }

    /**
     * The status of the first handshake rule the packet breaks, in the order of
     * the spec's "Successful handshake rules": envelope and hello shape,
     * authorization, profile intersection, then the limits in the matrix's
     * order. A packet without a hello is answered only when it is a hello of
     * another envelope version.
     */
    private static TransportStatus justifiedRejection(byte[] data, boolean holdsAHello,
            ServerHandshakeConfig config) {
        if (!holdsAHello) {
            return TransportStatus.INCOMPATIBLE;
        }
        TransportStatus shape = shapeRejection(data);
        if (shape != null) {
            return shape;
        }
        Hello hello = helloView(data).toOwned();
        boolean wrongToken = hello.authToken() != config.authToken();
        boolean noCommonProfile = (hello.supportedProfiles() & config.effectiveSupportedProfiles()) == 0;
        boolean ceilingTooHigh = hello.maxRequestPayloadBytes() > config.effectiveMaxRequestPayloadBytes();
        boolean packetTooSmall = Math.min(hello.packetSize(), SERVER_PACKET) <= Wire.HEADER_LEN;
        return wrongToken ? TransportStatus.AUTH_FAILED
                : noCommonProfile ? TransportStatus.UNSUPPORTED
                : ceilingTooHigh ? TransportStatus.LIMIT_EXCEEDED
                : packetTooSmall ? TransportStatus.INCOMPATIBLE : null;
    }

    private static void checkAccepted(HelloView hello, ServerHandshakeConfig config, ServerDecision.Accept accept) {
        HelloAck ack = accept.ack();
        SessionParameters parameters = accept.parameters();
        long intersection = hello.supportedProfiles() & config.effectiveSupportedProfiles();
        long preferred = intersection & hello.preferredProfiles() & config.preferredProfiles();
        assertThat(hello.authToken()).isEqualTo(config.authToken());
        assertThat(ack.intersectionProfiles()).isEqualTo(intersection).isNotZero();
        assertThat(ack.serverSupportedProfiles()).isEqualTo(config.effectiveSupportedProfiles());
        assertThat(ack.selectedProfile()).isEqualTo(Long.highestOneBit(preferred != 0 ? preferred : intersection));
        assertThat(ack.agreedMaxRequestPayloadBytes()).isEqualTo(hello.maxRequestPayloadBytes())
                .isLessThanOrEqualTo(config.effectiveMaxRequestPayloadBytes());
        assertThat(ack.agreedMaxResponsePayloadBytes()).isEqualTo(config.effectiveMaxResponsePayloadBytes());
        assertThat(ack.agreedMaxRequestBatchItems()).isEqualTo(hello.maxRequestBatchItems());
        assertThat(ack.agreedMaxResponseBatchItems()).isEqualTo(hello.maxRequestBatchItems());
        assertThat(ack.agreedPacketSize()).isEqualTo(Math.min(hello.packetSize(), SERVER_PACKET))
                .isGreaterThan(Wire.HEADER_LEN);
        assertThat(ack.sessionId()).isEqualTo(SESSION_ID);
        assertThat(ack.layoutVersion()).isEqualTo(Wire.LAYOUT_VERSION);
        // The ack goes out and the client reads it back: both sides end with the same parameters.
        byte[] reply = new byte[ServerHandshake.ACK_PACKET_SIZE];
        ServerHandshake.encodeReply(TransportStatus.OK, ack, ByteBuffer.wrap(reply), 0);
        ClientOutcome client = ClientOutcome.of(ByteBuffer.wrap(reply), 0, reply.length, hello.toOwned());
        assertThat(client.parameters()).as("the client's reading of the ack").isEqualTo(parameters);
    }

    private static void checkClientOutcome(byte[] data, Hello hello, ClientOutcome outcome) {
        if (outcome.error() != null) {
            assertThat(CLIENT_OUTCOMES).as("a documented handshake error").contains(outcome.error());
            return;
        }
        MessageHeaderView header = MessageHeaderView.decode(data);
        assertThat(header.kind()).isEqualTo(Wire.KIND_CONTROL);
        assertThat(header.code()).isEqualTo(Wire.CODE_HELLO_ACK);
        assertThat(header.transportStatus()).isEqualTo(TransportStatus.OK.code());
        HelloAck ack = HelloAckView.decode(ByteBuffer.wrap(data, MessageHeaderView.SIZE,
                data.length - MessageHeaderView.SIZE).slice()).toOwned();
        SessionParameters parameters = outcome.parameters();
        assertThat(Long.bitCount(parameters.selectedProfile())).isOne();
        assertThat(parameters.selectedProfile() & hello.supportedProfiles()).isNotZero();
        assertThat(parameters.packetSize()).isGreaterThan(Wire.HEADER_LEN);
        assertThat(parameters).isEqualTo(new SessionParameters(ack.selectedProfile(),
                ack.agreedMaxRequestPayloadBytes(), ack.agreedMaxRequestBatchItems(),
                ack.agreedMaxResponsePayloadBytes(), ack.agreedMaxResponseBatchItems(), ack.agreedPacketSize(),
                ack.sessionId()));
    }
}
