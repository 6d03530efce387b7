package io.netdata.netipc.transport.handshake;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;

/**
 * The client's side of the handshake as pure functions: the hello it sends and
 * the session it accepts from the server's reply.
 *
 * <p>Thread-safety: stateless.
 */
public final class ClientHandshake {
    /** Size of a hello packet: header plus payload. */
    public static final int HELLO_PACKET_SIZE = MessageHeaderView.SIZE + HelloView.SIZE;

    private ClientHandshake() {
    }

    /** The hello for {@code config}, with defaults applied; {@code packetSize} is the client's. */
    public static Hello hello(ClientHandshakeConfig config, long packetSize) {
        return new Hello(Wire.LAYOUT_VERSION, 0, config.effectiveSupportedProfiles(), config.preferredProfiles(),
                ServerHandshakeConfig.orDefault(config.maxRequestPayloadBytes(), Wire.MAX_PAYLOAD_DEFAULT),
                ServerHandshakeConfig.orDefault(config.maxRequestBatchItems(), ClientHandshakeConfig.DEFAULT_BATCH_ITEMS),
                ServerHandshakeConfig.orDefault(config.maxResponsePayloadBytes(), Wire.MAX_PAYLOAD_DEFAULT),
                ServerHandshakeConfig.orDefault(config.maxResponseBatchItems(),
                        ClientHandshakeConfig.DEFAULT_BATCH_ITEMS),
                config.authToken(), packetSize);
    }

    /**
     * Writes the hello packet (header and 44-byte hello) at {@code offset}.
     *
     * @return {@link #HELLO_PACKET_SIZE}
     */
    public static int encodeHello(Hello hello, ByteBuffer out, int offset) {
        Checks.checkRegion(out, offset, HELLO_PACKET_SIZE);
        MessageHeader.of(Wire.KIND_CONTROL, 0, Wire.CODE_HELLO, TransportStatus.OK.code(), HelloView.SIZE, 1, 0)
                .encodeTo(out, offset);
        hello.encodeTo(out, offset + MessageHeaderView.SIZE);
        return HELLO_PACKET_SIZE;
    }

    /**
     * Accepts the server's reply at {@code [offset, offset + length)} to {@code hello}.
     *
     * <p>Beyond the reference client's checks, the selected profile must be a
     * single bit the client offered: a server that picks anything else cannot be
     * spoken to.
     *
     * @throws TransportException with the rejection's error (AUTH_FAILED, UNSUPPORTED,
     *     INCOMPATIBLE, LIMIT_EXCEEDED, BAD_ENVELOPE) or PROTOCOL_VIOLATION
     */
    public static SessionParameters accept(ByteBuffer reply, int offset, int length, Hello hello)
            throws TransportException {
        MessageHeaderView header = new MessageHeaderView();
        try {
            header.wrap(reply, offset, length);
        } catch (CodecException e) {
            throw e.error() == CodecError.BAD_VERSION
                    ? new TransportException(TransportError.INCOMPATIBLE, "hello-ack envelope version", e)
                    : violation("malformed hello-ack envelope", e);
        }
        if (header.kind() != Wire.KIND_CONTROL || header.code() != Wire.CODE_HELLO_ACK) {
            throw violation("reply is not a hello-ack", null);
        }
        checkStatus(header.transportStatus());
        HelloAckView ack = new HelloAckView();
        try {
            ack.wrap(reply, offset + MessageHeaderView.SIZE, length - MessageHeaderView.SIZE);
        } catch (CodecException e) {
            throw isOtherLayout(e, reply, offset + MessageHeaderView.SIZE, length - MessageHeaderView.SIZE)
                    ? new TransportException(TransportError.INCOMPATIBLE, "hello-ack layout version", e)
                    : violation("malformed hello-ack", e);
        }
        long selected = ack.selectedProfile();
        if (Long.bitCount(selected) != 1 || (selected & hello.supportedProfiles()) == 0) {
            throw violation("server selected profile " + selected + ", which was not offered", null);
        }
        if (ack.agreedPacketSize() <= Wire.HEADER_LEN) {
            throw violation("agreed packet size " + ack.agreedPacketSize() + " leaves no room after the header", null);
        }
        return new SessionParameters(selected, ack.agreedMaxRequestPayloadBytes(), ack.agreedMaxRequestBatchItems(),
                ack.agreedMaxResponsePayloadBytes(), ack.agreedMaxResponseBatchItems(), ack.agreedPacketSize(),
                ack.sessionId());
    }

    /** A hello-ack rejected only because it speaks another layout version. */
    private static boolean isOtherLayout(CodecException e, ByteBuffer packet, int offset, int length) {
        return e.error() == CodecError.BAD_LAYOUT && length >= Short.BYTES
                && u16(packet, offset) != Wire.LAYOUT_VERSION;
    }

    private static void checkStatus(int status) throws TransportException {
        TransportStatus known = TransportStatus.fromCode(status);
        if (known == TransportStatus.OK) {
            return;
        }
        TransportError error = known == null ? TransportError.PROTOCOL_VIOLATION : switch (known) {
            case AUTH_FAILED -> TransportError.AUTH_FAILED;
            case UNSUPPORTED -> TransportError.UNSUPPORTED;
            case INCOMPATIBLE -> TransportError.INCOMPATIBLE;
            case LIMIT_EXCEEDED -> TransportError.LIMIT_EXCEEDED;
            case BAD_ENVELOPE -> TransportError.BAD_ENVELOPE;
            default -> TransportError.PROTOCOL_VIOLATION;
        };
        throw new TransportException(error, "server rejected the handshake with status "
                + (known == null ? Integer.toString(status) : known.name()));
    }

    private static TransportException violation(String reason, Throwable cause) {
        return new TransportException(TransportError.PROTOCOL_VIOLATION, reason, cause);
    }
}
